/**
 * The AWS adapter of the SmsSender port: one SNS Publish per message, straight to a phone number.
 * Error messages name the recipient's role and the case but never the full phone number, because
 * they end up in logs and on the case's notification record.
 */
import { PublishCommand, type MessageAttributeValue, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import { describeSms as describe, maskPhone, scrubPhone as scrub } from './mask.ts';

export { maskPhone };

export interface SnsSmsSenderOptions {
  readonly client: SNSClient;
  /** Alphanumeric sender id, where the destination country supports one (not mainland China). */
  readonly senderId?: string;
  /**
   * Transactional messages are routed for reliability, Promotional ones for cost.
   * @default 'Transactional'
   */
  readonly smsType?: 'Transactional' | 'Promotional';
}

/** A send SNS refused or could not complete. `code` is the SDK error name, e.g. `ThrottlingException`. */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

export class SnsSmsSender implements SmsSender {
  readonly #client: SNSClient;
  readonly #attributes: Record<string, MessageAttributeValue>;

  constructor(options: SnsSmsSenderOptions) {
    this.#client = options.client;
    this.#attributes = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: options.smsType ?? 'Transactional' },
      ...(options.senderId && { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } }),
    };
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    let messageId: string | undefined;
    try {
      const output = await this.#client.send(
        new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: this.#attributes }),
      );
      messageId = output.MessageId;
    } catch (error) {
      const name = error instanceof Error ? error.name : undefined;
      const detail = scrub(error instanceof Error ? error.message : String(error), message.to);
      throw new SmsSendError(`SNS did not send the ${describe(message)}: ${name ? `${name}: ` : ''}${detail}`, name);
    }
    if (!messageId) {
      throw new SmsSendError(`SNS accepted the ${describe(message)} without a message id; treating it as not sent`);
    }
    return { messageId };
  }
}
