/**
 * The Alibaba Cloud SMS adapter of the SmsSender port (county file `sms.provider: "aliyun"`): one
 * `SendSms` per message with the registered signature (SignName), the county's template code
 * (TemplateCode) and the parameters as JSON (TemplateParam), through the official
 * `@alicloud/dysmsapi20170525` client. The SDK is imported when the first SMS goes, so a function
 * starts no slower for it, and only in bundles of counties that chose this provider.
 *
 * Errors (help.aliyun.com/document_detail/101346.html, API错误码): SendSms answers HTTP 200 with a
 * `Code` other than `OK` for most refusals, and the client throws for the rest (throttling,
 * credentials); both map to the router's retried or final failures below.
 */
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import type { SmsFailureKind } from '../domain/sms.ts';
import { sendTemplate } from './templated.ts';

/** What this adapter calls: `SendSms` of the Dysmsapi client (see `aliyunClient`). */
export interface AliyunSmsClient {
  sendSms(request: { phoneNumbers: string; signName: string; templateCode: string; templateParam: string }): Promise<{
    body?: { code?: string; message?: string; bizId?: string; requestId?: string };
  }>;
}

/** The AccessKey of a RAM user allowed `dysms:SendSms`, as the Secrets Manager secret holds it. */
export interface AliyunCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

const KIND_OF: Readonly<Record<string, SmsFailureKind>> = {
  // 触发流控 (per-number and per-template frequency limits) and the API's own throttling.
  'isv.BUSINESS_LIMIT_CONTROL': 'throttled',
  'Throttling.User': 'throttled',
  Throttling: 'throttled',
  'isp.SYSTEM_ERROR': 'provider',
  'isp.GATEWAY_ERROR': 'provider',
  ServiceUnavailable: 'provider',
  // The number.
  'isv.MOBILE_NUMBER_ILLEGAL': 'bad_number',
  'isv.MOBILE_COUNT_OVER_LIMIT': 'bad_number',
  'isv.BLACK_KEY_CONTROL_LIMIT': 'bad_number',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED': 'bad_number',
  // Template and signature: not approved, not matching, or a parameter the template refuses.
  'isv.SMS_TEMPLATE_ILLEGAL': 'template',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'template',
  'isv.TEMPLATE_PARAMS_ILLEGAL': 'template',
  'isv.PARAM_LENGTH_LIMIT': 'template',
  'isv.INVALID_JSON_PARAM': 'template',
  'isv.SMS_CONTENT_ILLEGAL': 'template',
  'isv.SMS_SIGNATURE_ILLEGAL': 'template',
  'isv.SMS_SIGN_ILLEGAL': 'template',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL': 'template',
  'isv.SIGN_STATE_ILLEGAL': 'template',
  // Out of balance (业务停机: 余额不足).
  'isv.AMOUNT_NOT_ENOUGH': 'balance',
  'isv.OUT_OF_SERVICE': 'balance',
  // The daily and monthly limits set in the console.
  'isv.DAY_LIMIT_CONTROL': 'quota',
  'isv.MONTH_LIMIT_CONTROL': 'quota',
  // Account, AccessKey, permissions.
  'isv.ACCOUNT_NOT_EXISTS': 'config',
  'isv.ACCOUNT_ABNORMAL': 'config',
  'isv.PRODUCT_UN_SUBSCRIPT': 'config',
  'isv.PRODUCT_UNSUBSCRIBE': 'config',
  'isp.RAM_PERMISSION_DENY': 'config',
  'isv.DENY_IP_RANGE': 'config',
  'InvalidAccessKeyId.NotFound': 'config',
  'SignatureDoesNotMatch': 'config',
};

/** How an Alibaba code fails the send; an unknown code is retried (the stream gives up after its attempts). */
export function aliyunFailureKind(code: string | undefined): SmsFailureKind {
  return (code && KIND_OF[code]) || 'provider';
}

/** A mainland number as SendSms takes it: the 11 digits without +86; others in international form. */
function phoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : `00${e164.replace(/^\+/, '')}`;
}

export interface AliyunSmsSenderOptions {
  readonly client: AliyunSmsClient;
  /** The registered signature, without 【】. */
  readonly signName: string;
}

export class AliyunSmsSender implements SmsSender {
  readonly #options: AliyunSmsSenderOptions;

  constructor(options: AliyunSmsSenderOptions) {
    this.#options = options;
  }

  send(message: SmsMessage): Promise<{ messageId: string }> {
    const { client, signName } = this.#options;
    // The client throws for HTTP errors; its error carries Alibaba's code (e.g. Throttling.User).
    return sendTemplate('aliyun', aliyunFailureKind, message, async (template) => {
      const { body } = await client.sendSms({
        phoneNumbers: phoneNumber(message.to),
        signName,
        templateCode: template.code,
        templateParam: JSON.stringify(template.params),
      });
      return { ok: body?.code === 'OK', code: body?.code, detail: body?.message ?? 'no answer', id: body?.bizId };
    });
  }
}

/**
 * The official Dysmsapi client for these credentials, imported on first use. `region` picks the
 * endpoint region (cn-hangzhou unless the county file says otherwise; the endpoint is the same).
 */
export async function aliyunClient(credentials: AliyunCredentials, region = 'cn-hangzhou'): Promise<AliyunSmsClient> {
  const loaded = await import('@alicloud/dysmsapi20170525');
  type Exports = typeof loaded.default;
  type ClientClass = Exports['default'];
  // A CommonJS module whose `exports.default` is the client. Node's import() gives the models as named
  // exports and module.exports as `default`; a bundler's interop may give module.exports alone.
  const sdk = (typeof (loaded as unknown as Partial<Exports>).SendSmsRequest === 'function' ? loaded : loaded.default) as unknown as Exports;
  const exported = sdk.default as ClientClass | Exports;
  const Client: ClientClass = typeof exported === 'function' ? exported : exported.default;
  // The client reads these fields of its config (no method of it), so a plain object serves.
  const config = { ...credentials, regionId: region, endpoint: 'dysmsapi.aliyuncs.com' } as unknown as ConstructorParameters<ClientClass>[0];
  const client = new Client(config);
  return { sendSms: (request) => client.sendSms(new sdk.SendSmsRequest(request)) };
}
