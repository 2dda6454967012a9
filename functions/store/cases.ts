/**
 * The cases table. A case is a partition: the case item (status, routing, a summary) and, beside
 * it, one item per timeline entry and one per SMS, each written in the same transaction as the
 * change that causes it, so no item grows with the case's history. Idempotency records and
 * case-number counters live in the same table.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { CaseLimitError, FieldError, type CaseRecord, type NotificationRecord, type TimelineEntry, type TimelinePage } from '../domain/case.ts';
import type { LinkRecord } from '../domain/links.ts';
import type { CaseChange, CaseStore, CreateCaseResult, DueCase, IdempotencyClaim, IdempotencyRecord, LinkStore, SmsClaim, StoredSms } from '../domain/ports.ts';
import type { PlannedSms } from '../domain/routing.ts';
import type { CaseSummary } from '../domain/stats.ts';
import type { InboxCase } from '../domain/inbox.ts';
import { queryItems } from './client.ts';
import { counterUpdate } from './counters.ts';
import { DUE_QUEUE, SK_PREFIX, auditItem, caseNumberOf, keys, openSort } from './tables.ts';

/** One item of a TransactWriteItems call, as the document client takes it. */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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
    // Open cases only: the byOpen index (the officer inbox) is sparse.
    ...(record.status !== 'resolved' && { openVillage: record.villageId, openSort: openSort(record) }),
  };
}

/** Store-only attributes (keys, queue marker, link hashes, the counted mark; the old layout's lists) stay in the store. */
export function fromItem(item: Item): CaseRecord {
  const { pk: _pk, sk: _sk, dueQueue: _dueQueue, openVillage: _openVillage, openSort: _openSort, pendingSms: _pending, linkHashes: _links, counted: _counted, timeline: _timeline, notifications: _notifications, ...record } = item;
  return record as CaseRecord;
}

/** A timeline entry item's entry. */
export function entryFromItem(item: Item): TimelineEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as TimelineEntry;
}

/** An SMS item as the router and the console see it (its case number and id come from the key). */
export function smsFromItem(item: Item): StoredSms & { caseNumber: string } {
  const { pk, sk, ...sms } = item;
  return { ...(sms as StoredSms), id: String(sk).slice(SK_PREFIX.sms.length), caseNumber: caseNumberOf(String(pk)) };
}

/** The item of a timeline entry of a case. */
export function entryItem(caseNumber: string, entry: TimelineEntry, id: string): Item {
  return { ...keys.timelineEntry(caseNumber, entry.visibility, entry.at, id), ...entry };
}

/** A public page's cursor: the oldest shown entry's place in the partition (time and id), opaque to clients. */
function encodeTimelineCursor(place: string): string {
  return Buffer.from(place, 'utf8').toString('base64url');
}

const CURSOR_PLACE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#[^\u0000-\u001f]{1,120}$/u;

