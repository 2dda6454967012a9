/**
 * The domestic SMS adapters (Alibaba Cloud SMS, Tencent Cloud SMS), without network: the provider's
 * client is mocked (a stand-in object, or the official client class's method), and Secrets Manager
 * with aws-sdk-client-mock.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SmsMessage } from '../../functions/domain/ports.ts';
import { SmsProviderError } from '../../functions/domain/sms.ts';
import { smsSettingsFromEnv } from '../../functions/runtime/base.ts';
import { smsAdapter } from '../../functions/runtime/sms.ts';

const smsSenderFromEnv = (env: NodeJS.ProcessEnv) => smsAdapter(smsSettingsFromEnv(env));
import { AliyunSmsSender, aliyunClient, type AliyunSmsClient } from '../../functions/notify/aliyun.ts';
import { TencentSmsSender, tencentClient, type TencentSmsClient } from '../../functions/notify/tencent.ts';

const PHONE = '+8613800001001';
const message: SmsMessage = {
  to: PHONE,
  role: 'officer',
  caseNumber: 'DEMOCN-2026-000001',
  body: '【白水村警】新矛盾纠纷，编号DEMOCN-2026-000001，东山村，请登录村警工作台处理。',
  template: { type: 'assignment', mode: 'template', code: 'SMS_900000001', params: { label: '新矛盾纠纷', caseNumber: 'DEMOCN-2026-000001', village: '东山村' } },
};
const digest: SmsMessage = {
  to: PHONE,
  role: 'digest',
  body: '【白水村警】东山村自10:00起有12起新案件（未逐条短信通知），请登录村警工作台查看。',
  template: { type: 'digest', mode: 'template', code: '1234567', params: { village: '东山村', since: '10:00', count: '12' } },
};

/** The error a send was refused with (fails the test when it was sent). */
async function refusal(send: Promise<unknown>): Promise<SmsProviderError> {
  const error = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsProviderError);
  return error as SmsProviderError;
}

