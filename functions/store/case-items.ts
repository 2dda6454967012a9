/**
 * How a case partition's items look in the cases table: the case item (`CASE`, with the keys of the
 * due queue and the inbox index it carries), timeline entry items (`TL#…`) and SMS items (`SMS#…`).
 */
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CaseRecord, TimelineEntry } from '../domain/case.ts';
import type { StoredSms } from '../domain/ports.ts';
import { DUE_QUEUE, SK_PREFIX, caseNumberOf, keys, openSort } from './tables.ts';

export type Item = Record<string, NativeAttributeValue>;

export function toItem(record: CaseRecord): Item {
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
