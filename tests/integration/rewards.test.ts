/**
 * Rewards that can be claimed (有奖举报): a verified tip's track page says where, with what and until
 * when to claim it; the station records the payout in the console with the tracking code the tipster
 * shows, audited, keeping who paid and when but nothing about who collected it.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001'; // 王军, 东山村 (青山镇派出所)
const STATION = '+8613300006101'; // 马丽, 青山镇派出所
const OTHER_STATION = '+8613300006102'; // 郭静, 白水乡派出所
const DAY = 86_400_000;

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

/** A tip from 东山村, verified by its officer with tier 二等 (1000 yuan). */
async function verifiedTip(tierId = 'tier-2') {
  const receipt = await p.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' });
  await p.routeNew(receipt.caseNumber);
  const token = await p.linkFor(receipt.caseNumber, OFFICER);
  const res = await p.app.request(`/o/${token}`, formPost({ action: 'reward', verified: 'yes', tierId }));
  expect(res.status).toBe(303);
  return { ...receipt, token };
}

const trackPage = async (caseNumber: string, trackingCode: string) => (await p.app.request('/track', formPost({ caseNumber, trackingCode }))).text();
const publicReward = async (caseNumber: string, trackingCode: string) =>
  ((await (await p.app.request(`/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } })).json()) as { reward: Record<string, unknown> }).reward;

describe('claiming a reward', () => {
  it('tells the tipster of a verified tip to claim it at the case’s station with the case number and tracking code, within the county’s claim days', async () => {
    const verifiedAt = p.clock.now();
    const { caseNumber, trackingCode } = await verifiedTip();

    const reward = await publicReward(caseNumber, trackingCode);
    const page = await trackPage(caseNumber, trackingCode);

    const by = new Date(verifiedAt.getTime() + 60 * DAY).toISOString(); // counties/demo.json: rewards.claimDays 60
    expect(reward).toEqual({ state: 'verified', tier: { label: '二等', amountYuan: 1000 }, claim: { station: '青山镇派出所', by } });
    const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date(by));
    expect(page).toContain(`领取方式：请在 ${date} 前，带上案件编号和查询码，到青山镇派出所领取。`);
  });

  it('says nothing about claiming while the tip is unverified, not verified, or verified without a tier', async () => {
    const { caseNumber, trackingCode, token } = await verifiedTip('');

    expect(await publicReward(caseNumber, trackingCode)).toEqual({ state: 'verified' });
    await p.app.request(`/o/${token}`, formPost({ action: 'reward', verified: 'no' }));
    expect(await trackPage(caseNumber, trackingCode)).not.toContain('领取方式');
  });

  it('keeps the deadline fixed at the first verification when the tier is saved again later', async () => {
    const first = p.clock.now();
    const { caseNumber, trackingCode, token } = await verifiedTip('tier-3');
    p.clock.advance(5 * DAY); // one-tap links live 7 days

    await p.app.request(`/o/${token}`, formPost({ action: 'reward', verified: 'yes', tierId: 'tier-1' }));

    expect(await p.env.cases.get(caseNumber)).toMatchObject({ reward: { tierId: 'tier-1', verifiedAt: first.toISOString(), claimBy: new Date(first.getTime() + 60 * DAY).toISOString() } });
    expect((await publicReward(caseNumber, trackingCode)).tier).toEqual({ label: '一等', amountYuan: 2000 });
  });
});

describe('recording the payout in the console', () => {
  it('records who paid and when with the tipster’s tracking code, once, audited, and the track page says it was collected', async () => {
    const { caseNumber, trackingCode } = await verifiedTip();
    p.clock.advance(3 * DAY);
    const station = await p.signIn(STATION);

    const paid = await p.admin(station, `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode: trackingCode.toLowerCase() });
    const again = await p.admin(station, `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode });

    expect(paid.status).toBe(204);
    expect(again.status).toBe(409);
    const record = await p.env.cases.get(caseNumber);
    expect(record?.reward).toEqual({ verified: true, tierId: 'tier-2', verifiedAt: expect.any(String), claimBy: expect.any(String), paidAt: p.clock.now().toISOString(), paidBy: '马丽' });
    expect(record?.name).toBeUndefined();
    expect(record?.phone).toBeUndefined();
    const entry = (await p.timeline(caseNumber)).find((e) => e.type === 'reward_paid');
    expect(entry).toMatchObject({ visibility: 'public', actor: { role: 'station', name: '马丽' }, params: { tier: '二等', amountYuan: 1000 } });
    const bureau = await p.signIn('+8613300006201');
    const log = (await (await p.admin(bureau, '/audit')).json()) as { action: string; caseNumber?: string; name: string; role: string }[];
    expect(log.filter((e) => e.action === 'case.payout')).toEqual([expect.objectContaining({ caseNumber, name: '马丽', role: 'station' })]);
    const date = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(p.clock.now());
    const page = await trackPage(caseNumber, trackingCode);
    expect(page).toContain(`奖励已于 ${date} 领取。`);
    expect(page).toContain('奖励已领取');
    expect(page).not.toContain('马丽');
  });

  it('refuses a wrong tracking code with a 400 naming the field, and stores nothing', async () => {
    const { caseNumber } = await verifiedTip();
    const station = await p.signIn(STATION);

    const res = await p.admin(station, `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode: 'AAAAA-AAAAA' });

    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['trackingCode']);
    expect((await p.env.cases.get(caseNumber))?.reward?.paidAt).toBeUndefined();
  });

  it('is the station’s or the bureau’s to record: the village officer cannot, nor through the one-tap link, and another station does not see the case', async () => {
    const { caseNumber, trackingCode, token } = await verifiedTip();

    const byOfficer = await p.admin(await p.signIn(OFFICER), `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode });
    const byLink = await p.app.request(`/o/${token}`, formPost({ action: 'payout', trackingCode }));
    const byOtherStation = await p.admin(await p.signIn(OTHER_STATION), `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode });

    expect(byOfficer.status).toBe(409);
    expect(byLink.status).toBe(409);
    expect(byOtherStation.status).toBe(404);
    expect((await p.env.cases.get(caseNumber))?.reward?.paidAt).toBeUndefined();
  });

  it('is refused once the claim period is over, and the track page says the time ended', async () => {
    const { caseNumber, trackingCode } = await verifiedTip();
    p.clock.advance(61 * DAY);
    const station = await p.signIn(STATION);

    const res = await p.admin(station, `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode });

    expect(res.status).toBe(409);
    expect(await trackPage(caseNumber, trackingCode)).toContain('领取期限已于');
  });

  it('settles the reward: after the payout the tier can no longer be changed', async () => {
    const { caseNumber, trackingCode, token } = await verifiedTip();
    await p.admin(await p.signIn(STATION), `/cases/${caseNumber}/actions`, { action: 'payout', trackingCode });

    const res = await p.app.request(`/o/${token}`, formPost({ action: 'reward', verified: 'yes', tierId: 'tier-1' }));

    expect(res.status).toBe(409);
    expect((await p.env.cases.get(caseNumber))?.reward?.tierId).toBe('tier-2');
  });
});
