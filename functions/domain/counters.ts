/**
 * Counters: the monthly figures kept as cases change, so /stats, GET /api/v1/stats and the monthly
 * assessment read a handful of items per month however many cases there are. Each case counts in
 * the month it was received (its `month`) and in five areas: the county, its station, its central
 * office, its village, and its officer in that village. The last one is keyed by officer *and*
 * village, so an officer's row can be cut to a chief's area, and so a later rule ("what happened
 * while the case was theirs") can key by whoever held the case without a new layout.
 *
 * A new case is counted once by the stream router (the submission's transaction has no room);
 * every later change that moves a figure carries its counter updates in its own transaction.
 */
import { CASE_KINDS, type CaseKind, type CaseRecord } from './case.ts';
import type { CaseChange, CaseStore, CounterStore } from './ports.ts';

/** Where a case sits: what the counters are kept per. */
export type Place = Pick<CaseRecord, 'villageId' | 'officeId' | 'stationId' | 'officerId'>;

/** Named counts of one area in one month: `received`, `kind_{kind}`, `ack_{minutes}` buckets… */
export type Counts = Readonly<Record<string, number>>;

/** One counter item to move: the month, the area's key, what identifies the area, the amounts. */
export interface CounterDelta {
  readonly month: string;
  /** `county`, `station#{id}`, `office#{id}`, `village#{id}` or `officer#{officerId}#{villageId}`. */
  readonly area: string;
  /** Stored on the item so a reader can tell which area it is (and apply a person's scope). */
  readonly labels: Partial<Place>;
  readonly add: Counts;
}

/** A counter item as read back. */
export interface CounterItem {
  readonly area: string;
  readonly labels: Partial<Place>;
  readonly counts: Counts;
}

export const AREA_PREFIX = { station: 'station#', officer: 'officer#' } as const;

function areas(place: Place): { area: string; labels: Partial<Place> }[] {
  return [
    { area: 'county', labels: {} },
    { area: `station#${place.stationId}`, labels: { stationId: place.stationId } },
    { area: `office#${place.officeId}`, labels: { stationId: place.stationId, officeId: place.officeId } },
    { area: `village#${place.villageId}`, labels: { stationId: place.stationId, officeId: place.officeId, villageId: place.villageId } },
    { area: `officer#${place.officerId}#${place.villageId}`, labels: { stationId: place.stationId, officeId: place.officeId, villageId: place.villageId, officerId: place.officerId } },
  ];
}

// ── Acknowledgement-time histogram ──────────────────────────────────────────────────────────────

/**
 * Lower bounds (minutes) of the acknowledgement-time buckets: each minute for the first ten, then 5,
 * 15, 60 and 360 minutes wide, the last one open (a week and more). A median read from them is the
 * lower bound of the bucket it falls in.
 */
export const ACK_BUCKETS: readonly number[] = [
  ...range(0, 10, 1),
  ...range(10, 60, 5),
  ...range(60, 240, 15),
  ...range(240, 1440, 60),
  ...range(1440, 10_080, 360),
  10_080,
];

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step }, (_, i) => from + i * step);
}

/** The bucket (its lower bound, in minutes) an acknowledgement `minutes` after the report falls in. */
export function ackBucket(minutes: number): number {
  let lower = 0;
  for (const b of ACK_BUCKETS) if (minutes >= b) lower = b;
  return lower;
}

// ── What moves a figure ─────────────────────────────────────────────────────────────────────────

type Counted = Pick<CaseRecord, 'kind' | 'createdAt' | 'slaDueAt' | 'ackAt' | 'status' | 'escalations' | 'ratingScore'>;

function ackCounts(createdAt: string, slaDueAt: string, ackAt: string): Record<string, number> {
  const minutes = (Date.parse(ackAt) - Date.parse(createdAt)) / 60_000;
  return { acknowledged: 1, ...(ackAt <= slaDueAt && { ackInTime: 1 }), [`ack_${ackBucket(minutes)}`]: 1 };
}

/** Everything a case adds to its area's figures as it stands. */
export function caseCounts(c: Counted): Record<string, number> {
  return {
    received: 1,
    [`kind_${c.kind}`]: 1,
    ...(c.ackAt && ackCounts(c.createdAt, c.slaDueAt, c.ackAt)),
    ...(c.status === 'resolved' && { resolved: 1 }),
    ...(c.escalations && { escalations: c.escalations }),
    ...(typeof c.ratingScore === 'number' && { ratingCount: 1, ratingSum: c.ratingScore }),
  };
}

function deltas(month: string, place: Place, add: Counts, sign = 1): CounterDelta[] {
  const signed = Object.fromEntries(Object.entries(add).map(([k, v]) => [k, v * sign]));
  return areas(place).map(({ area, labels }) => ({ month, area, labels, add: signed }));
}

/** A new case: received, and its kind, in each of its areas. */
export function newCaseCounters(record: Pick<CaseRecord, 'month' | 'kind'> & Place): CounterDelta[] {
  return deltas(record.month, record, { received: 1, [`kind_${record.kind}`]: 1 });
}

/** Everything a case as it stands adds to each of its areas (for a rebuild, or cases written in bulk). */
export function caseCounters(record: Counted & Pick<CaseRecord, 'month'> & Place): CounterDelta[] {
  return deltas(record.month, record, caseCounts(record));
}

