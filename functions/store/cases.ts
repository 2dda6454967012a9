/**
 * The cases table: one item per case holding its timeline and notification records, plus the
 * idempotency records and case-number counters that live beside them.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CaseRecord, NotificationRecord, TimelineEntry } from '../domain/case.ts';
import type { CaseStore, CreateCaseResult, IdempotencyClaim, IdempotencyRecord } from '../domain/ports.ts';
import { DUE_QUEUE, keys } from './tables.ts';

export interface DynamoCaseStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /**
   * Case numbers reserved per counter write. Each process hands them out from memory, so most
   * submissions cost no counter write at all; numbers a process never uses are skipped (case
   * numbers are unique, not gap-free).
   * @default 10
   */
  readonly sequenceBlock?: number;
}

type Item = Record<string, NativeAttributeValue>;

function toItem(record: CaseRecord): Item {
  return {
    ...keys.case(record.caseNumber),
    ...record,
    ...(record.escalateAt && { dueQueue: DUE_QUEUE }),
  };
}

function fromItem(item: Item): CaseRecord {
  const { pk: _pk, sk: _sk, dueQueue: _dueQueue, ...record } = item;
  return record as CaseRecord;
}

export class DynamoCaseStore implements CaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #block: number;
  readonly #reserved = new Map<string, { next: number; last: number }>();
  readonly #pending = new Map<string, Promise<{ next: number; last: number }>>();

  constructor(options: DynamoCaseStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#block = options.sequenceBlock ?? 10;
  }

  async nextSequence(countyCode: string, year: number): Promise<number> {
    const counter = `${countyCode}#${year}`;
    for (;;) {
      const range = this.#reserved.get(counter);
      if (range && range.next <= range.last) return range.next++;
      // One reservation at a time per counter; concurrent callers wait for it.
      let pending = this.#pending.get(counter);
      if (!pending) {
        pending = this.#reserve(countyCode, year).finally(() => this.#pending.delete(counter));
        this.#pending.set(counter, pending);
      }
      this.#reserved.set(counter, await pending);
    }
  }

  async #reserve(countyCode: string, year: number): Promise<{ next: number; last: number }> {
    const out = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.sequence(countyCode, year),
        UpdateExpression: 'ADD #last :block',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':block': this.#block },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(out.Attributes?.last);
    if (last > 999_999) throw new Error(`case numbers for ${countyCode} ${year} are exhausted`);
    return { next: last - this.#block + 1, last };
  }

  async create(record: CaseRecord, idempotency?: IdempotencyClaim): Promise<CreateCaseResult> {
    const putCase = {
      Put: {
        TableName: this.#table,
        Item: toItem(record),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    if (!idempotency) {
      await this.#client.send(new TransactWriteCommand({ TransactItems: [putCase] }));
      return { created: true };
    }
    const first: IdempotencyRecord = { caseNumber: record.caseNumber, villageId: record.villageId, requestHash: idempotency.requestHash };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...keys.idempotency(idempotency.keyHash), ...first, expiresAt: Math.floor(idempotency.expiresAt.getTime() / 1000) },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            putCase,
          ],
        }),
      );
      return { created: true };
    } catch (error) {
      const old = idempotencyConflict(error);
      if (!old) throw error;
      return { created: false, first: { caseNumber: String(old.caseNumber), villageId: String(old.villageId), requestHash: String(old.requestHash) } };
    }
  }

  async get(caseNumber: string): Promise<CaseRecord | undefined> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#table, Key: keys.case(caseNumber) }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async claimNotification(
    caseNumber: string,
    id: string,
    claim: { role: NotificationRecord['role']; to: string; now: Date; leaseMs: number; maxAttempts: number },
  ): Promise<number | undefined> {
    const at = claim.now.toISOString();
    const names = { '#id': id };
    try {
      // First delivery: the notification was never attempted.
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.case(caseNumber),
          UpdateExpression: 'SET notifications.#id = :claim',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifications.#id)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':claim': { role: claim.role, to: claim.to, status: 'sending', attempts: 1, at } },
        }),
      );
      return 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    try {
      // A later delivery: go again only if the last try failed, or its sender died holding the
      // lease, and attempts remain. A sent notification is never claimed again.
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.case(caseNumber),
          UpdateExpression: 'SET notifications.#id.#status = :sending, notifications.#id.#at = :at, notifications.#id.#to = :to ADD notifications.#id.attempts :one',
          ConditionExpression:
            'notifications.#id.attempts < :max AND (notifications.#id.#status = :failed OR ' +
            '(notifications.#id.#status = :sending AND notifications.#id.#at < :expired))',
          ExpressionAttributeNames: { ...names, '#status': 'status', '#at': 'at', '#to': 'to' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':failed': 'failed',
            ':at': at,
            ':to': claim.to,
            ':one': 1,
            ':max': claim.maxAttempts,
            ':expired': new Date(claim.now.getTime() - claim.leaseMs).toISOString(),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const notifications = out.Attributes?.notifications as Record<string, { attempts?: number }> | undefined;
      return Number(notifications?.[id]?.attempts);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry?: TimelineEntry): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.case(caseNumber),
        UpdateExpression: entry
          ? 'SET notifications.#id = :record, timeline = list_append(timeline, :entry), updatedAt = :at'
          : 'SET notifications.#id = :record, updatedAt = :at',
        ExpressionAttributeNames: { '#id': id },
        ExpressionAttributeValues: { ':record': record, ':at': record.at, ...(entry && { ':entry': [entry] }) },
      }),
    );
  }
}

/** The stored idempotency record when a transaction failed only because the key was used before. */
function idempotencyConflict(error: unknown): Item | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const [idem, put] = error.CancellationReasons ?? [];
  if (idem?.Code !== 'ConditionalCheckFailed' || (put?.Code && put.Code !== 'None' && put.Code !== 'ConditionalCheckFailed')) return undefined;
  // CancellationReasons carry raw attribute values even through the document client.
  return idem.Item ? unmarshall(idem.Item) : undefined;
}

