/**
 * The tables, defined once. The CDK data construct and the local stack both build their tables from
 * these definitions, so a key or index cannot differ between AWS and a laptop.
 *
 * cases   pk/sk  CASE#{caseNumber} / CASE         a case: status, routing and a summary (bounded size)
 *                CASE#{caseNumber} / TL#P#{at}#{id}  a public timeline entry of the case
 *                CASE#{caseNumber} / TL#I#{at}#{id}  an internal timeline entry (notes; never shown to residents)
 *                CASE#{caseNumber} / SMS#{id}     an SMS the case calls for: pending → sending → sent | failed
 *                IDEM#{hash(key)}  / IDEM         idempotency record (TTL `ttl`, epoch seconds)
 *                LINK#{hash(token)} / LINK        an officer's one-tap link (TTL `ttl`)
 *                SEQ#{county}#{year} / SEQ        case-number counter
 *                LOGIN#{phone} / LOGIN            admin sign-in code (hash, tries; TTL)
 *                RATE#{key}#{s}s#{window} / RATE  limit counters of windows dividing s seconds, one attribute
 *                                                each, one write a hit (sign-in, SMS gate, Open311: one window;
 *                                                intake: an address's 10 minutes and day, a county's and each
 *                                                village's 10 minutes); TTL = window end
 *                ONCE#{key} / ONCE                one-time claim, e.g. a used proof of work (TTL)
 *                SESSION#{sid} / SESSION          a signed-in admin session (principal, phone; TTL)
 *                DEVICE#{principal} / {sid}       an officer's long-lived device session (inbox at /o/inbox; TTL)
 *                AUDIT#{YYYY-MM} / {at}#{id}      append-only audit log of staff actions (console and links)
 *                STATS#{YYYY-MM} / {area}         monthly counters of one area (county, station#…,
 *                                                 office#…, village#…, officer#{officer}#{village})
 *         byDue      dueQueue / escalateAt        sparse: unacknowledged cases by escalation time
 *         byMonth    month / createdAt            a month's cases, for the admin case list and CSV and Open311's GET requests
 *         byOpen     openVillage / openSort       sparse: a village's open cases, urgent first, then oldest (the officer inbox)
 * ratings pk caseNumber                           one rating per case
 * roster  pk/sk  COUNTY#{code} / CURRENT                       pointer to the current roster version
 *                COUNTY#{code}#v{n} / SETTINGS | STATION#id | OFFICE#id | VILLAGE#id | OFFICER#id
 *                ALERTS#{code} / {publishedAt}#{id}         public alerts
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../domain/ports.ts';

export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  /** Attributes copied into the index besides the keys; `ALL` copies the whole item. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export interface TableDefinition {
  /** Logical id in CDK and the suffix of the physical name (`{prefix}-{name}`). */
  readonly name: 'cases' | 'ratings' | 'roster';
  /** The environment variable that carries the table's name to a function. */
  readonly envVar: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** DynamoDB Streams view, where a handler reacts to writes. */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
  /** Epoch-seconds attribute after which DynamoDB deletes the item. */
  readonly ttlAttribute?: string;
}

const S = (name: string): KeyDefinition => ({ name, type: 'S' });

export const CASES_TABLE: TableDefinition = {
  name: 'cases',
  envVar: 'CASES_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalSecondaryIndexes: [
    { indexName: 'byDue', partitionKey: S('dueQueue'), sortKey: S('escalateAt'), projection: 'KEYS_ONLY' },
    {
      // Open311's GET requests lists from this index alone (docs/open311.md): it needs kind, status,
      // villageId, stationId, slaDueAt, ackAt and resolvedAt projected here.
      indexName: 'byMonth',
      partitionKey: S('month'),
      sortKey: S('createdAt'),
      projection: ['caseNumber', 'kind', 'status', 'urgent', 'villageId', 'officeId', 'stationId', 'officerId', 'level', 'escalateAt', 'slaDueAt', 'ackAt', 'resolvedAt', 'escalations', 'ratingScore'],
    },
    {
      // The officer inbox (functions/domain/inbox.ts): only open cases carry `openVillage`, so a
      // village's partition holds its open cases alone, and `openSort` puts urgent ones first.
      indexName: 'byOpen',
      partitionKey: S('openVillage'),
      sortKey: S('openSort'),
      projection: ['caseNumber', 'kind', 'status', 'urgent', 'villageId', 'officeId', 'stationId', 'officerId', 'level', 'createdAt', 'escalateAt', 'description'],
    },
  ],
  stream: 'NEW_IMAGE',
  ttlAttribute: 'ttl',
};

