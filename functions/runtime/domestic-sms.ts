/**
 * The domestic SMS providers' senders (Alibaba Cloud SMS, Tencent Cloud SMS), made with the
 * credentials from Secrets Manager. Imported by sms.ts (functions/runtime) only where the county chose one of them: a
 * county on SNS leaves this module, the adapters and the provider SDKs out of its bundles
 * (infra/constructs/function.ts).
 */
import type { SmsSender } from '../domain/ports.ts';
import type { SmsSettings } from './base.ts';
import { loadSmsCredentials } from './secrets.ts';

/** A domestic provider's settings (functions/runtime/base.ts `SmsSettings`). */
export type DomesticSmsSettings = Extract<SmsSettings, { adapter: 'aliyun' | 'tencent' }>;

export async function domesticSmsSender(settings: DomesticSmsSettings): Promise<SmsSender> {
  if (settings.adapter === 'aliyun') {
    const credentials = await loadSmsCredentials(['accessKeyId', 'accessKeySecret'], settings.secretArn);
    const { AliyunSmsSender, aliyunClient } = await import('../notify/aliyun.ts');
    return new AliyunSmsSender({ client: await aliyunClient(credentials, settings.region), signName: settings.signName });
  }
  const credentials = await loadSmsCredentials(['secretId', 'secretKey'], settings.secretArn);
  const { TencentSmsSender, tencentClient } = await import('../notify/tencent.ts');
  return new TencentSmsSender({ client: await tencentClient(credentials, settings.region), sdkAppId: settings.sdkAppId ?? '', signName: settings.signName, locale: settings.locale });
}
