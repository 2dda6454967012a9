/**
 * The domestic SMS providers' senders (Alibaba Cloud SMS, Tencent Cloud SMS), made with the
 * credentials from Secrets Manager. Imported by sms.ts only where the county chose one of them: a
 * county on SNS leaves this module, the adapters and the provider SDKs out of its bundles
 * (infra/constructs/function.ts).
 */
import type { SmsSender } from '../domain/ports.ts';
import { loadSmsCredentials } from './secrets.ts';

export interface DomesticSmsSettings {
  readonly provider: 'aliyun' | 'tencent';
  /** The registered signature. */
  readonly signName: string;
  /** Tencent: the SmsSdkAppId. */
  readonly sdkAppId?: string | undefined;
  readonly region?: string | undefined;
  /** The county's language: the order of a Tencent template's parameters. */
  readonly locale: 'zh-CN' | 'en';
}

export async function domesticSmsSender(settings: DomesticSmsSettings, env: NodeJS.ProcessEnv): Promise<SmsSender> {
  if (settings.provider === 'aliyun') {
    const credentials = await loadSmsCredentials(['accessKeyId', 'accessKeySecret'], env);
    const { AliyunSmsSender, aliyunClient } = await import('../notify/aliyun.ts');
    return new AliyunSmsSender({ client: await aliyunClient(credentials, settings.region), signName: settings.signName });
  }
  const credentials = await loadSmsCredentials(['secretId', 'secretKey'], env);
  const { TencentSmsSender, tencentClient } = await import('../notify/tencent.ts');
  return new TencentSmsSender({ client: await tencentClient(credentials, settings.region), sdkAppId: settings.sdkAppId ?? '', signName: settings.signName, locale: settings.locale });
}
