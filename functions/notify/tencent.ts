/**
 * The Tencent Cloud SMS adapter of the SmsSender port (county file `sms.provider: "tencent"`): one
 * `SendSms` (API 2021-01-11) per message with the application (SmsSdkAppId), the registered signature
 * (SignName), the county's template id (TemplateId) and the parameters in the template's order
 * (TemplateParamSet: {1}, {2}…), through the official `tencentcloud-sdk-nodejs-sms` client. The SDK
 * is imported when the first SMS goes, and only bundled for counties that chose this provider.
 *
 * Errors (cloud.tencent.com/document/api/382/55981 › 错误码; the SDK's SmsErrorCode list): the
 * answer's SendStatusSet[0].Code is `Ok` or the reason for that number; the client throws
 * TencentCloudSDKHttpException (with `code`) when the whole request fails. Both map to the router's
 * retried or final failures below.
 */
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import type { SmsFailureKind } from '../domain/sms.ts';
import { orderedParams, sendTemplate } from './templated.ts';

/** What this adapter calls: `SendSms` of the SMS client (see `tencentClient`). */
export interface TencentSmsClient {
  SendSms(request: { PhoneNumberSet: string[]; SmsSdkAppId: string; TemplateId: string; SignName: string; TemplateParamSet: string[] }): Promise<{
    SendStatusSet?: { SerialNo?: string; PhoneNumber?: string; Code?: string; Message?: string }[];
    RequestId?: string;
  }>;
}

/** An API key (SecretId, SecretKey) of a CAM user allowed `sms:SendSms`, as the Secrets Manager secret holds it. */
export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}

const EXACT: Readonly<Record<string, SmsFailureKind>> = {
  // Thirty seconds pass within the stream's backoff; an hour or a day do not.
  'LimitExceeded.PhoneNumberThirtySecondLimit': 'throttled',
  'LimitExceeded.DeliveryFrequencyLimit': 'throttled',
  'LimitExceeded.PhoneNumberOneHourLimit': 'quota',
  'LimitExceeded.PhoneNumberDailyLimit': 'quota',
  'LimitExceeded.PhoneNumberSameContentDailyLimit': 'quota',
  'LimitExceeded.AppDailyLimit': 'quota',
  'LimitExceeded.AppMainlandChinaDailyLimit': 'quota',
  'LimitExceeded.DailyLimit': 'quota',
  'InvalidParameterValue.IncorrectPhoneNumber': 'bad_number',
  'FailedOperation.PhoneNumberInBlacklist': 'bad_number',
  'FailedOperation.PhoneNumberParseFail': 'bad_number',
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone': 'bad_number',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': 'bad_number',
  'FailedOperation.TemplateIncorrectOrUnapproved': 'template',
  'FailedOperation.TemplateUnapprovedOrNotExist': 'template',
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': 'template',
  'FailedOperation.TemplateIdNotExist': 'template',
  'FailedOperation.SignatureIncorrectOrUnapproved': 'template',
  'FailedOperation.MissingSignature': 'template',
  'FailedOperation.ContainSensitiveWord': 'template',
  'InvalidParameterValue.TemplateParameterFormatError': 'template',
  'InvalidParameterValue.TemplateParameterLengthLimit': 'template',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': 'template',
  'InvalidParameterValue.ContentLengthLimit': 'template',
  'FailedOperation.InsufficientBalanceInSmsPackage': 'balance',
  'UnauthorizedOperation.ServiceSuspendDueToArrears': 'balance',
  'InvalidParameterValue.SdkAppIdNotExist': 'config',
};

/** How a Tencent code fails the send; an unknown code is retried (the stream gives up after its attempts). */
export function tencentFailureKind(code: string | undefined): SmsFailureKind {
  if (!code) return 'provider';
  const exact = EXACT[code];
  if (exact) return exact;
  if (code.startsWith('RequestLimitExceeded')) return 'throttled';
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) return 'config';
  return 'provider';
}

export interface TencentSmsSenderOptions {
  readonly client: TencentSmsClient;
  /** SmsSdkAppId of the SMS application. */
  readonly sdkAppId: string;
  /** The registered signature. */
  readonly signName: string;
  /** The county's language: the order of the template's parameters. @default 'zh-CN' */
  readonly locale?: 'zh-CN' | 'en';
}

export class TencentSmsSender implements SmsSender {
  readonly #options: TencentSmsSenderOptions;

  constructor(options: TencentSmsSenderOptions) {
    this.#options = options;
  }

  send(message: SmsMessage): Promise<{ messageId: string }> {
    const { client, sdkAppId, signName, locale = 'zh-CN' } = this.#options;
    return sendTemplate('tencent', tencentFailureKind, message, async (template) => {
      const answer = await client.SendSms({
        PhoneNumberSet: [message.to],
        SmsSdkAppId: sdkAppId,
        TemplateId: template.code,
        SignName: signName,
        TemplateParamSet: orderedParams(template, locale),
      });
      const status = answer.SendStatusSet?.[0];
      return { ok: status?.Code === 'Ok', code: status?.Code, detail: status?.Message ?? 'no status for the number', id: status?.SerialNo };
    });
  }
}

/** The official SMS client (API 2021-01-11) for these credentials, imported on first use. */
export async function tencentClient(credentials: TencentCredentials, region = 'ap-guangzhou'): Promise<TencentSmsClient> {
  const loaded = await import('tencentcloud-sdk-nodejs-sms');
  const sms = loaded.sms ?? (loaded.default as unknown as typeof loaded).sms;
  return new sms.v20210111.Client({ credential: { secretId: credentials.secretId, secretKey: credentials.secretKey }, region, profile: { httpProfile: { endpoint: 'sms.tencentcloudapi.com' } } });
}
