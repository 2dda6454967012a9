/**
 * The deployment's secrets, fetched once per cold start. In AWS they live in Secrets Manager (the
 * settings carry their ARNs; Powertools Parameters caches them); the local stack passes the link key
 * itself (kept under .data) and has no CloudFront, hence no origin secret.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { RuntimeSettings, SecretSetting } from './base.ts';

async function resolve(setting: SecretSetting): Promise<string> {
  if ('value' in setting) return setting.value;
  const secret = await getSecret(setting.arn, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32) throw new Error(`the secret ${setting.arn} must be a string of at least 32 characters`);
  return secret;
}

/** The key that signs officers' one-tap links (and the console's sessions). */
export async function loadLinkSecret(settings: Pick<RuntimeSettings, 'linkSecret'>): Promise<string> {
  if (!settings.linkSecret) throw new Error('Set LINK_SECRET_ARN (AWS) or LINK_SECRET (local runs): officers\' links are signed with it');
  return resolve(settings.linkSecret);
}

/**
 * What CloudFront sends in `X-Origin-Verify` (functions/edge/origin.ts). Undefined where there is no
 * CloudFront in front (the local stack): nothing to check there.
 */
export async function loadOriginSecret(settings: Pick<RuntimeSettings, 'originSecret'>): Promise<string | undefined> {
  return settings.originSecret ? resolve(settings.originSecret) : undefined;
}

/**
 * The domestic SMS provider's credentials (`SMS_SECRET_ARN`), a JSON secret the operator fills after
 * the deploy: `{"accessKeyId": "…", "accessKeySecret": "…"}` for aliyun, `{"secretId": "…",
 * "secretKey": "…"}` for tencent. Fetched once per cold start; the error names the fields, never a value.
 */
export async function loadSmsCredentials<K extends string>(fields: readonly K[], arn: string | undefined): Promise<Record<K, string>> {
  if (!arn) throw new Error('Set SMS_SECRET_ARN: the SMS provider\'s credentials live in Secrets Manager');
  const secret = (await getSecret(arn, { maxAge: 3600, transform: 'json' })) as Record<string, unknown> | undefined;
  const missing = fields.filter((field) => typeof secret?.[field] !== 'string' || secret[field] === '');
  if (missing.length > 0) throw new Error(`the secret ${arn} must be JSON with ${fields.map((f) => `"${f}"`).join(' and ')} (missing: ${missing.join(', ')})`);
  return Object.fromEntries(fields.map((field) => [field, secret![field] as string])) as Record<K, string>;
}
