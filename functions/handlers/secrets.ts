/**
 * The key that signs officers' one-tap links. In AWS it lives in Secrets Manager (`LINK_SECRET_ARN`)
 * and is fetched once per cold start (Powertools Parameters caches it); the local stack passes the
 * value itself (`LINK_SECRET`, kept under .data).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { optionalEnv } from '../config.ts';

export async function loadLinkSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const inline = optionalEnv('LINK_SECRET', env);
  if (inline) return inline;
  const arn = optionalEnv('LINK_SECRET_ARN', env);
  if (!arn) throw new Error('Set LINK_SECRET_ARN (AWS) or LINK_SECRET (local runs): officers\' links are signed with it');
  const secret = await getSecret(arn, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32) throw new Error(`the secret ${arn} must be a string of at least 32 characters`);
  return secret;
}

/**
 * What CloudFront sends in `X-Origin-Verify` (functions/edge/origin.ts), from `ORIGIN_SECRET_ARN`.
 * Undefined where there is no CloudFront in front (the local stack): nothing to check there.
 */
export async function loadOriginSecret(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const arn = optionalEnv('ORIGIN_SECRET_ARN', env);
  if (!arn) return undefined;
  const secret = await getSecret(arn, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32) throw new Error(`the secret ${arn} must be a string of at least 32 characters`);
  return secret;
}

/**
 * The domestic SMS provider's credentials (`SMS_SECRET_ARN`), a JSON secret the operator fills after
 * the deploy: `{"accessKeyId": "…", "accessKeySecret": "…"}` for aliyun, `{"secretId": "…",
 * "secretKey": "…"}` for tencent. Fetched once per cold start; the error names the fields, never a value.
 */
export async function loadSmsCredentials<K extends string>(fields: readonly K[], env: NodeJS.ProcessEnv = process.env): Promise<Record<K, string>> {
  const arn = optionalEnv('SMS_SECRET_ARN', env);
  if (!arn) throw new Error('Set SMS_SECRET_ARN: the SMS provider\'s credentials live in Secrets Manager');
  const secret = (await getSecret(arn, { maxAge: 3600, transform: 'json' })) as Record<string, unknown> | undefined;
  const missing = fields.filter((field) => typeof secret?.[field] !== 'string' || secret[field] === '');
  if (missing.length > 0) throw new Error(`the secret ${arn} must be JSON with ${fields.map((f) => `"${f}"`).join(' and ')} (missing: ${missing.join(', ')})`);
  return Object.fromEntries(fields.map((field) => [field, secret![field] as string])) as Record<K, string>;
}
