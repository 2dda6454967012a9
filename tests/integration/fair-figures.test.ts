/**
 * Fair figures (月考核): a month of cases in 青山镇 with acknowledgements, climbs, transfers between
 * officers and resolutions, made through the real actions on DynamoDB Local; then every officer's row
 * of the assessment is checked against what the cases' timelines say happened while each case was theirs.
 * Cases change hands by transfer (转交) and by the station handing them down (下派); officers report
 * some up (上报), which the level above acknowledges afresh, and residents reopen some ("not fixed").
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ackBucket, rebuildMonth } from '../../functions/domain/counters.ts';
import { CASE_KINDS, type CaseKind, type TimelineEntry } from '../../functions/domain/case.ts';
import { applyAction } from '../../functions/domain/officer.ts';
import { demoCounty } from '../support/env.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

const MINUTE = 60_000;
/** The villages of 青山镇派出所 and their officers (counties/demo.json). */
const VILLAGES: Record<string, string> = { dongshan: 'wang-jun', xishan: 'wang-jun', nanwan: 'li-hua', hekou: 'zhao-qiang', liujiazhuang: 'zhao-qiang', shiqiao: 'chen-ming' };
const NAMES: Record<string, string> = { 'wang-jun': '王军', 'li-hua': '李华', 'zhao-qiang': '赵强', 'chen-ming': '陈明' };

/** A small seeded generator (mulberry32), so the month is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Expected {
  received: number;
  acknowledged: number;
  acknowledgedInTime: number;
  resolved: number;
  escalations: number;
  escalated: number;
  ackMinutes: number[];
}

/** SLA minutes of a case as the county file sets them. */
const slaOf = (kind: CaseKind, urgent: boolean) => (kind === 'help' && urgent ? demoCounty.sla.helpUrgent : demoCounty.sla[kind]);

/**
 * What each officer should be credited with, read from the timelines alone: a holding starts when the
 * case is received or transferred to an officer; within it the first acknowledgement (whoever in the
 * chain made it) is timed from its start and is in time within the kind's SLA; each climb of the
 * schedule is a step and the first one makes the case one escalated case of that holder, a report up
 * by hand is none; a resolution belongs to whoever holds the case, and a reopening takes it back.
 */
function expectedFrom(cases: { kind: CaseKind; urgent: boolean; createdAt: string; firstOfficer: string; timeline: TimelineEntry[] }[]): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const of = (officer: string) => {
    if (!out.has(officer)) out.set(officer, { received: 0, acknowledged: 0, acknowledgedInTime: 0, resolved: 0, escalations: 0, escalated: 0, ackMinutes: [] });
    return out.get(officer)!;
  };
  for (const c of cases) {
    let holder = c.firstOfficer;
    let since = Date.parse(c.createdAt);
    let acked = false;
    let climbed = false;
    of(holder).received += 1;
    for (const e of c.timeline) {
      if (e.type === 'transferred' || e.type === 'assigned') {
        holder = String(e.params!.officerId);
        since = Date.parse(e.at);
        acked = false;
        climbed = false;
        of(holder).received += 1;
      } else if (e.type === 'escalated' && e.params?.by !== 'hand') {
        of(holder).escalations += 1;
        if (!climbed) of(holder).escalated += 1;
        climbed = true;
      } else if (e.type === 'acknowledged' && !acked) {
        acked = true;
        const minutes = (Date.parse(e.at) - since) / MINUTE;
        of(holder).acknowledged += 1;
        of(holder).ackMinutes.push(minutes);
        if (minutes <= slaOf(c.kind, c.urgent)) of(holder).acknowledgedInTime += 1;
      } else if (e.type === 'status' && e.params?.status === 'resolved') {
        of(holder).resolved += 1;
      } else if (e.type === 'reopened') {
        of(holder).resolved -= 1;
      }
    }
  }
  return out;
}

/** The median as the histogram gives it: of the bucket lower bounds, the mean of the two middles when even. */
function bucketMedian(minutes: number[]): number | null {
  if (minutes.length === 0) return null;
  const b = minutes.map(ackBucket).sort((x, y) => x - y);
  const mid = Math.floor(b.length / 2);
  return Math.round(b.length % 2 ? b[mid]! : (b[mid - 1]! + b[mid]!) / 2);
}

let p: Pipeline;
const made: { caseNumber: string; trackingCode: string; kind: CaseKind; urgent: boolean; createdAt: string; firstOfficer: string }[] = [];
let stats = { transfers: 0, climbs: 0, acks: 0, resolutions: 0, reportsUp: 0, reopenings: 0 };

