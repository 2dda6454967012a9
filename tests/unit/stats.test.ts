import { describe, expect, it } from 'vitest';
import type { Principal } from '../../functions/domain/auth.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { ackBucket, caseCounts, changeCounters, counted, medianAckMinutes, newCaseCounters, sumCounts, type CounterItem } from '../../functions/domain/counters.ts';
import { indexVillages } from '../../functions/domain/county.ts';
import { changeFor } from '../../functions/domain/officer.ts';
import { assessOfficers, figures, recentMonths, type CaseSummary } from '../../functions/domain/stats.ts';
import { demoCounty } from '../support/env.ts';

const base: CaseSummary = {
  caseNumber: 'DEMO-2026-000001',
  kind: 'dispute',
  status: 'received',
  urgent: false,
  villageId: 'dongshan',
  officeId: 'dongshan-office',
  stationId: 'qingshan-zhen',
  level: 1,
  officerId: 'wang-jun',
  createdAt: '2026-11-01T00:00:00.000Z',
  month: '2026-11',
  slaDueAt: '2026-11-01T02:00:00.000Z',
};
const acked = (minutes: number): CaseSummary => ({ ...base, status: 'acknowledged', ackAt: new Date(Date.parse(base.createdAt) + minutes * 60_000).toISOString() });
/** The figures the counters give for these cases as they stand. */
const of = (cases: CaseSummary[]) => figures(sumCounts(cases.map(caseCounts)));
const record = (over: Partial<CaseRecord> = {}): CaseRecord =>
  ({ ...base, countyCode: 'DEMO', description: 'x', anonymous: false, updates: false, trackingHash: 'h', updatedAt: base.createdAt, timeline: [], notifications: {}, ...over }) as CaseRecord;

describe('figures from counters', () => {
  it('gives nulls, not zeros, for an average and a median of nothing', () => {
    expect(of([base])).toMatchObject({ received: 1, kinds: { dispute: 1, tip: 0 }, acknowledged: 0, averageRating: null, medianAckMinutes: null });
  });

  it('takes the median acknowledgement time from the histogram: the middle of an odd count, the mean of the two middles of an even one', () => {
    expect(of([acked(10), acked(200), acked(30)]).medianAckMinutes).toBe(30);
    expect(of([acked(10), acked(200), acked(30), acked(50)]).medianAckMinutes).toBe(40);
  });

  it('reads a median to the resolution of its bucket: the minute below ten, then the bucket’s lower bound', () => {
    expect([ackBucket(0.5), ackBucket(7.9), ackBucket(12), ackBucket(200), ackBucket(600), ackBucket(20_000)]).toEqual([0, 7, 10, 195, 600, 10_080]);
    expect(medianAckMinutes({ ack_195: 1 })).toBe(195);
  });

  it('counts an acknowledgement at the SLA limit as in time and one a minute later as late', () => {
    expect(of([acked(120), acked(121)])).toMatchObject({ acknowledged: 2, acknowledgedInTime: 1 });
  });

  it('averages ratings to one decimal and sums escalations', () => {
    const f = of([{ ...base, ratingScore: 5, escalations: 2 }, { ...base, ratingScore: 4 }, { ...base, ratingScore: 4, escalations: 1 }]);

    expect(f).toMatchObject({ ratings: 3, averageRating: 4.3, escalations: 3, escalated: 2 });
  });
});

