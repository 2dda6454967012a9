/**
 * Figures computed from a month's cases (read by the byMonth index): the public statistics per
 * township and county (/stats), and the monthly assessment of each officer (月考核).
 */
import type { CaseRecord } from './case.ts';
import type { County } from './county.ts';

/** What the byMonth index carries of each case. */
export type CaseSummary = Pick<
  CaseRecord,
  'caseNumber' | 'kind' | 'status' | 'urgent' | 'villageId' | 'officeId' | 'stationId' | 'officerId' | 'level' | 'escalateAt' | 'createdAt' | 'month' | 'slaDueAt' | 'ackAt' | 'resolvedAt' | 'escalations' | 'ratingScore'
>;

export interface Figures {
  readonly received: number;
  readonly acknowledged: number;
  /** Acknowledged before the SLA ran out. */
  readonly acknowledgedInTime: number;
  readonly resolved: number;
  readonly escalations: number;
  readonly ratings: number;
  /** Mean score, one decimal; null without ratings. */
  readonly averageRating: number | null;
  /** Median minutes from report to acknowledgement; null when nothing was acknowledged. */
  readonly medianAckMinutes: number | null;
}

export function figures(cases: readonly CaseSummary[]): Figures {
  const acked = cases.filter((c) => c.ackAt);
  const ackMinutes = acked.map((c) => (Date.parse(c.ackAt!) - Date.parse(c.createdAt)) / 60_000).sort((a, b) => a - b);
  const rated = cases.filter((c) => typeof c.ratingScore === 'number');
  const mid = Math.floor(ackMinutes.length / 2);
  return {
    received: cases.length,
    acknowledged: acked.length,
    acknowledgedInTime: acked.filter((c) => c.ackAt! <= c.slaDueAt).length,
    resolved: cases.filter((c) => c.status === 'resolved').length,
    escalations: cases.reduce((n, c) => n + (c.escalations ?? 0), 0),
    ratings: rated.length,
    averageRating: rated.length ? Math.round((rated.reduce((n, c) => n + c.ratingScore!, 0) / rated.length) * 10) / 10 : null,
    medianAckMinutes: ackMinutes.length === 0 ? null : Math.round(ackMinutes.length % 2 ? ackMinutes[mid]! : (ackMinutes[mid - 1]! + ackMinutes[mid]!) / 2),
  };
}

export interface MonthStats {
  readonly month: string;
  readonly county: Figures;
  readonly townships: readonly { readonly township: string; readonly stationId: string; readonly figures: Figures }[];
}

/** Public statistics of one month: the county and each township (one station per township). */
export function monthStats(county: Pick<County, 'stations'>, month: string, cases: readonly CaseSummary[]): MonthStats {
  return {
    month,
    county: figures(cases),
    townships: county.stations.map((station) => ({
      township: station.township,
      stationId: station.id,
      figures: figures(cases.filter((c) => c.stationId === station.id)),
    })),
  };
}

export interface OfficerAssessment {
  readonly officerId: string;
  readonly name: string;
  readonly villages: readonly string[];
  readonly figures: Figures;
}

/** 月考核: each officer's month, from the cases that are theirs now. */
export function assessOfficers(county: Pick<County, 'officers' | 'stations'>, cases: readonly CaseSummary[]): OfficerAssessment[] {
  const villagesOf = new Map<string, string[]>();
  for (const station of county.stations) for (const office of station.offices) for (const village of office.villages) {
    villagesOf.set(village.officerId, [...(villagesOf.get(village.officerId) ?? []), village.name]);
  }
  return county.officers.map((officer) => ({
    officerId: officer.id,
    name: officer.name,
    villages: villagesOf.get(officer.id) ?? [],
    figures: figures(cases.filter((c) => c.officerId === officer.id)),
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

