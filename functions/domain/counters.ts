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
import { CASE_KINDS, type CaseKind, type CaseRecord, type TimelineEntry } from './case.ts';
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

type Counted = Pick<CaseRecord, 'kind' | 'createdAt' | 'slaDueAt' | 'ackAt' | 'status' | 'escalations' | 'ratingScore'> &
  Partial<Pick<CaseRecord, 'heldSince' | 'heldEscalations' | 'heldAckAt' | 'heldDueAt'>>;

/** An acknowledgement, timed from when the case reached its holder (`since`). */
function ackCounts(since: string, slaDueAt: string, ackAt: string): Record<string, number> {
  const minutes = (Date.parse(ackAt) - Date.parse(since)) / 60_000;
  return { acknowledged: 1, ...(ackAt <= slaDueAt && { ackInTime: 1 }), [`ack_${ackBucket(minutes)}`]: 1 };
}

/** The first acknowledgement of the current holding (`heldAckAt`; on a case written before it, `ackAt`). */
export function holdingAckAt(c: Pick<Counted, 'ackAt' | 'heldAckAt'>): string | undefined {
  return c.heldAckAt ?? c.ackAt;
}

/**
 * An acknowledgement `ackAt` as the current holding counts it: timed from when the case reached its
 * holder, in time by the holder's own deadline (not one a report up or a reopening set for someone else).
 */
function holdingAckCounts(c: Counted, ackAt: string): Record<string, number> {
  return ackCounts(c.heldSince ?? c.createdAt, c.heldDueAt ?? c.slaDueAt, ackAt);
}

/**
 * Everything a case adds to its areas' figures as it stands: `escalations` counts the climbs, and
 * `escalated` the case once if it climbed at all.
 */
export function caseCounts(c: Counted): Record<string, number> {
  return {
    received: 1,
    [`kind_${c.kind}`]: 1,
    ...(holdingAckAt(c) && holdingAckCounts(c, holdingAckAt(c)!)),
    ...(c.status === 'resolved' && { resolved: 1 }),
    ...(c.escalations && { escalations: c.escalations, escalated: 1 }),
    ...(typeof c.ratingScore === 'number' && { ratingCount: 1, ratingSum: c.ratingScore }),
  };
}

/**
 * What the current holding adds to the holder's (officer × village) figures: the case reached them,
 * their acknowledgement, the climbs while they held it, and the resolution and rating, which are the
 * current holder's. A case never transferred to another officer: the same as `caseCounts`.
 */
export function holdingCounts(c: Counted): Record<string, number> {
  const held = c.heldSince === undefined ? c.escalations : c.heldEscalations;
  return caseCounts({ ...c, escalations: held ?? 0 });
}

type Scope = 'place' | 'holder';

function areasOf(place: Place, scope: Scope | 'all') {
  const all = areas(place);
  return scope === 'all' ? all : scope === 'holder' ? all.slice(4) : all.slice(0, 4);
}

function deltas(month: string, place: Place, add: Counts, sign = 1, scope: Scope | 'all' = 'all'): CounterDelta[] {
  const signed = Object.fromEntries(Object.entries(add).map(([k, v]) => [k, v * sign]));
  return areasOf(place, scope).map(({ area, labels }) => ({ month, area, labels, add: signed }));
}

/** A new case: received, and its kind, in each of its areas. */
export function newCaseCounters(record: Pick<CaseRecord, 'month' | 'kind'> & Place): CounterDelta[] {
  return deltas(record.month, record, { received: 1, [`kind_${record.kind}`]: 1 });
}

/**
 * Everything a case as it stands adds to each of its areas (for a rebuild, or cases written in bulk):
 * its place's areas count the whole case, its current holder the current holding.
 */
export function caseCounters(record: Counted & Pick<CaseRecord, 'month'> & Place): CounterDelta[] {
  return [...deltas(record.month, record, caseCounts(record), 1, 'place'), ...deltas(record.month, record, holdingCounts(record), 1, 'holder')];
}

/** A month's counters worked out from its cases as they stand, one delta per area (a rebuild). */
export function totalsOf(cases: readonly (Counted & Pick<CaseRecord, 'month'> & Place)[]): CounterDelta[] {
  return merged(cases.flatMap(caseCounters));
}

/** Deltas summed per month and area; areas whose amounts cancel out are left out. */
function merged(list: readonly CounterDelta[]): CounterDelta[] {
  const totals = new Map<string, CounterDelta & { add: Record<string, number> }>();
  for (const d of list) {
    const key = `${d.month}|${d.area}`;
    const total = totals.get(key) ?? { ...d, add: {} };
    for (const [k, v] of Object.entries(d.add)) total.add[k] = (total.add[k] ?? 0) + v;
    totals.set(key, total);
  }
  return [...totals.values()]
    .map((d) => ({ ...d, add: Object.fromEntries(Object.entries(d.add).filter(([, v]) => v !== 0)) }))
    .filter((d) => Object.keys(d.add).length > 0);
}