describe('what a change moves', () => {
  it('counts a new case in the county, its station, office, village and officer-in-village', () => {
    expect(newCaseCounters(base).map((d) => d.area)).toEqual(['county', 'station#qingshan-zhen', 'office#dongshan-office', 'village#dongshan', 'officer#wang-jun#dongshan']);
    expect(newCaseCounters(base)[0]!.add).toEqual({ received: 1, kind_dispute: 1 });
  });

  it('counts the first acknowledgement only, with its histogram bucket', () => {
    const at = '2026-11-01T00:30:00.000Z';

    const first = changeCounters(record(), { at, setOnce: { ackAt: at }, set: { status: 'acknowledged' }, entries: [] });
    const again = changeCounters(record({ status: 'acknowledged', ackAt: at }), { at, setOnce: { ackAt: at }, set: { status: 'in_progress' }, entries: [] });

    expect(first[0]!.add).toEqual({ acknowledged: 1, ackInTime: 1, ack_30: 1 });
    expect(again).toEqual([]);
  });

  it('takes a resolution back when the case is reopened, and counts it again when it is resolved again', () => {
    const at = '2026-11-03T00:00:00.000Z';

    const reopened = changeCounters(record({ status: 'resolved', ackAt: at, resolvedAt: at }), { at, set: { status: 'received', level: 1 }, entries: [] });
    const resolvedAgain = changeCounters(record({ status: 'acknowledged', ackAt: at, resolvedAt: at }), { at, set: { status: 'resolved', resolvedAt: at }, entries: [] });

    expect(reopened[0]!.add).toEqual({ resolved: -1 });
    expect(resolvedAgain[0]!.add).toEqual({ resolved: 1 });
  });

  it('moves a transferred case’s figures to the new place, without the acknowledgement the transfer undoes; the county does not change', () => {
    const from = record({ status: 'acknowledged', ackAt: '2026-11-01T00:30:00.000Z', escalations: 1, heldEscalations: 1 });

    const moved = changeCounters(from, { at: '2026-11-02T00:00:00.000Z', set: { villageId: 'songlin', officeId: 'songlin-office', stationId: 'songlin-zhen', officerId: 'li-ming', status: 'received', heldSince: '2026-11-02T00:00:00.000Z', heldEscalations: 0 }, remove: ['ackAt'], entries: [] });

    const byArea = Object.fromEntries(moved.map((d) => [d.area, d.add]));
    expect(byArea.county).toEqual({ acknowledged: -1, ackInTime: -1, ack_30: -1 });
    expect(byArea['village#dongshan']).toEqual({ received: -1, kind_dispute: -1, acknowledged: -1, ackInTime: -1, ack_30: -1, escalations: -1, escalated: -1 });
    expect(byArea['village#songlin']).toEqual({ received: 1, kind_dispute: 1, escalations: 1, escalated: 1 });
  });

  it('leaves the old holder what happened while the case was theirs and counts it as received by the new one, climbs not included', () => {
    const from = record({ status: 'received', escalations: 2, heldEscalations: 2, level: 3 });

    const moved = changeCounters(from, { at: '2026-11-02T00:00:00.000Z', set: { villageId: 'hekou', officeId: 'hekou-office', stationId: 'qingshan-zhen', officerId: 'zhao-qiang', status: 'received', level: 1, heldSince: '2026-11-02T00:00:00.000Z', heldEscalations: 0 }, remove: ['ackAt'], entries: [] });

    const byArea = Object.fromEntries(moved.map((d) => [d.area, d.add]));
    expect(byArea['officer#wang-jun#dongshan']).toBeUndefined();
    expect(byArea['officer#zhao-qiang#hekou']).toEqual({ received: 1, kind_dispute: 1 });
  });

  it('times the new holder’s acknowledgement from when the case reached them, and charges their climbs to them alone', () => {
    const held = record({ villageId: 'hekou', officerId: 'zhao-qiang', escalations: 2, heldEscalations: 0, heldSince: '2026-11-02T00:00:00.000Z', slaDueAt: '2026-11-02T04:00:00.000Z' });

    const ack = changeCounters(held, { at: '2026-11-02T00:05:00.000Z', setOnce: { ackAt: '2026-11-02T00:05:00.000Z' }, set: { status: 'acknowledged' }, entries: [] });
    const climb = changeCounters(held, { at: '2026-11-02T04:00:00.000Z', set: { level: 2 }, increment: { escalations: 1 }, entries: [] });

    expect(Object.fromEntries(ack.map((d) => [d.area, d.add]))['officer#zhao-qiang#hekou']).toEqual({ acknowledged: 1, ackInTime: 1, ack_5: 1 });
    const climbs = Object.fromEntries(climb.map((d) => [d.area, d.add]));
    expect(climbs['officer#zhao-qiang#hekou']).toEqual({ escalations: 1, escalated: 1 });
    expect(climbs.county).toEqual({ escalations: 1 });
  });

  it('undoes the acknowledgement of a case handed back to its own village’s officer: he acknowledges it anew', () => {
    const acked = record({ status: 'acknowledged', ackAt: '2026-11-01T00:30:00.000Z', level: 3 });

    const back = changeCounters(acked, { at: '2026-11-01T05:00:00.000Z', set: { villageId: 'dongshan', officerId: 'wang-jun', status: 'received', level: 1 }, remove: ['ackAt', 'heldAckAt', 'heldDueAt'], entries: [] });

    expect(back.map((d) => d.add)).toEqual(Array(5).fill({ acknowledged: -1, ackInTime: -1, ack_30: -1 }));
  });

  it('counts a case’s first climb as one escalated case and the later climbs as steps only', () => {
    const first = changeCounters(record(), { at: '2026-11-01T02:00:00.000Z', set: { level: 2 }, increment: { escalations: 1 }, entries: [] });
    const second = changeCounters(record({ level: 2, escalations: 1, heldEscalations: 1 }), { at: '2026-11-01T04:00:00.000Z', set: { level: 3 }, increment: { escalations: 1 }, entries: [] });

    expect(first.map((d) => d.add)).toEqual(Array(5).fill({ escalations: 1, escalated: 1 }));
    expect(second.map((d) => d.add)).toEqual(Array(5).fill({ escalations: 1 }));
  });
});

