/**
 * Figures read from the monthly counters (functions/domain/counters.ts): the public statistics per
 * township and county (/stats, GET /api/v1/stats), and the monthly assessment of each officer (月考核).
 * Reading a month costs a few items per area, however many cases the month had.
 */
import type { Principal } from './auth.ts';
import { inScope } from './permissions.ts';
import { monthIn } from './time.ts';
import type { CaseKind, CaseRecord } from './case.ts';
import { AREA_PREFIX, kindCounts, medianAckMinutes, sumCounts, type CounterItem, type Counts } from './counters.ts';
import type { County } from './county.ts';
import type { CounterStore } from './ports.ts';

/** What the byMonth index carries of each case (the admin case list). */
export type CaseSummary = Pick<
  CaseRecord,
  'caseNumber' | 'kind' | 'status' | 'urgent' | 'villageId' | 'officeId' | 'stationId' | 'officerId' | 'level' | 'escalateAt' | 'createdAt' | 'month' | 'slaDueAt' | 'ackAt' | 'resolvedAt' | 'escalations' | 'ratingScore'
>;

export interface Figures {
  readonly received: number;
  /** Cases received per kind. */
  readonly kinds: Readonly<Record<CaseKind, number>>;
  readonly acknowledged: number;
  /** Acknowledged before the SLA ran out. */
  readonly acknowledgedInTime: number;
  readonly resolved: number;
  /** Climbs up the chain (a case may climb up to three times). */
  readonly escalations: number;
  /** Cases that climbed at least once (for an officer: while they held it). */
  readonly escalated: number;
  readonly ratings: number;
  /** Mean score, one decimal; null without ratings. */
  readonly averageRating: number | null;
  /**
   * Median minutes from report to acknowledgement, to the resolution of the acknowledgement-time
   * histogram (the lower bound of its bucket: exact to the minute below ten minutes, then to 5, 15,
   * 60 and 360 minutes); null when nothing was acknowledged.
   */
  readonly medianAckMinutes: number | null;
}

export function figures(counts: Counts): Figures {
  const n = (k: string) => counts[k] ?? 0;
  const ratings = n('ratingCount');
  return {
    received: n('received'),
    kinds: kindCounts(counts),
    acknowledged: n('acknowledged'),
    acknowledgedInTime: n('ackInTime'),
    resolved: n('resolved'),
    escalations: n('escalations'),
    escalated: n('escalated'),
    ratings,
    averageRating: ratings ? Math.round((n('ratingSum') / ratings) * 10) / 10 : null,
    medianAckMinutes: medianAckMinutes(counts),
  };
}

export interface MonthStats {
  readonly month: string;
  readonly county: Figures;
  readonly townships: readonly { readonly township: string; readonly stationId: string; readonly figures: Figures }[];
}

/** Public statistics of one month from its county and station counters (one station per township). */
export function monthStats(county: Pick<County, 'stations'>, month: string, items: readonly CounterItem[]): MonthStats {
  const of = (area: string) => items.find((i) => i.area === area)?.counts ?? {};
  return {
    month,
    county: figures(of('county')),
    townships: county.stations.map((station) => ({
      township: station.township,
      stationId: station.id,
      figures: figures(of(`${AREA_PREFIX.station}${station.id}`)),
    })),
  };
}

/** The last `count` months' public statistics, newest first: two small reads per month. */
export function lastMonthsStats(counters: CounterStore, county: Pick<County, 'stations' | 'timezone'>, now: Date, count: number): Promise<MonthStats[]> {
  return Promise.all(
    recentMonths(monthIn(county.timezone, now), count).map(async (month) => {
      const [whole, stations] = await Promise.all([counters.read(month, 'county'), counters.read(month, AREA_PREFIX.station)]);
      return monthStats(county, month, [...whole, ...stations]);
    }),
  );
}

export interface OfficerAssessment {
  readonly officerId: string;
  readonly name: string;
  readonly villages: readonly string[];
  readonly figures: Figures;
}

/**
 * 月考核: each officer's month, from the officer × village counters within the person's area. Each
 * officer counts what happened while a case was theirs: received (it reached them, first or by a
 * transfer), their acknowledgement timed from when it reached them, the climbs while they held it.
 */
export function assessOfficers(county: Pick<County, 'officers' | 'stations'>, items: readonly CounterItem[], p: Principal): OfficerAssessment[] {
  const villagesOf = new Map<string, string[]>();
  for (const station of county.stations) for (const office of station.offices) for (const village of office.villages) {
    villagesOf.set(village.officerId, [...(villagesOf.get(village.officerId) ?? []), village.name]);
  }
  const mine = items.filter((i) => i.area.startsWith(AREA_PREFIX.officer) && inScope(p, { kind: 'service', villageId: '', officeId: '', stationId: '', officerId: '', ...i.labels }));
  return county.officers.map((officer) => ({
    officerId: officer.id,
    name: officer.name,
    villages: villagesOf.get(officer.id) ?? [],
    figures: figures(sumCounts(mine.filter((i) => i.labels.officerId === officer.id).map((i) => i.counts))),
  }));
}

/** The last `count` months ending with the month of `now`, newest first (YYYY-MM). */
export function recentMonths(currentMonth: string, count: number): string[] {
  const [y, m] = currentMonth.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}
