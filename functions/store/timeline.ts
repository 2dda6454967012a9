/**
 * A case's timeline entries (`TL#P#…` public, `TL#I#…` internal): the newest page for staff, and
 * the resident's public pages with an opaque cursor to older ones. Bounded reads, whatever the
 * number of entries.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TimelineEntry, TimelinePage } from '../domain/case.ts';
import type { CaseTable } from './client.ts';
import { FieldError } from '../domain/errors.ts';
import { entryFromItem } from './case-items.ts';
import { SK_PREFIX, keys } from './tables.ts';

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

/** The newest `limit` entries with a sort-key prefix, newest first, and whether older ones exist. */
async function newest(t: CaseTable, caseNumber: string, prefix: string, limit: number): Promise<{ entries: TimelineEntry[]; more: boolean }> {
  const out = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
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
async function publicPage(t: CaseTable, caseNumber: string, limit: number, before: string | undefined): Promise<TimelinePage> {
  const { pk } = keys.case(caseNumber);
  const out = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
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

export async function timeline(t: CaseTable, caseNumber: string, options: { limit: number; publicOnly?: boolean; before?: string }): Promise<TimelinePage> {
  if (options.publicOnly) return publicPage(t, caseNumber, options.limit, options.before);
  const parts = await Promise.all([
    newest(t, caseNumber, SK_PREFIX.publicEntry, options.limit),
    newest(t, caseNumber, SK_PREFIX.internalEntry, options.limit),
  ]);
  const merged = parts.flatMap((p) => p.entries).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const entries = merged.slice(0, options.limit).reverse();
  return { entries, complete: merged.length <= options.limit && parts.every((p) => !p.more) };
}
