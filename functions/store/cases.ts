/**
 * The cases table: one item per case holding its timeline and notification records, plus the
 * idempotency records and case-number counters that live beside them.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CaseRecord, NotificationRecord, TimelineEntry } from '../domain/case.ts';
import type { LinkRecord } from '../domain/links.ts';
import type { CaseChange, CaseStore, CreateCaseResult, DueCase, IdempotencyClaim, IdempotencyRecord, LinkStore } from '../domain/ports.ts';
import type { PlannedSms } from '../domain/routing.ts';
import type { CaseSummary } from '../domain/stats.ts';
import { queryItems } from './client.ts';
import { counterUpdate } from './counters.ts';
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

/** Store-only attributes (keys, queue marker, pending SMS, link hashes, the counted mark) stay in the store. */
export function fromItem(item: Item): CaseRecord {
  const { pk: _pk, sk: _sk, dueQueue: _dueQueue, pendingSms: _pending, linkHashes: _links, counted: _counted, ...record } = item;
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
                Item: { ...keys.idempotency(idempotency.keyHash), ...first, ttl: Math.floor(idempotency.expiresAt.getTime() / 1000) },
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

  async claimNotification(caseNumber: string, sms: PlannedSms, claim: { now: Date; leaseMs: number; maxAttempts: number }): Promise<number | undefined> {
    const at = claim.now.toISOString();
    const { id, ...intent } = sms;
    const names = { '#id': id };
    try {
      // First delivery of a new case: the notification was never attempted.
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.case(caseNumber),
          UpdateExpression: 'SET notifications.#id = :claim',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifications.#id)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':claim': { ...intent, status: 'sending', attempts: 1, at } },
        }),
      );
      return 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    try {
      // Otherwise go only if it is waiting (pending), the last try failed, or its sender died
      // holding the lease, and attempts remain. A sent notification is never claimed again.
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keys.case(caseNumber),
          UpdateExpression: 'SET notifications.#id.#status = :sending, notifications.#id.#at = :at ADD notifications.#id.attempts :one',
          ConditionExpression:
            'notifications.#id.attempts < :max AND (notifications.#id.#status IN (:pending, :failed) OR ' +
            '(notifications.#id.#status = :sending AND notifications.#id.#at < :expired))',
          ExpressionAttributeNames: { ...names, '#status': 'status', '#at': 'at' },
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
        }),
      );
      const notifications = out.Attributes?.notifications as Record<string, { attempts?: number }> | undefined;
      return Number(notifications?.[id]?.attempts);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry?: TimelineEntry, final = true): Promise<void> {
    const sets = ['notifications.#id = :record', 'updatedAt = :at', ...(entry ? ['timeline = list_append(timeline, :entry)'] : [])];
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: keys.case(caseNumber),
        UpdateExpression: `SET ${sets.join(', ')}${final ? ' DELETE pendingSms :ids' : ''}`,
        ExpressionAttributeNames: { '#id': id },
        ExpressionAttributeValues: {
          ':record': record,
          ':at': record.at,
          ...(entry && { ':entry': [entry] }),
          ...(final && { ':ids': new Set([id]) }),
        },
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
    for (const attr of change.remove ?? []) {
      removes.push(name(attr));
      if (attr === 'escalateAt') removes.push(name('dueQueue'));
    }
    if (change.entries.length > 0) sets.push(`timeline = list_append(timeline, ${value([...change.entries])})`);
    if (change.sms && change.sms.length > 0) {
      for (const { id, ...intent } of change.sms) {
        names[`#n${(n += 1)}`] = id;
        sets.push(`notifications.#n${n} = ${value({ ...intent, status: 'pending', attempts: 0, at: change.at })}`);
      }
      adds.push(`pendingSms ${value(new Set(change.sms.map((s) => s.id)))}`);
    }
    const expect = change.expect ?? {};
    if (expect.status) conditions.push(`${name('status')} IN (${expect.status.map((s) => value(s)).join(', ')})`);
    if (expect.level !== undefined) conditions.push(`${name('level')} = ${value(expect.level)}`);
    if (expect.escalateAt !== undefined) conditions.push(`${name('escalateAt')} = ${value(expect.escalateAt)}`);
    if (expect.villageId !== undefined) conditions.push(`${name('villageId')} = ${value(expect.villageId)}`);

    const update = {
      TableName: this.#table,
      Key: keys.case(caseNumber),
      UpdateExpression: [`SET ${sets.join(', ')}`, removes.length ? `REMOVE ${removes.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : '']
        .filter(Boolean)
        .join(' '),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: values,
    };
    try {
      // The monthly counters the change moves go in the same transaction, or it stays one write.
      if (change.counters?.length) {
        await this.#client.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...change.counters.map((d) => counterUpdate(this.#table, d))] }));
      } else {
        await this.#client.send(new UpdateCommand(update));
      }
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
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

/** The stored idempotency record when a transaction failed only because the key was used before. */
function idempotencyConflict(error: unknown): Item | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const [idem, put] = error.CancellationReasons ?? [];
  if (idem?.Code !== 'ConditionalCheckFailed' || (put?.Code && put.Code !== 'None' && put.Code !== 'ConditionalCheckFailed')) return undefined;
  // CancellationReasons carry raw attribute values even through the document client.
  return idem.Item ? unmarshall(idem.Item) : undefined;
}