/** A rating: its score and one more rating, in each of the case's areas (the holder is the one who resolved it). */
export function ratingCounters(record: Pick<CaseRecord, 'month'> & Place, score: number): CounterDelta[] {
  return deltas(record.month, record, { ratingCount: 1, ratingSum: score });
}

/**
 * The counter updates a change to `record` calls for. The case's place (county, station, office,
 * village) counts the case as it stands now, so a move takes its figures along. Its village officer
 * counts what happened while the case was theirs (考核 is fair to the holder at the time): the first
 * acknowledgement timed from when it reached them, each climb while they held it (and the case once,
 * as escalated), the resolution; a transfer to another officer leaves the old holder's figures where
 * they are and counts the case as received by the new one. Sound only with an `expect` that pins what
 * was read: the status (the first acknowledgement and the resolution happen once), the level and
 * escalation time for a climb, and the village and level for a move.
 */
export function changeCounters(record: CaseRecord, change: CaseChange): CounterDelta[] {
  const add: Record<string, number> = {};
  // The holding's first acknowledgement only: after a report up or a reopening the case is
  // acknowledged afresh (`ackAt`), and that counts nothing more.
  const ackAt = change.setOnce?.ackAt ?? change.set?.ackAt;
  const heldAck = holdingAckAt(record);
  if (ackAt && !heldAck) Object.assign(add, holdingAckCounts(record, ackAt));
  if (change.set?.status === 'resolved' && record.status !== 'resolved') add.resolved = 1;
  // Reopened ("not fixed"): resolved no more, until it is resolved again.
  if (change.set?.status !== undefined && change.set.status !== 'resolved' && record.status === 'resolved') add.resolved = -1;
  const set = change.set ?? {};
  const moved = set.villageId !== undefined && set.villageId !== record.villageId;
  if (!moved) {
    // Handed back to the officer of its own village (下派): the acknowledgement it had is undone, he acknowledges anew.
    if (change.remove?.includes('heldAckAt') && heldAck) {
      for (const [k, v] of Object.entries(holdingAckCounts(record, heldAck))) add[k] = (add[k] ?? 0) - v;
    }
    const climbs = change.increment?.escalations ?? 0;
    // A climb counts as a step, and the first one as an escalated case: of the place's, and of the holder's.
    const held = record.heldSince === undefined ? record.escalations : record.heldEscalations;
    const place = { ...add, ...(climbs && { escalations: climbs, ...(!record.escalations && { escalated: 1 }) }) };
    const holder = { ...add, ...(climbs && { escalations: climbs, ...(!held && { escalated: 1 }) }) };
    return [...(Object.keys(place).length ? deltas(record.month, record, place, 1, 'place') : []), ...(Object.keys(holder).length ? deltas(record.month, record, holder, 1, 'holder') : [])];
  }
  const to: Place = { villageId: set.villageId!, officeId: set.officeId ?? record.officeId, stationId: set.stationId ?? record.stationId, officerId: set.officerId ?? record.officerId };
  // The case as the change leaves it: what the new place and the new holding count.
  const after: CaseRecord = {
    ...record,
    ...set,
    ...Object.fromEntries((change.remove ?? []).map((attr) => [attr, undefined])),
    ...(change.increment?.escalations && { escalations: (record.escalations ?? 0) + change.increment.escalations }),
  };
  const placeMoves = [...deltas(record.month, record, caseCounts(record), -1, 'place'), ...deltas(record.month, to, caseCounts(after), 1, 'place')];
  // The old holder keeps what happened while the case was theirs, their acknowledgement included; the
  // new one has received it. One officer moving a case between his villages keeps holding it: his
  // figures move along, less the acknowledgement the move undoes (he acknowledges it anew).
  const holderMoves =
    to.officerId === record.officerId
      ? [...deltas(record.month, record, holdingCounts(record), -1, 'holder'), ...deltas(record.month, to, holdingCounts({ ...record, ackAt: after.ackAt, heldAckAt: after.heldAckAt, heldDueAt: after.heldDueAt }), 1, 'holder')]
      : deltas(record.month, to, holdingCounts(after), 1, 'holder');
  return merged([...placeMoves, ...holderMoves]);
}

