/**
 * The SMS adapter for this process: Amazon SNS in AWS, the outbox file on the local stack. This
 * choice is the only difference between the two; everything that decides what to send is shared.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { optionalEnv, requireEnv } from '../config.ts';
import type { SmsSender } from '../domain/ports.ts';
import { OutboxSmsSender } from '../notify/outbox.ts';
import { SnsSmsSender } from '../notify/sns.ts';

export function smsSenderFromEnv(env: NodeJS.ProcessEnv = process.env): SmsSender {
  const adapter = optionalEnv('SMS_ADAPTER', env) ?? 'sns';
  switch (adapter) {
    case 'sns': {
      const senderId = optionalEnv('SMS_SENDER_ID', env);
      return new SnsSmsSender({ client: new SNSClient({}), ...(senderId && { senderId }) });
    }
    case 'outbox': {
      // A local failure switch: this share of messages is refused, as a provider sometimes does.
      const failRate = Number(optionalEnv('SMS_FAIL_RATE', env) ?? 0);
      if (!(failRate >= 0 && failRate <= 1)) throw new Error(`SMS_FAIL_RATE must be a number from 0 to 1, not "${env.SMS_FAIL_RATE}"`);
      return new OutboxSmsSender(requireEnv('OUTBOX_FILE', env), failRate > 0 ? { failFor: () => Math.random() < failRate } : {});
    }
    default:
      throw new Error(`SMS_ADAPTER must be "sns" or "outbox", not "${adapter}"`);
  }
}
