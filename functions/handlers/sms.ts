/**
 * The SMS adapter for this process: Amazon SNS or a domestic provider (Alibaba Cloud SMS, Tencent
 * Cloud SMS) in AWS, as the county file chose (`SMS_ADAPTER`, set by the stack), the outbox file on the
 * local stack. This choice is the only difference between them; everything that decides what to send
 * is shared.
 *
 * A domestic provider's credentials are fetched from Secrets Manager at cold start, its SDK when the
 * first SMS goes: a function that sends nothing loads neither.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { optionalEnv, requireEnv } from '../config.ts';
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import { SmsProviderError } from '../domain/sms.ts';
import { SnsSmsSender } from '../notify/sns.ts';

/** A sender made at cold start, awaited by the first send; a failed start (credentials unreadable) is tried again on the next send. */
class LazySmsSender implements SmsSender {
  readonly #make: () => Promise<SmsSender>;
  #ready: Promise<SmsSender>;

  constructor(make: () => Promise<SmsSender>) {
    this.#make = make;
    this.#ready = this.#start();
  }

  #start(): Promise<SmsSender> {
    const ready = this.#make();
    // Not awaited until the first send: never an unhandled rejection at cold start.
    ready.catch(() => undefined);
    return ready;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    let sender: SmsSender;
    try {
      sender = await this.#ready;
    } catch (error) {
      this.#ready = this.#start();
      // Retried: Secrets Manager may be briefly out of reach; a wrong secret fails every attempt, recorded each time.
      throw new SmsProviderError('provider', `the SMS provider could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    return sender.send(message);
  }
}

/** The county file's locale, for the order of a Tencent template's parameters. */
function localeOf(env: NodeJS.ProcessEnv): 'zh-CN' | 'en' {
  return optionalEnv('SMS_LOCALE', env) === 'en' ? 'en' : 'zh-CN';
}

export function smsSenderFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSender {
  const adapter = optionalEnv('SMS_ADAPTER', env) ?? 'sns';
  switch (adapter) {
    case 'sns': {
      const senderId = optionalEnv('SMS_SENDER_ID', env);
      return new SnsSmsSender({ client: new SNSClient({}), ...(senderId && { senderId }) });
    }
    case 'aliyun':
    case 'tencent': {
      // Read at cold start: a missing setting fails the function's start, not each SMS.
      const settings = {
        provider: adapter,
        signName: requireEnv('SMS_SIGN_NAME', env),
        sdkAppId: adapter === 'tencent' ? requireEnv('SMS_APP_ID', env) : undefined,
        region: optionalEnv('SMS_REGION', env),
        locale: localeOf(env),
      } as const;
      return new LazySmsSender(async () => (await import('./domestic-sms.ts')).domesticSmsSender(settings, env));
    }
    case 'outbox': {
      // A local failure switch: this share of messages is refused, as a provider sometimes does.
      const failRate = Number(optionalEnv('SMS_FAIL_RATE', env) ?? 0);
      if (!(failRate >= 0 && failRate <= 1)) throw new Error(`SMS_FAIL_RATE must be a number from 0 to 1, not "${env.SMS_FAIL_RATE}"`);
      const file = requireEnv('OUTBOX_FILE', env);
      // Imported on the first SMS: the outbox is the local stack's, never loaded at a Lambda cold start.
      return new LazySmsSender(async () => new (await import('../notify/outbox.ts')).OutboxSmsSender(file, failRate > 0 ? { failFor: () => Math.random() < failRate } : {}));
    }
    default:
      throw new Error(`SMS_ADAPTER must be "sns", "aliyun", "tencent" or "outbox", not "${adapter}"`);
  }
}
