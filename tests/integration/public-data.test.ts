/**
 * Public statistics and alerts through the API, from cases and alerts stored on DynamoDB Local.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { rebuildMonth } from '../../functions/domain/counters.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe('GET /api/v1/stats', () => {
  it('follows a transferred case to its new township, and counts a refused change nowhere', async () => {
    // Arrange: a dispute in 东山村 (青山镇), acknowledged, then moved to 松林村 (松林镇).
    const dispute = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    await p.routeNew(dispute.caseNumber);
    await p.app.request(`/o/${await p.linkFor(dispute.caseNumber, '+8613800001001')}`, form({ action: 'acknowledge' }));
    const again = await p.app.request(`/o/${await p.linkFor(dispute.caseNumber, '+8613800001001')}`, form({ action: 'acknowledge' }));

    // Act
    await p.app.request(`/o/${await p.linkFor(dispute.caseNumber, '+8613800001001')}`, form({ action: 'transfer', villageId: 'songlin' }));
    const res = await p.app.request('/api/v1/stats?months=1');

    // Assert
    expect(again.status).not.toBe(303);
    const { months } = (await res.json()) as { months: { county: { received: number; acknowledged: number }; townships: { township: string; figures: { received: number; acknowledged: number } }[] }[] };
    // The new village's officer has not acknowledged it yet: it is received there, and acknowledged nowhere.
    expect(months[0]!.county).toMatchObject({ received: 1, acknowledged: 0 });
    const byTownship = Object.fromEntries(months[0]!.townships.map((t) => [t.township, [t.figures.received, t.figures.acknowledged]]));
    expect(byTownship).toEqual({ 青山镇: [0, 0], 白水乡: [0, 0], 松林镇: [1, 0] });
  });


  it('counts each township and the county: received, acknowledged in time, resolved, escalations, ratings', async () => {
    // Arrange: three cases in 青山镇 (dongshan, xishan) and one in 松林镇 (songlin); after 3.5 h the
    // unacknowledged tip and hazard (2-hour SLAs) have climbed once each, the service request (24 h) not.
    const inTime = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    const late = await p.submit({ kind: 'tip', villageId: 'xishan', description: '有人在河边非法采砂，晚上作业' });
    const service = await p.submit({ kind: 'service', villageId: 'dongshan', description: '想咨询孩子上户口要带哪些材料' });
    const hazard = await p.submit({ kind: 'hazard', villageId: 'songlin', description: '路口的路灯坏了一个多月' });
    for (const c of [inTime, late, service, hazard]) await p.routeNew(c.caseNumber);
    p.clock.advance(30 * 60_000);
    await p.app.request(`/o/${await p.linkFor(inTime.caseNumber, '+8613800001001')}`, form({ action: 'acknowledge' }));
    await p.app.request(`/o/${await p.linkFor(inTime.caseNumber, '+8613800001001')}`, form({ action: 'status', status: 'resolved' }));
    await p.app.request(`/api/v1/cases/${inTime.caseNumber}/rating`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ trackingCode: inTime.trackingCode, score: 4 }) });
    p.clock.advance(3 * 60 * 60_000);
    await p.escalate();
    await p.app.request(`/o/${await p.linkFor(late.caseNumber, '+8613800001001')}`, form({ action: 'acknowledge' }));

    // Act
    const res = await p.app.request('/api/v1/stats?months=1');

    // Assert
    expect(res.status).toBe(200);
    const { months } = (await res.json()) as { months: { month: string; county: Record<string, unknown>; townships: { township: string; figures: Record<string, unknown> }[] }[] };
    expect(months).toHaveLength(1);
    expect(months[0]!.month).toBe('2026-11');
    expect(months[0]!.county).toEqual({ received: 4, kinds: { tip: 1, dispute: 1, hazard: 1, service: 1, help: 0 }, acknowledged: 2, acknowledgedInTime: 1, resolved: 1, escalations: 2, escalated: 2, ratings: 1, averageRating: 4, medianAckMinutes: 120 });
    const byTownship = Object.fromEntries(months[0]!.townships.map((t) => [t.township, t.figures.received]));
    expect(byTownship).toEqual({ 青山镇: 3, 白水乡: 0, 松林镇: 1 });
    expect(res.headers.get('Cache-Control')).toContain('max-age');
  });

  it('rebuilds a month from its cases, the same however often it runs, and the router then counts none of them again', async () => {
    // Arrange: three cases the stream has not brought to the router yet (so not counted), one that it has.
    const counted = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    await p.routeNew(counted.caseNumber);
    const waiting = await p.submit({ kind: 'tip', villageId: 'songlin', description: '有人在河边非法采砂，晚上作业' });
    await p.submit({ kind: 'service', villageId: 'xishan', description: '想咨询孩子上户口要带哪些材料' });
    const county = async () => ((await (await p.app.request('/api/v1/stats?months=1')).json()) as { months: { county: { received: number; kinds: Record<string, number> } }[] }).months[0]!.county;
    const before = await county();

    // Act
    const first = await rebuildMonth(p.env.cases, p.env.counters, '2026-11');
    const second = await rebuildMonth(p.env.cases, p.env.counters, '2026-11');
    await p.routeNew(waiting.caseNumber);

    // Assert
    expect(before.received).toBe(1);
    expect([first.cases, second.cases]).toEqual([3, 3]);
    expect(await county()).toMatchObject({ received: 3, kinds: { dispute: 1, tip: 1, service: 1, hazard: 0, help: 0 } });
  });

  it('refuses a months count out of range with 400 naming it', async () => {
    const res = await p.app.request('/api/v1/stats?months=99');

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'months' }] });
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists alerts in force, newest first, county-wide ones everywhere and a station’s only in its area', async () => {
    const now = p.clock.now().getTime();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    await p.env.alerts.publish({ id: 'a1', title: '谨防冒充公检法诈骗', body: '公安机关不会通过电话要求转账。', publishedAt: at(-60), expiresAt: at(60 * 24), publishedBy: '青山县公安局' });
    await p.env.alerts.publish({ id: 'a2', title: '松林镇停电检修提醒', body: '检修期间注意用电安全。', stationId: 'songlin-zhen', publishedAt: at(-30), expiresAt: at(60 * 24), publishedBy: '松林镇派出所' });
    await p.env.alerts.publish({ id: 'a3', title: '已过期的提醒', body: '这条提醒已经过期了。', publishedAt: at(-600), expiresAt: at(-1), publishedBy: '青山县公安局' });

    const all = (await (await p.app.request('/api/v1/alerts')).json()) as { id: string }[];
    const qingshan = (await (await p.app.request('/api/v1/alerts?stationId=qingshan-zhen')).json()) as { id: string }[];

    expect(all.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(qingshan.map((a) => a.id)).toEqual(['a1']);
  });
});
