import { describe, expect, it } from 'vitest';
import { figures, recentMonths, type CaseSummary } from '../../functions/domain/stats.ts';

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

describe('figures', () => {
  it('gives nulls, not zeros, for an average and a median of nothing', () => {
    expect(figures([base])).toMatchObject({ received: 1, acknowledged: 0, averageRating: null, medianAckMinutes: null });
  });

  it('takes the median acknowledgement time, the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(figures([acked(10), acked(200), acked(30)]).medianAckMinutes).toBe(30);
    expect(figures([acked(10), acked(200), acked(30), acked(50)]).medianAckMinutes).toBe(40);
  });

  it('counts an acknowledgement at the SLA limit as in time and one a minute later as late', () => {
    expect(figures([acked(120), acked(121)])).toMatchObject({ acknowledged: 2, acknowledgedInTime: 1 });
  });

  it('averages ratings to one decimal and sums escalations', () => {
    const f = figures([{ ...base, ratingScore: 5, escalations: 2 }, { ...base, ratingScore: 4 }, { ...base, ratingScore: 4, escalations: 1 }]);

    expect(f).toMatchObject({ ratings: 3, averageRating: 4.3, escalations: 3 });
  });
});

describe('recentMonths', () => {
  it('counts back across a year boundary, newest first', () => {
    expect(recentMonths('2027-02', 4)).toEqual(['2027-02', '2027-01', '2026-12', '2026-11']);
  });
});