/** A month's counters worked out from its cases as they stand, one delta per area (a rebuild). */
export function totalsOf(cases: readonly (Counted & Pick<CaseRecord, 'month'> & Place)[]): CounterDelta[] {
  const totals = new Map<string, CounterDelta & { add: Record<string, number> }>();
  for (const d of cases.flatMap(caseCounters)) {
    const key = `${d.month}|${d.area}`;
    const total = totals.get(key) ?? { ...d, add: {} };
    for (const [k, v] of Object.entries(d.add)) total.add[k] = (total.add[k] ?? 0) + v;
    totals.set(key, total);
  }
  return [...totals.values()];
}

/** A rating: its score and one more rating, in each of the case's areas. */
export function ratingCounters(record: Pick<CaseRecord, 'month'> & Place, score: number): CounterDelta[] {
  return deltas(record.month, record, { ratingCount: 1, ratingSum: score });
}

/**
 * The counter updates a change to `record` calls for: a first acknowledgement, a resolution (and a
 * reopening, which takes it back), an escalation, a move to another village (the case's figures so far go with it, as the figures follow
 * the case's current officer). Sound only with an `expect` that pins what was read: the status (the
 * first acknowledgement and the resolution happen once) and, for a move, the village and the level.
 */
export function changeCounters(record: CaseRecord, change: CaseChange): CounterDelta[] {
  const add: Record<string, number> = {};
  const ackAt = change.setOnce?.ackAt ?? change.set?.ackAt;
  if (ackAt && !record.ackAt) Object.assign(add, ackCounts(record.createdAt, record.slaDueAt, ackAt));
  if (change.set?.status === 'resolved' && record.status !== 'resolved') add.resolved = 1;
  // Reopened ("not fixed"): resolved no more, until it is resolved again.
  if (change.set?.status !== undefined && change.set.status !== 'resolved' && record.status === 'resolved') add.resolved = -1;
  if (change.increment?.escalations) add.escalations = change.increment.escalations;
  const set = change.set ?? {};
  const moved = set.villageId !== undefined && set.villageId !== record.villageId;
  if (!moved) return Object.keys(add).length ? deltas(record.month, record, add) : [];
  const to: Place = { villageId: set.villageId!, officeId: set.officeId ?? record.officeId, stationId: set.stationId ?? record.stationId, officerId: set.officerId ?? record.officerId };
  // Out of the old areas as the case stood, into the new ones with whatever this change adds.
  const before = caseCounts(record);
  const after: Record<string, number> = { ...before };
  for (const [k, v] of Object.entries(add)) after[k] = (after[k] ?? 0) + v;
  const out = new Map<string, CounterDelta>();
  for (const d of [...deltas(record.month, record, before, -1), ...deltas(record.month, to, after)]) {
    const seen = out.get(d.area);
    if (!seen) {
      out.set(d.area, d);
      continue;
    }
    const sum: Record<string, number> = { ...seen.add };
    for (const [k, v] of Object.entries(d.add)) sum[k] = (sum[k] ?? 0) + v;
    out.set(d.area, { ...d, add: sum });
  }
  return [...out.values()]
    .map((d) => ({ ...d, add: Object.fromEntries(Object.entries(d.add).filter(([, v]) => v !== 0)) }))
    .filter((d) => Object.keys(d.add).length > 0);
}

/** Counts a new case as the stream brings it; a redelivered record counts nothing. */
export function countNewCase(counters: CounterStore, record: CaseRecord): Promise<boolean> {
  return counters.countNew(record.caseNumber, newCaseCounters(record));
}

/** The change with the counter updates it calls for, to be written in the same transaction. */
export function counted(record: CaseRecord, change: CaseChange): CaseChange {
  const counters = changeCounters(record, change);
  return counters.length ? { ...change, counters } : change;
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────

/** Counts added up (several months, or the villages of one officer). */
export function sumCounts(list: readonly Counts[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of list) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Kinds in a fixed order, zero where none. */
export function kindCounts(counts: Counts): Record<CaseKind, number> {
  return Object.fromEntries(CASE_KINDS.map((k) => [k, counts[`kind_${k}`] ?? 0])) as Record<CaseKind, number>;
}

/** The median acknowledgement time read from the histogram (bucket lower bounds); null without acknowledgements. */
export function medianAckMinutes(counts: Counts): number | null {
  const buckets = ACK_BUCKETS.map((b) => [b, counts[`ack_${b}`] ?? 0] as const).filter(([, n]) => n > 0);
  const total = buckets.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (rank < seen) return b;
    }
    return buckets.at(-1)![0];
  };
  const mid = Math.floor(total / 2);
  return Math.round(total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2);
}

// ── Rebuilding ──────────────────────────────────────────────────────────────────────────────────

/**
 * Works a month's counters out again from its cases (by the byMonth index: a maintenance job, not a
 * request path) and replaces the stored ones: for cases written before counters existed, or to
 * correct drift. Each case is marked counted first, so the router does not count it again. Safe to
 * run again at any time; a change landing while it runs may be missed, and the next run puts it right.
 */
export async function rebuildMonth(cases: Pick<CaseStore, 'pageInMonth'>, counters: CounterStore, month: string): Promise<{ cases: number; areas: number }> {
  const all: (Parameters<typeof totalsOf>[0][number] & Pick<CaseRecord, 'caseNumber'>)[] = [];
  let cursor: string | undefined;
  do {
    const page = await cases.pageInMonth(month, { limit: 500, ...(cursor && { cursor }) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  for (let i = 0; i < all.length; i += 10) await Promise.all(all.slice(i, i + 10).map((c) => counters.markCounted(c.caseNumber)));
  const totals = totalsOf(all);
  await counters.replaceMonth(month, totals);
  return { cases: all.length, areas: totals.length };
}