/**
 * The case goes back to `received` for someone else in the chain while its village officer keeps
 * holding it (a report up, a reopening): `set` with `slaDueAt` anew. That someone acknowledges afresh
 * (`ackAt` goes; the earlier acknowledgement stays on the timeline), while the holding keeps its first
 * acknowledgement and its own deadline, which the holder's figures count.
 */
export function backToReceived(record: CaseRecord, set: NonNullable<CaseChange['set']> & Pick<CaseRecord, 'slaDueAt'>): Pick<CaseChange, 'set' | 'remove'> {
  const heldAck = holdingAckAt(record);
  return { set: { ...set, ...(heldAck && { heldAckAt: heldAck }), heldDueAt: record.heldDueAt ?? record.slaDueAt }, remove: ['ackAt'] };
}

/** Counts a new case as the stream brings it; a redelivered record counts nothing. */
export function countNewCase(counters: CounterStore, record: CaseRecord): Promise<boolean> {
  return counters.countNew(record.caseNumber, newCaseCounters(record));
}

/**
 * The change with the counter updates it calls for, to be written in the same transaction. A climb
 * also counts on the case as one of its holder's (`heldEscalations`), whoever wrote the climb.
 */
export function counted(record: CaseRecord, change: CaseChange): CaseChange {
  const counters = changeCounters(record, change);
  const climbs = change.increment?.escalations;
  const withHeld = climbs && change.increment?.heldEscalations === undefined ? { ...change, increment: { ...change.increment, heldEscalations: climbs } } : change;
  return counters.length ? { ...withHeld, counters } : withHeld;
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
 * What the earlier holders of a transferred case were credited with, read from its timeline: each
 * `transferred` entry names the holder it ends (officer, village, since, due), and within that holding
 * the climbs and the first acknowledgement count as they did then. The current holding is the case
 * item's (`caseCounters`). A move between two villages of one officer ends no holding.
 */
export function pastHoldingCounters(record: Pick<CaseRecord, 'month' | 'kind' | 'createdAt'>, timeline: readonly TimelineEntry[]): CounterDelta[] {
  const out: CounterDelta[] = [];
  let start = 0;
  timeline.forEach((entry, i) => {
    const p = entry.params ?? {};
    if ((entry.type !== 'transferred' && entry.type !== 'assigned') || p.fromOfficerId === undefined || p.fromOfficerId === p.officerId) return;
    const held = timeline.slice(start, i);
    start = i + 1;
    const since = String(p.fromSince ?? record.createdAt);
    // The climbs of the schedule; a report up by hand (上报) is no climb against the holder.
    const climbs = held.filter((e) => e.type === 'escalated' && e.params?.by !== 'hand').length;
    const ack = held.find((e) => e.type === 'acknowledged' && e.at >= since);
    const add = { received: 1, [`kind_${record.kind}`]: 1, ...(ack && ackCounts(since, String(p.fromDueAt), ack.at)), ...(climbs && { escalations: climbs, escalated: 1 }) };
    const from: Place = { officerId: String(p.fromOfficerId), villageId: String(p.fromVillageId), officeId: String(p.fromOfficeId), stationId: String(p.fromStationId) };
    out.push(...deltas(record.month, from, add, 1, 'holder'));
  });
  return out;
}

/**
 * Works a month's counters out again from its cases (by the byMonth index, then each case item, and
 * the timeline of each transferred case: a maintenance job, not a request path) and replaces the
 * stored ones: for cases written before counters existed, or to correct drift. Each case is marked
 * counted first, so the router does not count it again. Safe to run again at any time; a change
 * landing while it runs may be missed, and the next run puts it right.
 */
export async function rebuildMonth(cases: Pick<CaseStore, 'pageInMonth' | 'get' | 'timeline'>, counters: CounterStore, month: string): Promise<{ cases: number; areas: number }> {
  const numbers: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await cases.pageInMonth(month, { limit: 500, ...(cursor && { cursor }) });
    numbers.push(...page.items.map((c) => c.caseNumber));
    cursor = page.cursor;
  } while (cursor);
  const deltas: CounterDelta[] = [];
  for (let i = 0; i < numbers.length; i += 10) {
    await Promise.all(
      numbers.slice(i, i + 10).map(async (caseNumber) => {
        await counters.markCounted(caseNumber);
        const record = await cases.get(caseNumber, { consistent: true });
        if (!record) return;
        deltas.push(...caseCounters(record));
        if (record.transfers) deltas.push(...pastHoldingCounters(record, (await cases.timeline(caseNumber, { limit: 1000 })).entries));
      }),
    );
  }
  const totals = merged(deltas);
  await counters.replaceMonth(month, totals);
  return { cases: numbers.length, areas: totals.length };
}
