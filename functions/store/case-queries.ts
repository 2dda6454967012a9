/**
 * Cases found through the cases table's indexes: the due queue (byDue: escalation, the overdue
 * list), a month's cases (byMonth: the console's list) and a village's open cases (byOpen: the
 * officer inbox). Each read is one bounded Query.
 */
import { BatchGetCommand, QueryCommand, type BatchGetCommandOutput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { InboxCase } from '../domain/inbox.ts';
import type { DueCase } from '../domain/ports.ts';
import type { CaseSummary } from '../domain/stats.ts';
import { fromItem, type Item } from './case-items.ts';
import { queryItems, type CaseTable } from './client.ts';
import { caseNumberOf, DUE_QUEUE, keys } from './tables.ts';

export async function dueCases(t: CaseTable, now: Date, limit: number): Promise<DueCase[]> {
  const items = await queryItems(
    t.client,
    {
      TableName: t.tableName,
      IndexName: 'byDue',
      KeyConditionExpression: 'dueQueue = :due AND escalateAt <= :now',
      ExpressionAttributeValues: { ':due': DUE_QUEUE, ':now': now.toISOString() },
    },
    limit,
  );
  return items.map((item) => ({ caseNumber: String(item.pk).slice('CASE#'.length), escalateAt: String(item.escalateAt) }));
}

/** A page's cursor: the index key where the next page starts, opaque to clients (the admin routes check its shape). */
const cursorOf = (key: Record<string, NativeAttributeValue> | undefined) => key && Buffer.from(JSON.stringify(key)).toString('base64url');
const startKey = (cursor: string | undefined) => (cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined);

/** One page of an index's items: at most `limit`, from `cursor` on, and the cursor where the next page starts. */
async function indexPage(t: CaseTable, input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>, options: { limit: number; cursor?: string }): Promise<{ items: Item[]; cursor?: string }> {
  const out = await t.client.send(new QueryCommand({ TableName: t.tableName, ...input, Limit: options.limit, ExclusiveStartKey: startKey(options.cursor) }));
  const cursor = cursorOf(out.LastEvaluatedKey);
  return { items: out.Items ?? [], ...(cursor && { cursor }) };
}

export async function pageUnacknowledged(t: CaseTable, options: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
  const page = await indexPage(t, { IndexName: 'byDue', KeyConditionExpression: 'dueQueue = :due', ExpressionAttributeValues: { ':due': DUE_QUEUE } }, options);
  const wanted = page.items.map(itemKey);
  // The index holds keys only: the cases themselves.
  const found = await batchGet(t, wanted);
  const items = wanted.flatMap((key) => found.get(key.pk) ?? []).map((item) => fromItem(item) as unknown as CaseSummary);
  return { items, ...(page.cursor && { cursor: page.cursor }) };
}

const itemKey = (item: Item) => ({ pk: String(item.pk), sk: String(item.sk) });

/** The items of these keys (only the attributes `projection` names, when given), 100 to a batch, again for any a batch left; by `pk`. */
async function batchGet(t: CaseTable, wanted: readonly { pk: string; sk: string }[], projection?: string): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let start = 0; start < wanted.length; start += 100) {
    let keysLeft: Record<string, NativeAttributeValue>[] | undefined = wanted.slice(start, start + 100);
    for (let tries = 0; keysLeft?.length && tries < 5; tries += 1) {
      const got: BatchGetCommandOutput = await t.client.send(new BatchGetCommand({ RequestItems: { [t.tableName]: { Keys: keysLeft, ...(projection && { ProjectionExpression: projection }) } } }));
      for (const item of got.Responses?.[t.tableName] ?? []) found.set(String(item.pk), item);
      keysLeft = got.UnprocessedKeys?.[t.tableName]?.Keys;
    }
  }
  return found;
}

/** One page of a month's cases, newest first; `cursor` continues where the last page stopped. */
export async function pageInMonth(t: CaseTable, month: string, options: { limit: number; cursor?: string; from?: string; to?: string }): Promise<{ items: CaseSummary[]; cursor?: string }> {
  const range = options.from || options.to;
  const page = await indexPage(
    t,
    {
      IndexName: 'byMonth',
      KeyConditionExpression: range ? '#month = :month AND createdAt BETWEEN :from AND :to' : '#month = :month',
      ExpressionAttributeNames: { '#month': 'month' },
      ExpressionAttributeValues: { ':month': month, ...(range && { ':from': options.from ?? '0', ':to': options.to ?? '9' }) },
      ScanIndexForward: false,
    },
    options,
  );
  return { ...page, items: page.items.map((item) => fromItem(item) as unknown as CaseSummary) };
}

/** A village's open cases, urgent first and then oldest first, at most `limit` (the byOpen index). */
export async function openCases(t: CaseTable, villageId: string, limit: number): Promise<InboxCase[]> {
  const { items } = await indexPage(t, { IndexName: 'byOpen', KeyConditionExpression: 'openVillage = :village', ExpressionAttributeValues: { ':village': villageId } }, { limit });
  return items.map((item) => fromItem(item) as unknown as InboxCase);
}

/**
 * The SLA deadline of each of these cases, by case number: one batch read of that attribute alone (the
 * byOpen index does not project `slaDueAt`, and a deployed index's projection cannot change).
 */
export async function slaDeadlines(t: CaseTable, caseNumbers: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGet(t, caseNumbers.map((caseNumber) => keys.case(caseNumber)), 'pk, slaDueAt');
  return new Map([...found.values()].map((item) => [caseNumberOf(String(item.pk)), String(item.slaDueAt)]));
}
