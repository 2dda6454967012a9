/**
 * The SMS sender of a function that sends: the adapter its settings name (Amazon SNS or a domestic
 * provider, Alibaba Cloud SMS or Tencent Cloud SMS, in AWS as the county file chose; the outbox file
 * on the local stack; this choice is the only difference between them) behind the SMS gate
 * (functions/domain/sms-gate.ts), so every SMS, case SMS and sign-in codes alike, passes the village
 * circuit breaker and the county's monthly budget.
 *
 * A domestic provider's credentials are fetched from Secrets Manager at cold start, its SDK when the
 * first SMS goes (the outbox too, on the local stack): a function that sends nothing loads neither.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import { SmsGate } from '../domain/sms-gate.ts';
import { SmsProviderError } from '../domain/sms.ts';
import { SnsSmsSender } from '../notify/sns.ts';
import type { Runtime } from '../runtime.ts';
import type { SmsSettings } from './base.ts';
import { DynamoSmsGateStore } from '../store/sms-gate.ts';

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

/** The bare adapter, without the gate. */
export function smsAdapter(settings: SmsSettings = { adapter: 'sns' }): SmsSender {
  switch (settings.adapter) {
    case 'sns':
      return new SnsSmsSender({ client: new SNSClient({}), ...(settings.senderId && { senderId: settings.senderId }) });
    case 'aliyun':
    case 'tencent':
      return new LazySmsSender(async () => (await import('./domestic-sms.ts')).domesticSmsSender(settings));
    case 'outbox': {
      const failRate = settings.failRate ?? 0;
      // Imported on the first SMS: the outbox is the local stack's, never loaded at a Lambda cold start.
      return new LazySmsSender(async () => new (await import('../notify/outbox.ts')).OutboxSmsSender(settings.file, failRate > 0 ? { failFor: () => Math.random() < failRate } : {}));
    }
  }
}

/** What the SMS-sending functions (route-case, admin, escalate) send through. */
export function gatedSms(runtime: Runtime, adapter: SmsSender = smsAdapter(runtime.settings.sms)): SmsGate {
  return new SmsGate(adapter, {
    store: new DynamoSmsGateStore({ client: runtime.client, tableName: runtime.settings.tables.cases }),
    county: runtime.county,
    clock: runtime.clock,
    publicUrl: runtime.settings.publicUrl ?? '',
    log: runtime.logger,
  });
}
