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
    case 'outbox':
      return new OutboxSmsSender(requireEnv('OUTBOX_FILE', env));
    default:
      throw new Error(`SMS_ADAPTER must be "sns" or "outbox", not "${adapter}"`);
  }
}