/** An Alibaba Cloud sender whose client answers (or throws) this. */
function aliyun(answer: Awaited<ReturnType<AliyunSmsClient['sendSms']>> | Error) {
  const sendSms = vi.fn<AliyunSmsClient['sendSms']>(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { sendSms, sender: new AliyunSmsSender({ client: { sendSms }, signName: '白水村警' }) };
}

/** A Tencent Cloud sender whose client answers (or throws) this. */
function tencent(answer: Awaited<ReturnType<TencentSmsClient['SendSms']>> | Error, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const SendSms = vi.fn<TencentSmsClient['SendSms']>(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { SendSms, sender: new TencentSmsSender({ client: { SendSms }, sdkAppId: '1400006666', signName: '白水村警', locale }) };
}

/** A sender whose provider refuses the number with this code, in words that name the phone. */
const refusingWith = {
  aliyun: (code: string) => aliyun({ body: { code, message: 'refused for 13800001001' } }).sender,
  tencent: (code: string) => tencent({ SendStatusSet: [{ PhoneNumber: PHONE, Code: code, Message: `${PHONE} refused` }] }).sender,
};

describe('a domestic provider\'s refusal', () => {
  it.each([
    ['aliyun', 'isv.BUSINESS_LIMIT_CONTROL', 'throttled', false],
    ['aliyun', 'isv.MOBILE_NUMBER_ILLEGAL', 'bad_number', true],
    ['aliyun', 'isv.SMS_TEMPLATE_ILLEGAL', 'template', true],
    ['aliyun', 'isv.SMS_SIGNATURE_ILLEGAL', 'template', true],
    ['aliyun', 'isv.AMOUNT_NOT_ENOUGH', 'balance', true],
    ['aliyun', 'isv.OUT_OF_SERVICE', 'balance', true],
    ['aliyun', 'isv.DAY_LIMIT_CONTROL', 'quota', true],
    ['aliyun', 'isp.RAM_PERMISSION_DENY', 'config', true],
    ['aliyun', 'isp.SYSTEM_ERROR', 'provider', false],
    ['tencent', 'LimitExceeded.PhoneNumberThirtySecondLimit', 'throttled', false],
    ['tencent', 'LimitExceeded.PhoneNumberDailyLimit', 'quota', true],
    ['tencent', 'InvalidParameterValue.IncorrectPhoneNumber', 'bad_number', true],
    ['tencent', 'FailedOperation.PhoneNumberInBlacklist', 'bad_number', true],
    ['tencent', 'FailedOperation.TemplateIncorrectOrUnapproved', 'template', true],
    ['tencent', 'FailedOperation.SignatureIncorrectOrUnapproved', 'template', true],
    ['tencent', 'FailedOperation.InsufficientBalanceInSmsPackage', 'balance', true],
    ['tencent', 'InternalError.Timeout', 'provider', false],
  ] as const)('%s: maps Code %s to a %s failure (final: %s), the phone masked', async (provider, code, kind, final) => {
    const error = await refusal(refusingWith[provider](code).send(message));

    expect(error).toMatchObject({ kind, code, final });
    expect(error.message).toContain(code);
    expect(error.message).not.toContain('13800001001');
    expect(error.message).toContain('+86138****1001');
  });
});

describe('AliyunSmsSender', () => {

  it('sends SendSms with the signature, the template code and the parameters as JSON, to the 11-digit number', async () => {
    const { sendSms, sender } = aliyun({ body: { code: 'OK', message: 'OK', bizId: '900619746936498440^0' } });

    const sent = await sender.send(message);

    expect(sent).toEqual({ messageId: '900619746936498440^0' });
    expect(sendSms).toHaveBeenCalledExactlyOnceWith({
      phoneNumbers: '13800001001',
      signName: '白水村警',
      templateCode: 'SMS_900000001',
      templateParam: JSON.stringify({ label: '新矛盾纠纷', caseNumber: 'DEMOCN-2026-000001', village: '东山村' }),
    });
  });

  it('maps a thrown client error by its code (the API\'s own throttling is retried)', async () => {
    const { sender } = aliyun(Object.assign(new Error('Request was denied due to user flow control.'), { code: 'Throttling.User' }));

    const error = await refusal(sender.send(message));

    expect(error).toMatchObject({ kind: 'throttled', code: 'Throttling.User', final: false });
  });

  it('refuses, as final and without calling Alibaba, a message without a template code', async () => {
    const { sendSms, sender } = aliyun({ body: { code: 'OK', bizId: 'x' } });
    const { code: _code, ...template } = message.template;

    const error = await refusal(sender.send({ ...message, template }));

    expect(error).toMatchObject({ kind: 'template', final: true });
    expect(error.message).toMatch(/no template code.*county:check/);
    expect(sendSms).not.toHaveBeenCalled();
  });

  it('builds the official client\'s SendSmsRequest (the client class mocked, no network)', async () => {
    const sdk = await import('@alicloud/dysmsapi20170525');
    const Client = typeof sdk.default === 'function' ? (sdk.default as unknown as typeof sdk.default.default) : sdk.default.default;
    const sendSms = vi.spyOn(Client.prototype, 'sendSms').mockResolvedValue(new sdk.SendSmsResponse({ statusCode: 200, body: new sdk.SendSmsResponseBody({ code: 'OK', bizId: 'b-1' }) }));

    const client = await aliyunClient({ accessKeyId: 'LTAI-test', accessKeySecret: 'secret' });
    const answer = await client.sendSms({ phoneNumbers: '13800001001', signName: '白水村警', templateCode: 'SMS_900000001', templateParam: '{"caseNumber":"X"}' });

    expect(answer.body).toMatchObject({ code: 'OK', bizId: 'b-1' });
    const [request] = sendSms.mock.calls[0]!;
    expect(request).toBeInstanceOf(sdk.SendSmsRequest);
    expect(request).toMatchObject({ phoneNumbers: '13800001001', signName: '白水村警', templateCode: 'SMS_900000001', templateParam: '{"caseNumber":"X"}' });
    sendSms.mockRestore();
  });
});

describe('TencentSmsSender', () => {

  it('sends SendSms with the application, signature, template id and the parameters in the template\'s order', async () => {
    const { SendSms, sender } = tencent({ SendStatusSet: [{ SerialNo: '2028:6965', PhoneNumber: PHONE, Code: 'Ok', Message: 'send success' }] });

    const sent = await sender.send(digest);

    expect(sent).toEqual({ messageId: '2028:6965' });
    expect(SendSms).toHaveBeenCalledExactlyOnceWith({ PhoneNumberSet: [PHONE], SmsSdkAppId: '1400006666', TemplateId: '1234567', SignName: '白水村警', TemplateParamSet: ['东山村', '10:00', '12'] });
  });

  it('numbers the parameters as the English template names them', async () => {
    const { SendSms, sender } = tencent({ SendStatusSet: [{ SerialNo: 's', Code: 'Ok' }] }, 'en');

    await sender.send(digest);

    expect(SendSms.mock.calls[0]![0].TemplateParamSet).toEqual(['12', '东山村', '10:00']);
  });

  it('maps a request the client throws for (RequestLimitExceeded is retried, AuthFailure is final)', async () => {
    const throttled = await refusal(tencent(Object.assign(new Error('rate limit'), { code: 'RequestLimitExceeded' })).sender.send(message));
    const auth = await refusal(tencent(Object.assign(new Error('bad key'), { code: 'AuthFailure.SecretIdNotFound' })).sender.send(message));

    expect(throttled).toMatchObject({ kind: 'throttled', final: false });
    expect(auth).toMatchObject({ kind: 'config', final: true });
  });

  it('calls the official client class\'s SendSms (mocked, no network)', async () => {
    const { sms } = await import('tencentcloud-sdk-nodejs-sms');
    const SendSms = vi.spyOn(sms.v20210111.Client.prototype, 'SendSms').mockResolvedValue({ SendStatusSet: [{ SerialNo: 's-1', Code: 'Ok' }] } as never);

    const client = await tencentClient({ secretId: 'AKID-test', secretKey: 'secret' });
    const sent = await new TencentSmsSender({ client, sdkAppId: '1400006666', signName: '白水村警' }).send(message);

    expect(sent).toEqual({ messageId: 's-1' });
    expect(SendSms).toHaveBeenCalledWith(expect.objectContaining({ TemplateId: 'SMS_900000001', TemplateParamSet: ['新矛盾纠纷', 'DEMOCN-2026-000001', '东山村'] }));
    SendSms.mockRestore();
  });
});

describe('smsSenderFromEnv (domestic providers)', () => {
  const secrets = mockClient(SecretsManagerClient);
  beforeEach(() => secrets.reset());
  afterEach(() => vi.restoreAllMocks());

  it('reads the provider\'s credentials once from Secrets Manager and sends through the chosen provider', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ accessKeyId: 'LTAI-test', accessKeySecret: 'secret' }) });
    const sdk = await import('@alicloud/dysmsapi20170525');
    const Client = typeof sdk.default === 'function' ? (sdk.default as unknown as typeof sdk.default.default) : sdk.default.default;
    const sendSms = vi.spyOn(Client.prototype, 'sendSms').mockResolvedValue(new sdk.SendSmsResponse({ statusCode: 200, body: new sdk.SendSmsResponseBody({ code: 'OK', bizId: 'b-2' }) }));
    const arn = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:cunjing-democn/sms-AbCdEf';

    const sender = smsSenderFromEnv({ SMS_ADAPTER: 'aliyun', SMS_SIGN_NAME: '白水村警', SMS_SECRET_ARN: arn });
    await sender.send(message);
    await sender.send(message);

    expect(secrets).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toReceiveCommandWith(GetSecretValueCommand, { SecretId: arn });
    expect(sendSms).toHaveBeenCalledTimes(2);
  });

  it('fails the send (retried, naming the missing fields, never a value) when the secret lacks a field', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ secretId: 'AKID-test' }) });

    const sender = smsSenderFromEnv({ SMS_ADAPTER: 'tencent', SMS_SIGN_NAME: '白水村警', SMS_APP_ID: '1400006666', SMS_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:x-AbCdEf' });
    const error = await refusal(sender.send(message));

    expect(error).toMatchObject({ kind: 'provider', final: false });
    expect(error.message).toMatch(/missing: secretKey/);
    expect(error.message).not.toContain('AKID-test');
  });

  it('names the choices when SMS_ADAPTER is unknown', () => {
    expect(() => smsSenderFromEnv({ SMS_ADAPTER: 'twilio' })).toThrow(/"sns", "aliyun", "tencent" or "outbox"/);
  });
});