beforeAll(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
  const rnd = random(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const villages = Object.keys(VILLAGES);
  const actor = (officerId: string) => ({ role: 'officer' as const, name: NAMES[officerId]! });
  const origin = (officerId: string) => ({ channel: 'link' as const, principalId: `officer:${officerId}` });

  // Three days of the month, in steps of 10 to 90 minutes: new cases arrive, the escalation schedule
  // runs, and officers act on some of the open cases.
  for (let step = 0; step < 60; step += 1) {
    if (step < 40) {
      for (let n = Math.floor(rnd() * 2) + (step % 2); n > 0; n -= 1) {
        const kind = pick(CASE_KINDS);
        const villageId = pick(villages);
        const urgent = kind === 'help' && rnd() < 0.3;
        const { caseNumber, trackingCode } = await p.submit({ kind, villageId, description: `第${made.length + 1}起：${kind} 情况说明`, ...(urgent && { urgent: true }) });
        await p.routeNew(caseNumber);
        made.push({ caseNumber, trackingCode, kind, urgent, createdAt: p.clock.now().toISOString(), firstOfficer: VILLAGES[villageId]! });
      }
    }
    p.clock.advance((10 + Math.floor(rnd() * 80)) * MINUTE);
    stats.climbs += (await p.escalate()).escalated;
    // Officers act a minute after the schedule ran, as they would: no two timeline entries share an instant.
    p.clock.advance(MINUTE);
    for (const { caseNumber, trackingCode } of made) {
      const record = (await p.env.cases.get(caseNumber))!;
      if (rnd() > 0.25) continue;
      const roll = rnd();
      if (record.status === 'resolved') {
        // "Not fixed": back to its officer, who acknowledges it afresh.
        if (roll < 0.3) {
          const res = await p.app.request(`/api/v1/cases/${caseNumber}/reopen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ trackingCode, text: '问题还没解决' }) });
          expect(res.status).toBe(204);
          stats.reopenings += 1;
        }
        continue;
      }
      if (roll < 0.2) {
        // To a village of another officer: by the officer (转交), or handed down by the station (下派).
        const to = pick(villages.filter((v) => VILLAGES[v] !== record.officerId));
        if (rnd() < 0.5) await applyAction(p.env, record, actor(record.officerId), { action: 'transfer', villageId: to }, origin(record.officerId));
        else await applyAction(p.env, record, { role: 'station', name: '马丽' }, { action: 'assign', villageId: to }, { channel: 'console', principalId: 'staff:ma-li' });
        stats.transfers += 1;
      } else if (record.status === 'received' && roll < 0.7) {
        await applyAction(p.env, record, actor(record.officerId), { action: 'acknowledge' }, origin(record.officerId));
        stats.acks += 1;
      } else if (record.status !== 'received' && roll < 0.8) {
        await applyAction(p.env, record, actor(record.officerId), { action: 'status', status: 'resolved' }, origin(record.officerId));
        stats.resolutions += 1;
      } else if (roll >= 0.9 && record.level < 4) {
        // 上报, acknowledged or not: the level above must acknowledge it afresh.
        await applyAction(p.env, record, actor(record.officerId), { action: 'escalate', reason: '需要上级协调' }, origin(record.officerId));
        stats.reportsUp += 1;
      }
    }
  }
}, 600_000);

describe('a month of cases with transfers and climbs', () => {
  it('was a month worth checking: cases changing hands between officers, climbs, acknowledgements and resolutions', () => {
    expect(made.length).toBeGreaterThanOrEqual(30);
    expect(stats.transfers).toBeGreaterThanOrEqual(5);
    expect(stats.climbs).toBeGreaterThanOrEqual(10);
    expect(stats.acks).toBeGreaterThanOrEqual(10);
    expect(stats.resolutions).toBeGreaterThanOrEqual(5);
    expect(stats.reportsUp).toBeGreaterThanOrEqual(3);
    expect(stats.reopenings).toBeGreaterThanOrEqual(1);
  });

  it('gives every officer the figures of what happened while the case was theirs, as the timelines tell', async () => {
    const cases = await Promise.all(made.map(async (c) => ({ ...c, timeline: await p.timeline(c.caseNumber) })));
    const expected = expectedFrom(cases);
    const bureau = await p.signIn('+8613300006201');

    const rows = ((await (await p.admin(bureau, '/assessment?month=2026-11')).json()) as { officers: { officerId: string; figures: Record<string, number | null> }[] }).officers;

    for (const officerId of new Set(Object.values(VILLAGES))) {
      const want = expected.get(officerId)!;
      const got = rows.find((r) => r.officerId === officerId)!.figures;
      expect({ officerId, ...got }).toMatchObject({
        officerId,
        received: want.received,
        acknowledged: want.acknowledged,
        acknowledgedInTime: want.acknowledgedInTime,
        resolved: want.resolved,
        escalations: want.escalations,
        escalated: want.escalated,
        medianAckMinutes: bucketMedian(want.ackMinutes),
      });
      // Columns count cases: no officer has more escalated cases than cases that reached them.
      expect(got.escalated!).toBeLessThanOrEqual(got.received!);
    }
  });

  it('is worked out again to the same counters by counters:rebuild, from the case items and the transferred cases’ timelines', async () => {
    const before = await p.env.counters.read('2026-11', '');

    await rebuildMonth(p.env.cases, p.env.counters, '2026-11');

    const after = await p.env.counters.read('2026-11', '');
    // Areas and amounts that came to zero are no figure at all.
    const byArea = (items: typeof before) =>
      Object.fromEntries(items.map((i) => [i.area, Object.fromEntries(Object.entries(i.counts).filter(([, v]) => v !== 0))] as const).filter(([, counts]) => Object.keys(counts).length > 0));
    expect(byArea(after)).toEqual(byArea(before));
  });

  it('never shows a case awaiting acknowledgement (待签收) next to an acknowledgement time', async () => {
    const records = await Promise.all(made.map((c) => p.env.cases.get(c.caseNumber)));

    const waiting = records.filter((r) => r!.status === 'received');

    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.filter((r) => r!.ackAt !== undefined).map((r) => r!.caseNumber)).toEqual([]);
  });
});
