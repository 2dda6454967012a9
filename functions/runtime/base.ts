/**
 * The part of the runtime every function has, the photos function included: its settings (read from
 * the environment once by `readEnv`), the logger, the clock, one DynamoDB client and the cases
 * store. `functions/runtime.ts` builds the rest on it; this module imports nothing of the roster, so
 * the photos function's bundle carries none of it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv, requireEnv } from '../config.ts';
import { OffsetClock, systemClock, type Clock } from '../domain/ports.ts';
import { DynamoCaseStore } from '../store/cases.ts';
import { createDocumentClient } from '../store/client.ts';
import { CASES_TABLE, RATINGS_TABLE, ROSTER_TABLE } from '../store/tables.ts';

/** Where SMS go: Amazon SNS or a domestic provider (AWS, as the county file chose), or the outbox file of the local stack. */
export type SmsSettings =
  | { readonly adapter: 'sns'; readonly senderId?: string | undefined }
  | {
      readonly adapter: 'aliyun' | 'tencent';
      /** The registered signature (`SMS_SIGN_NAME`). */
      readonly signName: string;
      /** Tencent: the SmsSdkAppId (`SMS_APP_ID`). */
      readonly sdkAppId?: string | undefined;
      readonly region?: string | undefined;
      /** The county's language: the order of a Tencent template's parameters (`SMS_LOCALE`). */
      readonly locale: 'zh-CN' | 'en';
      /** Where Secrets Manager keeps the provider's credentials (`SMS_SECRET_ARN`); read with the first SMS. */
      readonly secretArn?: string | undefined;
    }
  | {
      readonly adapter: 'outbox';
      readonly file: string;
      /** The share of messages the outbox refuses, as a provider sometimes does. @default 0 */
      readonly failRate?: number | undefined;
    };

/** A secret's value (the local stack), or where Secrets Manager keeps it (AWS). */
export type SecretSetting = { readonly value: string } | { readonly arn: string };

/** Everything a function of the county is configured with: plain data, from the environment or from a caller. */
export interface RuntimeSettings {
  /** The county's code (`COUNTY_CODE`). */
  readonly countyCode: string;
  /** Table names (`CASES_TABLE`, `ROSTER_TABLE`, `RATINGS_TABLE`); a function gets only those it is granted. */
  readonly tables: { readonly cases: string; readonly roster?: string | undefined; readonly ratings?: string | undefined };
  /** DynamoDB Local's address (`DYNAMODB_ENDPOINT`). @default - the SDK finds the regional endpoint */
  readonly dynamodbEndpoint?: string | undefined;
  /** Powertools' service name (`POWERTOOLS_SERVICE_NAME`). @default 'cunjing' */
  readonly serviceName?: string | undefined;
  /** The logger's level. @default - Powertools reads `POWERTOOLS_LOG_LEVEL` itself (INFO without it) */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT' | undefined;
  /** A clock the local stack can move forward for demos and tests (`CUNJING_DEV_CLOCK=1`). @default false */
  readonly devClock?: boolean | undefined;
  /** The address officers' links point at (`PUBLIC_URL`), without a trailing slash. @default - none */
  readonly publicUrl?: string | undefined;
  /** The photos bucket (`PHOTOS_BUCKET`; `S3_ENDPOINT`, the local S3 server). @default - no photos */
  readonly photos?: { readonly bucket: string; readonly endpoint?: string | undefined } | undefined;
  /** @default { adapter: 'sns' } */
  readonly sms?: SmsSettings | undefined;
  /** The key that signs officers' links and sessions (`LINK_SECRET`, or `LINK_SECRET_ARN`). @default - none */
  readonly linkSecret?: SecretSetting | undefined;
  /** What CloudFront sends in `X-Origin-Verify` (`ORIGIN_SECRET_ARN`). @default - no check (local) */
  readonly originSecret?: SecretSetting | undefined;
  /** Stream records the router works on at once (`ROUTER_CONCURRENCY`). @default 10 */
  readonly routerConcurrency?: number | undefined;
}

