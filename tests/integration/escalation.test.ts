/**
 * 件件有回声: an unacknowledged case climbs village officer → central office → station → bureau,
 * one level per missed SLA, exactly once per level, and stops when someone acknowledges it. Time is
 * the pipeline's test clock; nothing sleeps.
 */
import { AT_TOP } from '../../functions/domain/escalation.ts';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001';
const OFFICE_DUTY = '+8613600001100'; // 东山中心警务室值班
const STATION_DUTY = '+8613500004010'; // 青山镇派出所值班室
const BUREAU_DUTY = '+8613400005000';
const TIP_SLA_MS = 120 * 60_000;

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

async function newTip() {
  const { caseNumber, trackingCode } = await p.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' });
  await p.routeNew(caseNumber);
  return { caseNumber, trackingCode };
}

describe('escalation', () => {
  it('leaves a case alone while its SLA runs', async () => {
    const { caseNumber } = await newTip();
    p.clock.advance(TIP_SLA_MS - 60_000);

    const outcome = await p.escalate();

    expect(outcome).toEqual({ escalated: 0, skipped: 0 });
    expect((await p.env.cases.get(caseNumber))?.level).toBe(1);
  });

  it('climbs to the central office, then the station, then the bureau, one level per missed SLA, each with an SMS to that duty contact', async () => {
    const { caseNumber, trackingCode } = await newTip();

    const levels: number[] = [];
    for (const _ of [2, 3, 4, 'top']) {
      p.clock.advance(TIP_SLA_MS + 1000);
      await p.escalate();
      await p.sendPending(caseNumber);
      levels.push((await p.env.cases.get(caseNumber))!.level);
    }

    expect(levels).toEqual([2, 3, 4, 4]);
    const sms = await p.outbox(caseNumber);
    expect(sms.map((m) => m.to)).toEqual([OFFICER, OFFICE_DUTY, STATION_DUTY, BUREAU_DUTY]);
    expect(sms.filter((m) => m.role === 'escalation').every((m) => m.body.includes('超时未签收') && /\/o\/[0-9a-z]{12}/.test(m.body))).toBe(true);
    const record = await p.env.cases.get(caseNumber);
    // At the top it falls due no more, but waits in the queue of unacknowledged cases.
    expect(record?.escalateAt).toBe(AT_TOP);
    const tracked = await p.app.request(`/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } });
    const texts = ((await tracked.json()) as { timeline: { type: string; text: string }[] }).timeline.filter((e) => e.type === 'escalated').map((e) => e.text);
    expect(texts).toEqual(['已上报中心警务室', '已上报派出所', '已上报县局值班台']);
  });

  it('escalates a case once per level even when two runs overlap', async () => {
    const { caseNumber } = await newTip();
    p.clock.advance(TIP_SLA_MS + 1000);

    const [a, b] = await Promise.all([p.escalate(), p.escalate()]);

    expect(a.escalated + b.escalated).toBe(1);
    const record = await p.env.cases.get(caseNumber);
    expect(record?.level).toBe(2);
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(Object.keys(await p.sms(caseNumber)).filter((id) => id.startsWith('escalation:'))).toHaveLength(1);
  });

  it('stops climbing once the officer acknowledges from the SMS link', async () => {
    const { caseNumber } = await newTip();
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.escalate();
    await p.sendPending(caseNumber);
    const token = await p.linkFor(caseNumber, OFFICE_DUTY);

    const ack = await p.app.request(`/o/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=acknowledge' });
    p.clock.advance(10 * TIP_SLA_MS);
    const later = await p.escalate();

    expect(ack.status).toBe(303);
    expect(later).toEqual({ escalated: 0, skipped: 0 });
    const record = await p.env.cases.get(caseNumber);
    expect(record).toMatchObject({ status: 'acknowledged', level: 2 });
    expect((await p.timeline(caseNumber)).find((e) => e.type === 'acknowledged')?.actor).toEqual({ role: 'office', name: '东山中心警务室 东山中心警务室值班' });
  });

  it('uses the ten-minute SLA for urgent help', async () => {
    const { caseNumber } = await p.submit({ kind: 'help', urgent: true, villageId: 'dongshan', description: '家里老人摔倒起不来了，需要帮忙' });
    p.clock.advance(10 * 60_000 + 1000);

    const outcome = await p.escalate();

    expect(outcome.escalated).toBe(1);
    expect((await p.env.cases.get(caseNumber))?.level).toBe(2);
  });

  it('sends an escalation SMS once even when the stream delivers the change twice', async () => {
    const { caseNumber } = await newTip();
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.escalate();

    await p.sendPending(caseNumber);
    await p.sendPending(caseNumber);

    expect((await p.outbox(caseNumber)).filter((m) => m.role === 'escalation')).toHaveLength(1);
    expect(Object.values(await p.sms(caseNumber)).filter((s) => s.role === 'escalation')).toEqual([expect.objectContaining({ to: OFFICE_DUTY, level: 2, status: 'sent', attempts: 1 })]);
  });
});