export const RATINGS_TABLE: TableDefinition = {
  name: 'ratings',
  envVar: 'RATINGS_TABLE',
  partitionKey: S('caseNumber'),
  globalSecondaryIndexes: [],
};

export const ROSTER_TABLE: TableDefinition = {
  name: 'roster',
  envVar: 'ROSTER_TABLE',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalSecondaryIndexes: [],
  // The site publisher reacts to a county's CURRENT pointer moving (stream-filter.ts): keys suffice.
  stream: 'KEYS_ONLY',
};

/** The sort key of a county's pointer to its current roster version (store/roster.ts). */
export const ROSTER_CURRENT_SK = 'CURRENT';

export const TABLES = [CASES_TABLE, RATINGS_TABLE, ROSTER_TABLE] as const;

/** Physical table name for a deployment, e.g. `cunjing-demo-cases`. */
export function tableName(prefix: string, table: TableDefinition): string {
  return `${prefix}-${table.name}`;
}

/** Key builders, the only place item keys are spelled. */
export const keys = {
  case: (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'CASE' }),
  /** A timeline entry; `id` makes entries written at the same millisecond distinct. */
  timelineEntry: (caseNumber: string, visibility: 'public' | 'internal', at: string, id: string) => ({
    pk: `CASE#${caseNumber}`,
    sk: `${visibility === 'public' ? SK_PREFIX.publicEntry : SK_PREFIX.internalEntry}${at}#${id}`,
  }),
  sms: (caseNumber: string, id: string) => ({ pk: `CASE#${caseNumber}`, sk: `${SK_PREFIX.sms}${id}` }),
  idempotency: (keyHash: string) => ({ pk: `IDEM#${keyHash}`, sk: 'IDEM' }),
  link: (tokenHash: string) => ({ pk: `LINK#${tokenHash}`, sk: 'LINK' }),
  sequence: (countyCode: string, year: number) => ({ pk: `SEQ#${countyCode}#${year}`, sk: 'SEQ' }),
  county: (countyCode: string) => `COUNTY#${countyCode}`,
  counter: (month: string, area: string) => ({ pk: `STATS#${month}`, sk: area }),
  /** An audit entry: the month of `at` (UTC) is the partition, `id` keeps entries of one millisecond apart. */
  audit: (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}` }),
  device: (principalId: string, sid: string) => ({ pk: `DEVICE#${principalId}`, sk: sid }),
} as const;

/** The item of an audit entry (the admin store's, and one written inside a case change's transaction). */
export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return { ...keys.audit(entry.at, randomUUID()), ...entry };
}

/** Sort-key prefixes of the items under a case's partition. */
export const SK_PREFIX = { publicEntry: 'TL#P#', internalEntry: 'TL#I#', sms: 'SMS#' } as const;

/** The case number of an item under a case's partition. */
export function caseNumberOf(pk: string): string {
  return pk.slice('CASE#'.length);
}

/** The byOpen index's sort key: urgent cases first (`0#`), then the others (`1#`), each oldest first. */
export function openSort(record: { readonly urgent: boolean; readonly createdAt: string }): string {
  return `${record.urgent ? 0 : 1}#${record.createdAt}`;
}

/** Unacknowledged cases wait in this queue of the byDue index until someone acknowledges them. */
export const DUE_QUEUE = 'due';