/** A function's settings from its environment; a missing or malformed variable fails here, by name. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const get = (name: string) => optionalEnv(name, env);
  const bucket = get('PHOTOS_BUCKET');
  const link = get('LINK_SECRET');
  const linkArn = get('LINK_SECRET_ARN');
  const originArn = get('ORIGIN_SECRET_ARN');
  const concurrency = get('ROUTER_CONCURRENCY');
  return {
    countyCode: requireEnv('COUNTY_CODE', env),
    tables: { cases: requireEnv(CASES_TABLE.envVar, env), roster: get(ROSTER_TABLE.envVar), ratings: get(RATINGS_TABLE.envVar) },
    dynamodbEndpoint: get('DYNAMODB_ENDPOINT'),
    serviceName: get('POWERTOOLS_SERVICE_NAME'),
    devClock: get('CUNJING_DEV_CLOCK') === '1',
    publicUrl: get('PUBLIC_URL')?.replace(/\/+$/, ''),
    photos: bucket ? { bucket, endpoint: get('S3_ENDPOINT') } : undefined,
    sms: smsSettingsFromEnv(env),
    linkSecret: link ? { value: link } : linkArn ? { arn: linkArn } : undefined,
    originSecret: originArn ? { arn: originArn } : undefined,
    routerConcurrency: concurrency ? positiveInteger('ROUTER_CONCURRENCY', concurrency) : undefined,
  };
}

/** The SMS settings of a function's environment (`SMS_ADAPTER` and what the adapter it names needs). */
export function smsSettingsFromEnv(env: NodeJS.ProcessEnv): SmsSettings {
  const get = (name: string) => optionalEnv(name, env);
  const adapter = get('SMS_ADAPTER') ?? 'sns';
  switch (adapter) {
    case 'sns':
      return { adapter, senderId: get('SMS_SENDER_ID') };
    case 'aliyun':
    case 'tencent':
      // Read at cold start: a missing setting fails the function's start, not each SMS.
      return {
        adapter,
        signName: requireEnv('SMS_SIGN_NAME', env),
        sdkAppId: adapter === 'tencent' ? requireEnv('SMS_APP_ID', env) : undefined,
        region: get('SMS_REGION'),
        locale: get('SMS_LOCALE') === 'en' ? 'en' : 'zh-CN',
        secretArn: get('SMS_SECRET_ARN'),
      };
    case 'outbox': {
      const failRate = Number(get('SMS_FAIL_RATE') ?? 0);
      if (!(failRate >= 0 && failRate <= 1)) fail(`SMS_FAIL_RATE must be a number from 0 to 1, not "${env.SMS_FAIL_RATE}"`);
      return { adapter, file: requireEnv('OUTBOX_FILE', env), failRate };
    }
    default:
      return fail(`SMS_ADAPTER must be "sns", "aliyun", "tencent" or "outbox", not "${adapter}"`);
  }
}

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fail(`${name} must be a whole number above 0, not "${value}"`);
}

function fail(message: string): never {
  throw new Error(message);
}

/** A setting a part of the runtime cannot do without, named as the environment names it. */
export function required<T>(value: T | undefined, variable: string): T {
  return value ?? (requireEnv(variable, {}) as T);
}

/** What every function has, built once per process. */
export interface BaseRuntime {
  readonly settings: RuntimeSettings;
  readonly logger: Logger;
  readonly client: DynamoDBDocumentClient;
  readonly clock: Clock;
  readonly cases: DynamoCaseStore;
}

/** Parts a caller brings instead of the ones the settings would make (a test's clock, a quiet logger). */
export interface RuntimeParts {
  /** @default the system clock, or an OffsetClock with `devClock` */
  readonly clock?: Clock;
  /** @default a Powertools Logger named `serviceName` */
  readonly logger?: Logger;
}

export function createBaseRuntime(settings: RuntimeSettings, parts: RuntimeParts = {}): BaseRuntime {
  const client = createDocumentClient(settings.dynamodbEndpoint);
  return {
    settings,
    logger: parts.logger ?? new Logger({ serviceName: settings.serviceName ?? 'cunjing', ...(settings.logLevel && { logLevel: settings.logLevel }) }),
    client,
    clock: parts.clock ?? (settings.devClock ? new OffsetClock() : systemClock),
    cases: new DynamoCaseStore({ client, tableName: settings.tables.cases }),
  };
}
