/**
 * The case item (`CASE`) of a case partition: created with its idempotency record, read, and changed
 * in one transaction with everything the change writes beside it (timeline entries, pending SMS
 * items, counters, the audit entry). The CaseStore port also takes the partition's other items and
 * the indexes, each from a module of its own: case numbers (sequence.ts), the timeline
 * (timeline.ts), SMS items (sms-items.ts) and the queries by index (case-queries.ts).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import type { CaseRecord, NotificationRecord, TimelineEntry, TimelinePage } from '../domain/case.ts';
import { CaseLimitError } from '../domain/errors.ts';
import type { CaseChange, CaseStore, CreateCaseResult, DueCase, IdempotencyClaim, IdempotencyRecord, SmsClaim, StoredSms } from '../domain/ports.ts';
import type { PlannedSms } from '../domain/routing.ts';
import type { CaseSummary } from '../domain/stats.ts';
import type { InboxCase } from '../domain/inbox.ts';
import { entryItem, fromItem, toItem } from './case-items.ts';
import * as queries from './case-queries.ts';
import { type CaseTable, TableStore } from './client.ts';
import { counterUpdate } from './counters.ts';
import { DynamoSequence } from './sequence.ts';
import * as smsItems from './sms-items.ts';
import { DUE_QUEUE, auditItem, keys } from './tables.ts';
import * as timeline from './timeline.ts';

/** One item of a TransactWriteItems call, as the document client takes it. */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface DynamoCaseStoreOptions extends CaseTable {
  /**
   * Case numbers reserved per counter write. Each process hands them out from memory, so most
   * submissions cost no counter write at all; numbers a process never uses are skipped (case
   * numbers are unique, not gap-free).
   * @default 10
   */
  readonly sequenceBlock?: number;
}

/** DynamoDB refuses an item over 400 KB with a ValidationException; say so instead of "try again". */
function limitError(error: unknown): CaseLimitError | undefined {
  const message = error instanceof Error ? error.message : '';
  const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((r) => r.Message ?? '').join(' ') : '';
  if (/item size|size has exceeded|exceeds? the maximum/i.test(`${message} ${reasons}`)) {
    return new CaseLimitError('this case is too large to take this change; write a shorter text, or open a new case that refers to this one');
  }
  return undefined;
}

export class DynamoCaseStore extends TableStore implements CaseStore {
  readonly #sequence: DynamoSequence;
  /** The table, for the functions of the partition's other items and of the indexes. */
  readonly #t: CaseTable;

  constructor(options: DynamoCaseStoreOptions) {
    super(options);
    this.#sequence = new DynamoSequence({ ...options, block: options.sequenceBlock ?? 10 });
    this.#t = options;
  }

  nextSequence(countyCode: string, year: number): Promise<number> {
    return this.#sequence.nextSequence(countyCode, year);
  }