describe('a case reported up (上报) or reopened is acknowledged afresh', () => {
  const villages = indexVillages(demoCounty);
  const officer = { role: 'officer', name: '王军' } as const;
  const office = { role: 'office', name: '东山中心警务室值班' } as const;
  const minutes = (n: number) => new Date(Date.parse(base.createdAt) + n * 60_000);
  /** The case as the store leaves it after `change` (set, setOnce where unset, remove). */
  const apply = (r: CaseRecord, change: ReturnType<typeof changeFor>): CaseRecord => {
    const once = Object.fromEntries(Object.entries(change.setOnce ?? {}).filter(([k]) => r[k as keyof CaseRecord] === undefined));
    const next = { ...r, ...change.set, ...once } as Record<string, unknown>;
    for (const attr of change.remove ?? []) delete next[attr];
    return next as unknown as CaseRecord;
  };

  it('clears the acknowledgement beside 待签收 when reported up, keeps the holding’s for the figures, and moves no figure', () => {
    const acked = record({ status: 'acknowledged', ackAt: minutes(30).toISOString() });

    const up = counted(acked, changeFor(demoCounty, villages, acked, officer, { action: 'escalate', reason: '需要派出所协调' }, minutes(60)));

    expect(up.remove).toContain('ackAt');
    expect(up.set).toMatchObject({ status: 'received', level: 2, heldAckAt: minutes(30).toISOString(), heldDueAt: base.slaDueAt });
    expect(up.counters).toBeUndefined();
    expect(apply(acked, up).ackAt).toBeUndefined();
  });

  it('records the level’s own acknowledgement after a report up, and counts the holding’s acknowledgement once', () => {
    const acked = record({ status: 'acknowledged', ackAt: minutes(30).toISOString() });
    const up = apply(acked, changeFor(demoCounty, villages, acked, officer, { action: 'escalate', reason: '需要派出所协调' }, minutes(60)));

    const ack = counted(up, changeFor(demoCounty, villages, up, office, { action: 'acknowledge' }, minutes(75)));

    expect(apply(up, ack)).toMatchObject({ status: 'acknowledged', ackAt: minutes(75).toISOString(), heldAckAt: minutes(30).toISOString() });
    expect(ack.counters).toBeUndefined();
    expect(caseCounts(apply(up, ack))).toMatchObject({ acknowledged: 1, ackInTime: 1, ack_30: 1 });
  });

  it('times an acknowledgement after a report up the holder never acknowledged against the holder’s own deadline, not the one the report up set', () => {
    const fresh = record();
    const up = apply(fresh, changeFor(demoCounty, villages, fresh, officer, { action: 'escalate', reason: '需要派出所协调' }, minutes(110)));

    const ack = counted(up, changeFor(demoCounty, villages, up, office, { action: 'acknowledge' }, minutes(150)));

    expect(up.slaDueAt > minutes(150).toISOString()).toBe(true);
    expect(Object.fromEntries(ack.counters!.map((d) => [d.area, d.add]))['officer#wang-jun#dongshan']).toEqual({ acknowledged: 1, ack_150: 1 });
    expect(caseCounts(apply(up, ack))).toMatchObject({ acknowledged: 1, ack_150: 1 });
    expect(caseCounts(apply(up, ack))).not.toHaveProperty('ackInTime');
  });

  it('clears the acknowledgement of a case handed back down to its own village’s officer, who acknowledges afresh', () => {
    const atStation = record({ status: 'acknowledged', level: 3, ackAt: minutes(300).toISOString() });

    const down = changeFor(demoCounty, villages, atStation, { role: 'station', name: '马丽' }, { action: 'assign' }, minutes(320));

    expect(down.remove).toEqual(expect.arrayContaining(['ackAt', 'heldAckAt', 'heldDueAt']));
    expect(apply(atStation, down)).toMatchObject({ status: 'received', level: 1 });
    expect(apply(atStation, down).ackAt).toBeUndefined();
  });
});

describe('the assessment', () => {
  const item = (officerId: string, villageId: string, stationId: string, received: number): CounterItem => ({
    area: `officer#${officerId}#${villageId}`,
    labels: { officerId, villageId, stationId, officeId: `${villageId}-office` },
    counts: { received },
  });

  it('adds an officer’s villages up within the person’s area only', () => {
    const items = [item('wang-jun', 'dongshan', 'qingshan-zhen', 2), item('wang-jun', 'xishan', 'qingshan-zhen', 3), item('wang-jun', 'elsewhere', 'songlin-zhen', 7)];
    const bureau = { role: 'bureau' } as Principal;
    const station = { role: 'station', stationId: 'qingshan-zhen' } as Principal;

    const all = assessOfficers(demoCounty, items, bureau).find((r) => r.officerId === 'wang-jun')!;
    const mine = assessOfficers(demoCounty, items, station).find((r) => r.officerId === 'wang-jun')!;

    expect(all.figures.received).toBe(12);
    expect(mine.figures.received).toBe(5);
  });
});

describe('recentMonths', () => {
  it('counts back across a year boundary, newest first', () => {
    expect(recentMonths('2027-02', 4)).toEqual(['2027-02', '2027-01', '2026-12', '2026-11']);
  });
});