/** Reads a cursor this store gave; anything else is the client's mistake (400), never a read elsewhere in the partition. */
function decodeTimelineCursor(cursor: string): string {
  const place = /^[\w-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!CURSOR_PLACE.test(place)) throw new FieldError('before', 'is not a cursor from an earlier answer');
  return place;
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
    if (idempotency) {
      // First the key, then the case: a crash between the two leaves a key whose case is missing,
      // which the retry (same key) finds and writes; the other order could make two cases.
      const first: IdempotencyRecord = { caseNumber: record.caseNumber, villageId: record.villageId, requestHash: idempotency.requestHash };
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
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
      await this.#client.send(new PutCommand({ TableName: this.#table, Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
      return { created: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { created: false };
      throw error;
    }
  }

  async get(caseNumber: string, options: { consistent?: boolean } = {}): Promise<CaseRecord | undefined> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#table, Key: keys.case(caseNumber), ConsistentRead: options.consistent }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  /** The newest `limit` entries with a sort-key prefix, newest first, and whether older ones exist. */
  async #newest(caseNumber: string, prefix: string, limit: number): Promise<{ entries: TimelineEntry[]; more: boolean }> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.case(caseNumber).pk, ':prefix': prefix },
        ScanIndexForward: false,
        // One more than asked: whether older entries exist, without a second read.
        Limit: limit + 1,
      }),
    );
    const items = out.Items ?? [];
    return { entries: items.slice(0, limit).map(entryFromItem), more: items.length > limit };
  }

  /**
   * The resident's page of public entries: at most `limit` items read (no look-ahead item, so the
   * read units stay within budget however long the entries are), older than the `before` cursor
   * when given. DynamoDB's LastEvaluatedKey says whether to offer an older page; it may turn out
   * to hold only the case's "received" entry.
   */
  async #publicPage(caseNumber: string, limit: number, before: string | undefined): Promise<TimelinePage> {
    const { pk } = keys.case(caseNumber);
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': SK_PREFIX.publicEntry },
        ScanIndexForward: false,
        Limit: limit,
        ...(before !== undefined && { ExclusiveStartKey: { pk, sk: `${SK_PREFIX.publicEntry}${decodeTimelineCursor(before)}` } }),
      }),
    );
    const entries = (out.Items ?? []).map(entryFromItem).reverse();
    const last = out.LastEvaluatedKey?.sk;
    return typeof last === 'string' ? { entries, complete: false, before: encodeTimelineCursor(last.slice(SK_PREFIX.publicEntry.length)) } : { entries, complete: true };
  }

  async timeline(caseNumber: string, options: { limit: number; publicOnly?: boolean; before?: string }): Promise<TimelinePage> {
    if (options.publicOnly) return this.#publicPage(caseNumber, options.limit, options.before);
    const parts = await Promise.all([
      this.#newest(caseNumber, SK_PREFIX.publicEntry, options.limit),
      this.#newest(caseNumber, SK_PREFIX.internalEntry, options.limit),
    ]);
    const merged = parts.flatMap((p) => p.entries).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const entries = merged.slice(0, options.limit).reverse();
    return { entries, complete: merged.length <= options.limit && parts.every((p) => !p.more) };
  }

  async notifications(caseNumber: string, limit: number): Promise<StoredSms[]> {
    const items = await queryItems(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.case(caseNumber).pk, ':prefix': SK_PREFIX.sms },
      },
      limit,
    );
    return items.map((item) => {
      const { caseNumber: _n, ...sms } = smsFromItem(item);
      return sms;
    }).sort((a, b) => {
      // In the order the case called for them: `at` moves with every attempt, `queuedAt` never does.
      const x = a.queuedAt ?? a.at;
      const y = b.queuedAt ?? b.at;
      return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  async claimNotification(caseNumber: string, sms: PlannedSms, claim: { now: Date; leaseMs: number; maxAttempts: number }): Promise<SmsClaim> {
    const at = claim.now.toISOString();
    const key = keys.sms(caseNumber, sms.id);
    try {
      // A new case's routing: the SMS item does not exist yet; creating it is the claim. It is
      // written as `sending`, so its INSERT is no work for the router (the filter wants `pending`).
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key, ...sms, status: 'sending', attempts: 1, at, queuedAt: at },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    try {
      // Otherwise go only if it is waiting (pending), the last try failed, or its sender died
      // holding the lease, and attempts remain. A sent SMS is never claimed again.
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key,
          UpdateExpression: 'SET #status = :sending, #at = :at ADD attempts :one',
          ConditionExpression: 'attempts < :max AND (#status IN (:pending, :failed) OR (#status = :sending AND #at < :expired))',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':failed': 'failed',
            ':at': at,
            ':one': 1,
            ':max': claim.maxAttempts,
            ':expired': new Date(claim.now.getTime() - claim.leaseMs).toISOString(),
          },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return Number(out.Attributes?.attempts);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      // Someone holds a live lease (a send that crashed before it settled): try again after it.
      return old.status === 'sending' && Number(old.attempts) < claim.maxAttempts ? 'busy' : 'done';
    }
  }

  async settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry: TimelineEntry): Promise<void> {
    // The intent (who, what) was written with the claim; the outcome is what changes.
    const outcome = { status: record.status, attempts: record.attempts, at: record.at, messageId: record.messageId, error: record.error };
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = {};
    const sets = Object.entries(outcome)
      .filter(([, v]) => v !== undefined)
      .map(([attr, v]) => {
        names[`#${attr}`] = attr;
        values[`:${attr}`] = v;
        return `#${attr} = :${attr}`;
      });
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.#table,
              Key: keys.sms(caseNumber, id),
              UpdateExpression: `SET ${sets.join(', ')}${record.status === 'sent' ? ' REMOVE #error' : ''}`,
              ConditionExpression: 'attribute_exists(sk)',
              ExpressionAttributeNames: { ...names, ...(record.status === 'sent' && { '#error': 'error' }) },
              ExpressionAttributeValues: values,
            },
          },
          // One entry per attempt: a settle that is retried writes the same entry again.
          { Put: { TableName: this.#table, Item: entryItem(caseNumber, entry, `sms-${id}-${record.attempts}`) } },
        ],
      }),
    );
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
          TableName: this.#table,
          Key: keys.case(caseNumber),
          UpdateExpression: [`SET ${sets.join(', ')}`, removes.length ? `REMOVE ${removes.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '']
            .filter(Boolean)
            .join(' '),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: values,
        },
      },
      ...change.entries.map((entry, i) => ({ Put: { TableName: this.#table, Item: entryItem(caseNumber, entry, `${String(i).padStart(2, '0')}${suffix}`) } })),
      // A new SMS item, pending: its INSERT is what the router reacts to.
      ...(change.sms ?? []).map((sms) => ({
        Put: {
          TableName: this.#table,
          Item: { ...keys.sms(caseNumber, sms.id), ...sms, status: 'pending', attempts: 0, at: change.at, queuedAt: change.at },
          ConditionExpression: 'attribute_not_exists(sk)',
        },
      })),
      // The monthly counters the change moves (functions/domain/counters.ts).
      ...(change.counters ?? []).map((d) => counterUpdate(this.#table, d)),
      // The staff action on the record, with the change or not at all.
      ...(change.audit ? [{ Put: { TableName: this.#table, Item: auditItem(change.audit), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ];
    try {
      // A change that writes nothing beside the case item stays one (cheaper) write.
      if (items.length === 1) await this.#client.send(new UpdateCommand(items[0]!.Update!));
      else await this.#client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw limitError(error) ?? error;
    }
  }

  async dueCases(now: Date, limit: number): Promise<DueCase[]> {
    const items = await queryItems(
      this.#client,
      {
        TableName: this.#table,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueQueue = :due AND escalateAt <= :now',
        ExpressionAttributeValues: { ':due': DUE_QUEUE, ':now': now.toISOString() },
      },
      limit,
    );
    return items.map((item) => ({ caseNumber: String(item.pk).slice('CASE#'.length), escalateAt: String(item.escalateAt) }));
  }

  async pageUnacknowledged(options: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueQueue = :due',
        ExpressionAttributeValues: { ':due': DUE_QUEUE },
        Limit: options.limit,
        ExclusiveStartKey: options.cursor ? JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) : undefined,
      }),
    );
    const cursor = out.LastEvaluatedKey && Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url');
    const wanted = (out.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    const found: Item[] = [];
    // The index holds keys only: the cases themselves, 100 to a batch, again for any the batch left.
    for (let start = 0; start < wanted.length; start += 100) {
      let keysLeft: Record<string, NativeAttributeValue>[] | undefined = wanted.slice(start, start + 100);
      for (let tries = 0; keysLeft?.length && tries < 5; tries += 1) {
        const got: BatchGetCommandOutput = await this.#client.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keysLeft } } }));
        found.push(...(got.Responses?.[this.#table] ?? []));
        keysLeft = got.UnprocessedKeys?.[this.#table]?.Keys;
      }
    }
    const order = new Map(wanted.map((k, i) => [k.pk, i]));
    const items = found.sort((a, b) => order.get(String(a.pk))! - order.get(String(b.pk))!).map((item) => fromItem(item) as unknown as CaseSummary);
    return { items, ...(cursor && { cursor }) };
  }

  /** One page of a month's cases, newest first; `cursor` continues where the last page stopped. */
  async pageInMonth(month: string, options: { limit: number; cursor?: string; from?: string; to?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
    const range = options.from || options.to;
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byMonth',
        KeyConditionExpression: range ? '#month = :month AND createdAt BETWEEN :from AND :to' : '#month = :month',
        ExpressionAttributeNames: { '#month': 'month' },
        ExpressionAttributeValues: { ':month': month, ...(range && { ':from': options.from ?? '0', ':to': options.to ?? '9' }) },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.cursor ? JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) : undefined,
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => fromItem(item) as unknown as CaseSummary),
      ...(out.LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') }),
    };
  }

  /** A village's open cases, urgent first and then oldest first, at most `limit` (the byOpen index). */
  async openCases(villageId: string, limit: number): Promise<InboxCase[]> {
    const out = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'byOpen',
        KeyConditionExpression: 'openVillage = :village',
        ExpressionAttributeValues: { ':village': villageId },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => fromItem(item) as unknown as InboxCase);
  }

  // ── One-tap links (LinkStore) ─────────────────────────────────────────────────────────────────

  async putLink(link: LinkRecord): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.case(link.caseNumber),
        UpdateExpression: 'ADD linkHashes :hash',
        ExpressionAttributeValues: { ':hash': new Set([link.tokenHash]) },
      }),
    );
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...keys.link(link.tokenHash), ...link, ttl: Math.floor(Date.parse(link.expiresAt) / 1000) + 30 * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getLink(tokenHash: string): Promise<LinkRecord | undefined> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#table, Key: keys.link(tokenHash) }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ttl: _ttl, ...link } = out.Item;
    return link as LinkRecord;
  }

  async revokeLinks(caseNumber: string, generation: number): Promise<number> {
    const out = await this.#client.send(new GetCommand({ TableName: this.#table, Key: keys.case(caseNumber), ProjectionExpression: 'linkHashes' }));
    const hashes = [...((out.Item?.linkHashes as Set<string> | undefined) ?? [])];
    await Promise.all(
      hashes.map((hash) =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: keys.link(hash),
            UpdateExpression: 'SET revoked = :yes',
            ConditionExpression: 'attribute_exists(pk) AND generation < :generation',
            ExpressionAttributeValues: { ':yes': true, ':generation': generation },
          }),
        ).catch((error) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }),
      ),
    );
    return hashes.length;
  }
}

/** The same table seen through the LinkStore port. */
export class DynamoLinkStore implements LinkStore {
  readonly #cases: DynamoCaseStore;
  constructor(cases: DynamoCaseStore) {
    this.#cases = cases;
  }
  put(link: LinkRecord): Promise<void> {
    return this.#cases.putLink(link);
  }
  get(tokenHash: string): Promise<LinkRecord | undefined> {
    return this.#cases.getLink(tokenHash);
  }
  revokeAll(caseNumber: string, generation: number): Promise<number> {
    return this.#cases.revokeLinks(caseNumber, generation);
  }
}