  async create(record: CaseRecord, idempotency?: IdempotencyClaim): Promise<CreateCaseResult> {
    if (idempotency) {
      // First the key, then the case: a crash between the two leaves a key whose case is missing,
      // which the retry (same key) finds and writes; the other order could make two cases.
      const first: IdempotencyRecord = { caseNumber: record.caseNumber, villageId: record.villageId, requestHash: idempotency.requestHash };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...keys.idempotency(idempotency.keyHash), ...first, ttl: Math.floor(idempotency.expiresAt.getTime() / 1000) },
            // A record past its time (TTL deletes lazily) no longer holds the key.
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':now': Math.floor(Date.parse(record.createdAt) / 1000) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The exception carries raw attribute values even through the document client.
        const old = error.Item ? unmarshall(error.Item) : {};
        return { created: false, first: { caseNumber: String(old.caseNumber), villageId: String(old.villageId), requestHash: String(old.requestHash) } };
      }
    }
    try {
      // One conditional put: the case's INSERT is also the router's cue (and the counters', which it keeps).
      await this.client.send(new PutCommand({ TableName: this.table, Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
      return { created: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { created: false };
      throw error;
    }
  }

  async get(caseNumber: string, options: { consistent?: boolean } = {}): Promise<CaseRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.case(caseNumber), ConsistentRead: options.consistent }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async updateCase(caseNumber: string, change: CaseChange): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = { ':at': change.at };
    const sets = ['updatedAt = :at'];
    const removes: string[] = [];
    const adds: string[] = [];
    const conditions = ['attribute_exists(pk)'];
    let n = 0;
    const name = (attr: string) => {
      names[`#${attr}`] = attr;
      return `#${attr}`;
    };
    const value = (v: NativeAttributeValue) => {
      const key = `:v${(n += 1)}`;
      values[key] = v;
      return key;
    };

    for (const [attr, v] of Object.entries(change.set ?? {})) {
      if (v === undefined) continue;
      sets.push(`${name(attr)} = ${value(v)}`);
      if (attr === 'escalateAt') sets.push(`${name('dueQueue')} = ${value(DUE_QUEUE)}`);
    }
    for (const [attr, v] of Object.entries(change.setOnce ?? {})) {
      if (v === undefined) continue;
      sets.push(`${name(attr)} = if_not_exists(${name(attr)}, ${value(v)})`);
    }
    for (const [attr, v] of Object.entries(change.increment ?? {})) {
      if (v !== undefined) adds.push(`${name(attr)} ${value(v)}`);
    }
    // The inbox index follows the case: a resolved case leaves it, a transfer moves it to its new
    // village, a reopened case comes back to its village's inbox.
    const set = change.set ?? {};
    if (set.status === 'resolved') removes.push(name('openVillage'));
    else if (set.villageId !== undefined) sets.push(`${name('openVillage')} = ${value(set.villageId)}`);
    else if (set.status !== undefined) sets.push(`${name('openVillage')} = ${name('villageId')}`);
    for (const attr of change.remove ?? []) {
      removes.push(name(attr));
      if (attr === 'escalateAt') removes.push(name('dueQueue'));
    }
    if (change.appendPhotos?.length) sets.push(`${name('photos')} = list_append(if_not_exists(${name('photos')}, ${value([])}), ${value([...change.appendPhotos])})`);
    const expect = change.expect ?? {};
    if (expect.status) conditions.push(`${name('status')} IN (${expect.status.map((s) => value(s)).join(', ')})`);
    if (expect.level !== undefined) conditions.push(`${name('level')} = ${value(expect.level)}`);
    if (expect.escalateAt !== undefined) conditions.push(`${name('escalateAt')} = ${value(expect.escalateAt)}`);
    if (expect.villageId !== undefined) conditions.push(`${name('villageId')} = ${value(expect.villageId)}`);
    if (expect.rewardUnpaid) conditions.push(`attribute_not_exists(${name('reward')}.${name('paidAt')})`);

    // Entries written in one change share `at`; the suffix keeps them apart and in order.
    const suffix = randomUUID().slice(0, 8);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table,
          Key: keys.case(caseNumber),
          UpdateExpression: [`SET ${sets.join(', ')}`, removes.length ? `REMOVE ${removes.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '']
            .filter(Boolean)
            .join(' '),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: values,
        },
      },
      ...change.entries.map((entry, i) => ({ Put: { TableName: this.table, Item: entryItem(caseNumber, entry, `${String(i).padStart(2, '0')}${suffix}`) } })),
      // A new SMS item, pending: its INSERT is what the router reacts to.
      ...(change.sms ?? []).map((sms) => ({
        Put: {
          TableName: this.table,
          Item: { ...keys.sms(caseNumber, sms.id), ...sms, status: 'pending', attempts: 0, at: change.at, queuedAt: change.at },
          ConditionExpression: 'attribute_not_exists(sk)',
        },
      })),
      // The monthly counters the change moves (functions/domain/counters.ts).
      ...(change.counters ?? []).map((d) => counterUpdate(this.table, d)),
      // The staff action on the record, with the change or not at all.
      ...(change.audit ? [{ Put: { TableName: this.table, Item: auditItem(change.audit), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ];
    try {
      // A change that writes nothing beside the case item stays one (cheaper) write.
      if (items.length === 1) await this.client.send(new UpdateCommand(items[0]!.Update!));
      else await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw limitError(error) ?? error;
    }
  }

  timeline(caseNumber: string, options: { limit: number; publicOnly?: boolean; before?: string }): Promise<TimelinePage> {
    return timeline.timeline(this.#t, caseNumber, options);
  }

  notifications(caseNumber: string, limit: number): Promise<StoredSms[]> {
    return smsItems.notifications(this.#t, caseNumber, limit);
  }

  claimNotification(caseNumber: string, sms: PlannedSms, claim: { now: Date; leaseMs: number; maxAttempts: number }): Promise<SmsClaim> {
    return smsItems.claimNotification(this.#t, caseNumber, sms, claim);
  }

  settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry: TimelineEntry): Promise<void> {
    return smsItems.settleNotification(this.#t, caseNumber, id, record, entry);
  }

  dueCases(now: Date, limit: number): Promise<DueCase[]> {
    return queries.dueCases(this.#t, now, limit);
  }

  pageUnacknowledged(options: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
    return queries.pageUnacknowledged(this.#t, options);
  }

  pageInMonth(month: string, options: { limit: number; cursor?: string; from?: string; to?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
    return queries.pageInMonth(this.#t, month, options);
  }

  openCases(villageId: string, limit: number): Promise<InboxCase[]> {
    return queries.openCases(this.#t, villageId, limit);
  }

  slaDeadlines(caseNumbers: readonly string[]): Promise<Map<string, string>> {
    return queries.slaDeadlines(this.#t, caseNumbers);
  }
}
