/**
 * The chain on DynamoDB Local: overdue cases you can see (filter, urgent flag in every SMS, SMS in
 * time order), every staff action on the record (console and one-tap links), and access that follows
 * the roster (a replaced holder's link and session stop working).
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../functions/domain/ports.ts';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001'; // 王军, 东山村 and 西山村
const ASSISTANT = '+8613900002001'; // 张建国, 东山村
const OFFICE_DUTY = '+8613600001100'; // 东山中心警务室值班
const HEKOU_OFFICER = '+8613800001003'; // 赵强
const BUREAU = '+8613300006201'; // 徐明
const TIP_SLA_MS = 120 * 60_000;
const DISPUTE_SLA_MS = 240 * 60_000;
const ROSTER_HEADER = 'township,village,officer,officer phone,assistant,assistant phone';

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(phone: string): Promise<Session> {
  await p.app.request('/api/v1/admin/login/code', json({ phone }));
  const code = /(\d{6})/.exec((await p.outbox()).filter((m) => m.role === 'login' && m.to === phone).at(-1)!.body)![1]!;
  const res = await p.app.request('/api/v1/admin/login/verify', json({ phone, code }));
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('Set-Cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const get = (s: Session, path: string) => p.app.request(`/api/v1/admin${path}`, { headers: { Cookie: s.cookie } });
const post = (s: Session, path: string, body: unknown) => p.app.request(`/api/v1/admin${path}`, json(body, { Cookie: s.cookie, 'X-CSRF-Token': s.csrf }));

async function reported(body: Record<string, unknown>) {
  const receipt = await p.submit(body);
  await p.routeNew(receipt.caseNumber);
  return receipt;
}

/** Lets the case's SLA (`slaMs`) pass, runs the escalation schedule and sends the SMS it planned. */
async function climbPastSla(caseNumber: string, slaMs: number): Promise<void> {
  p.clock.advance(slaMs + 1000);
  await p.escalate();
  await p.sendPending(caseNumber);
}

const aTip = { kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' };
const aDispute = { kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' };

async function importRoster(s: Session, line: string) {
  const res = await p.app.request('/api/v1/admin/roster/import?apply=true', { method: 'POST', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'text/csv' }, body: `${ROSTER_HEADER}\n${line}\n` });
  expect(res.status).toBe(200);
}

const auditLog = async (s: Session) => (await (await get(s, '/audit')).json()) as AuditEntry[];

describe('overdue you can see', () => {
  it('lists every open case not acknowledged within its SLA, at any level, and none that was acknowledged, is fresh or just changed hands', async () => {
    const bureau = await signIn(BUREAU);
    const atTop = await reported(aTip);
    for (let i = 0; i < 3; i += 1) {
      p.clock.advance(TIP_SLA_MS + 1000);
      await p.escalate();
    }
    const climbed = await reported(aTip);
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.escalate();
    const due = await reported(aTip);
    const acknowledged = await reported(aTip);
    const transferred = await reported(aDispute);
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.app.request(`/o/${await p.linkFor(acknowledged.caseNumber, OFFICER)}`, formPost({ action: 'acknowledge' }));
    await p.app.request(`/o/${await p.linkFor(transferred.caseNumber, OFFICER)}`, formPost({ action: 'transfer', villageId: 'hekou' }));
    const fresh = await reported(aTip);

    const overdue = (await (await get(bureau, '/cases?overdue=true')).json()) as { items: { caseNumber: string; level: number }[] };
    const notOverdue = (await (await get(bureau, '/cases?overdue=false')).json()) as { items: { caseNumber: string }[] };

    expect((await p.env.cases.get(atTop.caseNumber))).toMatchObject({ level: 4, status: 'received' });
    expect(overdue.items.map((c) => c.caseNumber).sort()).toEqual([atTop.caseNumber, climbed.caseNumber, due.caseNumber].sort());
    expect(notOverdue.items.map((c) => c.caseNumber).sort()).toEqual([acknowledged.caseNumber, transferred.caseNumber, fresh.caseNumber].sort());
  });

  it('lists overdue cases of every month when no month is named, page by page, and only the named month’s when one is', async () => {
    const lastMonth = await reported(aTip);
    p.clock.advance(10 * 86_400_000);
    for (let i = 0; i < 3; i += 1) {
      p.clock.advance(TIP_SLA_MS + 1000);
      await p.escalate();
    }
    const thisMonth = await reported(aTip);
    p.clock.advance(TIP_SLA_MS + 1000);
    const fresh = await reported(aTip);
    const bureau = await signIn(BUREAU);

    const seen: string[] = [];
    let cursor: string | undefined;
    let firstCursor: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      const page = (await (await get(bureau, `/cases?overdue=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: { caseNumber: string; overdue: boolean }[]; cursor?: string };
      seen.push(...page.items.map((c) => c.caseNumber));
      cursor = page.cursor;
      firstCursor ??= cursor;
      if (!cursor) break;
    }
    const december = (await (await get(bureau, '/cases?overdue=true&month=2026-12')).json()) as { items: { caseNumber: string }[] };
    const mixed = await get(bureau, `/cases?month=2026-12&cursor=${firstCursor}`);

    expect(seen).toEqual([thisMonth.caseNumber, lastMonth.caseNumber]);
    expect(seen).not.toContain(fresh.caseNumber);
    expect(december.items.map((c) => c.caseNumber)).toEqual([thisMonth.caseNumber]);
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({ errors: [{ field: 'cursor' }] });
  });

  it('carries 紧急 into the escalation and transfer SMS of urgent help', async () => {
    const { caseNumber } = await reported({ kind: 'help', urgent: true, villageId: 'dongshan', description: '家里老人摔倒起不来了，需要帮忙' });
    p.clock.advance(10 * 60_000 + 1000);
    await p.escalate();
    await p.sendPending(caseNumber);
    await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICE_DUTY)}`, formPost({ action: 'transfer', villageId: 'hekou' }));
    await p.sendPending(caseNumber);

    const sms = await p.outbox(caseNumber);

    const escalation = sms.find((m) => m.role === 'escalation');
    const transfer = sms.find((m) => m.to === HEKOU_OFFICER);
    expect(escalation?.body).toContain('紧急求助');
    expect(transfer?.body).toContain('转交紧急求助');
    expect(sms.filter((m) => m.role !== 'defence' && m.role !== 'resident').every((m) => m.body.includes('紧急'))).toBe(true);
  });

  it('lists a case’s SMS in the order the case called for them, however late a retry went out', async () => {
    let refuseOfficer = true;
    p = await createPipeline(inject('dynamodbEndpoint'), { failFor: (m) => m.to === OFFICER && refuseOfficer });
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aTip);
    await climbPastSla(caseNumber, TIP_SLA_MS);
    p.clock.advance(60_000);
    refuseOfficer = false;
    await p.routeNew(caseNumber);

    const detail = (await (await get(bureau, `/cases/${caseNumber}`)).json()) as { notifications: { role: string; status: string }[] };

    expect(detail.notifications.map((n) => `${n.role}:${n.status}`)).toEqual(['officer:sent', 'escalation:sent']);
  });
});

describe('a reopened case climbs again', () => {
  it('escalates a case reopened after it had climbed, with a new SMS to the same level', async () => {
    const { caseNumber, trackingCode } = await reported(aTip);
    await climbPastSla(caseNumber, TIP_SLA_MS);
    await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICE_DUTY)}`, formPost({ action: 'status', status: 'resolved' }));
    const reopened = await p.app.request(`/api/v1/cases/${caseNumber}/reopen`, json({ trackingCode, text: '砍树的人又来了，没有解决' }));
    p.clock.advance(TIP_SLA_MS + 1000);

    const outcome = await p.escalate();
    await p.sendPending(caseNumber);

    expect(reopened.status).toBe(204);
    expect(outcome.escalated).toBe(1);
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ level: 2, status: 'received' });
    expect((await p.outbox(caseNumber)).filter((m) => m.to === OFFICE_DUTY)).toHaveLength(2);
  });
});

describe('everything on the record', () => {
  it('audits every action taken through a one-tap link with who, role, channel and case', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aTip);
    const token = await p.linkFor(caseNumber, OFFICER);

    const actions: Record<string, string>[] = [
      { action: 'acknowledge' },
      { action: 'reply', text: '已收到，正在核实' },
      { action: 'note', text: '明天去后山看看' },
      { action: 'reward', verified: 'yes', tierId: 'tier-1' },
      { action: 'status', status: 'resolved' },
    ];
    for (const action of actions) {
      expect((await p.app.request(`/o/${token}`, formPost(action))).status).toBe(303);
    }

    const log = (await auditLog(bureau)).filter((e) => e.caseNumber === caseNumber);
    expect(log.map((e) => e.action).sort()).toEqual(['case.acknowledge', 'case.note', 'case.reply', 'case.reward', 'case.status'].sort());
    expect(log.every((e) => e.channel === 'link' && e.principalId === 'officer:wang-jun' && e.name === '王军' && e.role === 'officer')).toBe(true);
    expect(log.find((e) => e.action === 'case.status')?.detail).toBe('resolved');
  });

  it('audits console actions and a transfer from a duty contact’s link, and writes none for an action that was refused', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);
    await climbPastSla(caseNumber, DISPUTE_SLA_MS);

    const noted = await post(bureau, `/cases/${caseNumber}/actions`, { action: 'note', text: '县局已关注' });
    const acked = await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'acknowledge' }));
    const refused = await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'acknowledge' }));
    await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICE_DUTY)}`, formPost({ action: 'transfer', villageId: 'hekou' }));

    const log = (await auditLog(bureau)).filter((e) => e.caseNumber === caseNumber);
    expect(noted.status).toBe(204);
    expect(acked.status).toBe(303);
    expect(refused.status).toBe(409);
    expect(log).toContainEqual(expect.objectContaining({ action: 'case.note', channel: 'console', principalId: 'staff:xu-ming', role: 'bureau' }));
    expect(log.filter((e) => e.action === 'case.acknowledge')).toHaveLength(1);
    expect(log).toContainEqual(expect.objectContaining({ action: 'case.transfer', channel: 'link', role: 'office', principalId: 'duty:office:dongshan-office', detail: 'to hekou' }));
  });
});

describe('access follows the roster', () => {
  /** Someone who lost the case: every one of these answers is `status`, and the case has no note (none got through). */
  async function expectShutOut(caseNumber: string, status: number, ...answers: Response[]): Promise<void> {
    expect(answers.map((res) => res.status)).toEqual(answers.map(() => status));
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'note')).toEqual([]);
  }

  it('stops a replaced assistant’s link: it no longer opens the case nor saves a note as him', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);
    const oldToken = await p.linkFor(caseNumber, ASSISTANT);
    const before = await p.app.request(`/o/${oldToken}`);

    await importRoster(bureau, '青山镇,东山村,王军,13800001001,周新,13900009999');
    const page = await p.app.request(`/o/${oldToken}`);
    const note = await p.app.request(`/o/${oldToken}`, formPost({ action: 'note', text: '我还能看到这个案件' }));

    expect(before.status).toBe(200);
    await expectShutOut(caseNumber, 404, page, note);
  });

  it('keeps the officer’s link working across a roster change that leaves him his village', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    await importRoster(bureau, '青山镇,东山村,王军,13800001001,周新,13900009999');
    const note = await p.app.request(`/o/${token}`, formPost({ action: 'note', text: '助理换人了，案件照常办理' }));

    expect(note.status).toBe(303);
  });

  it('stops the old officer’s link and console access when his village goes to another officer, and lets the new one in', async () => {
    const bureau = await signIn(BUREAU);
    const officer = await signIn(OFFICER);
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    await importRoster(bureau, '青山镇,东山村,李华,13800001002,张建国,13900002001');
    const link = await p.app.request(`/o/${token}`, formPost({ action: 'note', text: '换人之后还能写吗' }));
    const consoleRead = await get(officer, `/cases/${caseNumber}`);
    const consoleAct = await post(officer, `/cases/${caseNumber}/actions`, { action: 'note', text: '换人之后还能写吗' });
    const newOfficer = await signIn('+8613800001002');
    const theirs = await get(newOfficer, `/cases/${caseNumber}`);

    await expectShutOut(caseNumber, 404, link, consoleRead, consoleAct);
    expect(theirs.status).toBe(200);
  });

  it('ends a replaced assistant’s console session: he no longer reads or notes the case', async () => {
    const bureau = await signIn(BUREAU);
    const assistant = await signIn(ASSISTANT);
    const { caseNumber } = await reported(aDispute);
    const before = await get(assistant, `/cases/${caseNumber}`);

    await importRoster(bureau, '青山镇,东山村,王军,13800001001,周新,13900009999');
    const read = await get(assistant, `/cases/${caseNumber}`);
    const note = await post(assistant, `/cases/${caseNumber}/actions`, { action: 'note', text: '换人之后还能写吗' });

    expect(before.status).toBe(200);
    await expectShutOut(caseNumber, 401, read, note);
  });

  it('stops a duty contact’s link once the roster names another duty contact for that office', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aTip);
    await climbPastSla(caseNumber, TIP_SLA_MS);
    const token = await p.linkFor(caseNumber, OFFICE_DUTY);

    const edited = await p.app.request('/api/v1/admin/roster', { method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: bureau.cookie, 'X-CSRF-Token': bureau.csrf }, body: JSON.stringify({ target: 'office', id: 'dongshan-office', dutyContact: { name: '新值班员', phone: '+8613600009999' } }) });
    const page = await p.app.request(`/o/${token}`);

    expect(edited.status).toBe(200);
    expect(page.status).toBe(404);
  });
});

describe('acknowledged afresh', () => {
  const MINUTE = 60_000;
  const officerRow = async (s: Session, month: string) =>
    ((await (await get(s, `/assessment?month=${month}`)).json()) as { officers: { officerId: string; figures: Record<string, number | null> }[] }).officers.find((r) => r.officerId === 'wang-jun')!.figures;
  const detail = async (s: Session, caseNumber: string) => (await (await get(s, `/cases/${caseNumber}`)).json()) as { status: string; level: number; ackAt?: string };

  it('has the level a case is reported up to acknowledge it afresh: no acknowledgement time beside 待签收 until then, and the officer’s stays on the timeline and in his figures', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);
    const month = (await p.env.cases.get(caseNumber))!.month;
    const officerLink = await p.linkFor(caseNumber, OFFICER);
    p.clock.advance(5 * MINUTE);
    await p.app.request(`/o/${officerLink}`, formPost({ action: 'acknowledge' }));
    const officerAck = p.clock.now().toISOString();
    p.clock.advance(5 * MINUTE);
    await p.app.request(`/o/${officerLink}`, formPost({ action: 'escalate', reason: '涉及宅基地确权，需要中心警务室协调' }));
    await p.sendPending(caseNumber);

    const waiting = await detail(bureau, caseNumber);
    p.clock.advance(10 * MINUTE);
    const acked = await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICE_DUTY)}`, formPost({ action: 'acknowledge' }));
    const after = await detail(bureau, caseNumber);

    expect(waiting).toMatchObject({ status: 'received', level: 2 });
    expect(waiting).not.toHaveProperty('ackAt');
    expect(acked.status).toBe(303);
    expect(after).toMatchObject({ status: 'acknowledged', level: 2, ackAt: p.clock.now().toISOString() });
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'acknowledged').map((e) => [e.at, e.actor?.role])).toEqual([
      [officerAck, 'officer'],
      [p.clock.now().toISOString(), 'office'],
    ]);
    expect(await officerRow(bureau, month)).toMatchObject({ received: 1, acknowledged: 1, acknowledgedInTime: 1, medianAckMinutes: 5, escalations: 0 });
  });

  it('has the officer acknowledge a reopened case afresh, counting his first acknowledgement once', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber, trackingCode } = await reported(aDispute);
    const month = (await p.env.cases.get(caseNumber))!.month;
    p.clock.advance(7 * MINUTE);
    await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'status', status: 'resolved' }));
    p.clock.advance(60 * MINUTE);
    const reopened = await p.app.request(`/api/v1/cases/${caseNumber}/reopen`, json({ trackingCode, text: '路灯还是不亮' }));
    await p.sendPending(caseNumber);

    const waiting = await detail(bureau, caseNumber);
    p.clock.advance(3 * MINUTE);
    await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'acknowledge' }));
    const after = await detail(bureau, caseNumber);

    expect(reopened.status).toBe(204);
    expect(waiting).toMatchObject({ status: 'received', level: 1 });
    expect(waiting).not.toHaveProperty('ackAt');
    expect(after).toMatchObject({ status: 'acknowledged', ackAt: p.clock.now().toISOString() });
    expect(await officerRow(bureau, month)).toMatchObject({ received: 1, acknowledged: 1, acknowledgedInTime: 1, medianAckMinutes: 7, resolved: 0 });
  });

  it('has the officer a case is handed back down to acknowledge it afresh', async () => {
    const bureau = await signIn(BUREAU);
    const station = await signIn('+8613300006101'); // 马丽, 青山镇派出所
    const { caseNumber } = await reported(aTip);
    for (let i = 0; i < 2; i += 1) {
      p.clock.advance(TIP_SLA_MS + 1000);
      await p.escalate();
    }
    await post(station, `/cases/${caseNumber}/actions`, { action: 'acknowledge' });
    const acknowledgedAtStation = await detail(bureau, caseNumber);

    await post(station, `/cases/${caseNumber}/actions`, { action: 'assign', reason: '请驻村民警先核实' });
    await p.sendPending(caseNumber);
    const handedDown = await detail(bureau, caseNumber);

    expect(acknowledgedAtStation).toMatchObject({ status: 'acknowledged', level: 3, ackAt: expect.any(String) });
    expect(handedDown).toMatchObject({ status: 'received', level: 1 });
    expect(handedDown).not.toHaveProperty('ackAt');
  });
});

describe('up and down', () => {
  const STATION_DUTY = '+8613500004010'; // 青山镇派出所值班室
  const STATION = '+8613300006101'; // 马丽, 青山镇派出所
  const OFFICE = '+8613300006001'; // 张伟, 东山中心警务室

  it('lets the officer report a case up from his link with a reason: the office hears at once, the timeline says so, the reason stays internal', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);
    await p.app.request(`/o/${token}`, formPost({ action: 'acknowledge' }));

    const res = await p.app.request(`/o/${token}`, formPost({ action: 'escalate', reason: '涉及宅基地确权，需派出所和乡里一起处理' }));
    await p.sendPending(caseNumber);

    expect(res.status).toBe(303);
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ level: 2, status: 'received' });
    // Reported up on purpose: not counted as a missed SLA.
    expect((await p.env.cases.get(caseNumber))?.escalations).toBeUndefined();
    const sms = (await p.outbox(caseNumber)).filter((m) => m.to === OFFICE_DUTY);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toMatch(/^【青山村警】上报：矛盾纠纷DEMO-\d{4}-\d{6} 东山村，王军：涉及宅基地确权/);
    expect(sms[0]!.body).toMatch(/\/o\/[0-9a-z]{12}$/);
    const timeline = await p.timeline(caseNumber);
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'escalated', visibility: 'public', params: { level: 2, by: 'hand' }, actor: { role: 'officer', name: '王军' } }));
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'note', visibility: 'internal', text: '涉及宅基地确权，需派出所和乡里一起处理' }));
    const tracked = (await (await p.app.request(`/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } })).json()) as { timeline: { text: string }[] };
    expect(tracked.timeline.map((e) => e.text)).toContain('已上报中心警务室');
    expect(JSON.stringify(tracked)).not.toContain('宅基地确权');
    expect((await auditLog(bureau)).filter((e) => e.caseNumber === caseNumber && e.action === 'case.escalate')).toEqual([
      expect.objectContaining({ channel: 'link', principalId: 'officer:wang-jun', role: 'officer', detail: 'to level 2: 涉及宅基地确权，需派出所和乡里一起处理' }),
    ]);
  });

  it('reports up to a chosen level, and keeps climbing from there when that level does not acknowledge in time', async () => {
    const { caseNumber } = await reported(aTip);
    const token = await p.linkFor(caseNumber, OFFICER);

    await p.app.request(`/o/${token}`, formPost({ action: 'escalate', reason: '重大涉林案件线索', level: '3' }));
    await p.sendPending(caseNumber);
    p.clock.advance(TIP_SLA_MS + 1000);
    const climbed = await p.escalate();

    expect((await p.outbox(caseNumber)).map((m) => m.to)).toEqual([OFFICER, STATION_DUTY]);
    expect(climbed.escalated).toBe(1);
    expect((await p.env.cases.get(caseNumber))?.level).toBe(4);
  });

  it('answers bad input with field errors, a level one may not choose with 409 and a clear detail, and changes nothing', async () => {
    const station = await signIn(STATION);
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);

    const noReason = await post(station, `/cases/${caseNumber}/actions`, { action: 'escalate', level: 4 });
    const badLevel = await post(station, `/cases/${caseNumber}/actions`, { action: 'escalate', reason: '需要县局协调', level: 7 });
    const ownLevel = await post(station, `/cases/${caseNumber}/actions`, { action: 'escalate', reason: '需要县局协调', level: 3 });
    const fromTop = await post(bureau, `/cases/${caseNumber}/actions`, { action: 'escalate', reason: '再往上' });
    const page = await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'escalate', reason: ' ' }));

    expect(noReason.status).toBe(400);
    expect(noReason.headers.get('Content-Type')).toContain('application/problem+json');
    expect(await noReason.json()).toMatchObject({ errors: [{ field: 'reason', message: 'is required' }] });
    expect(badLevel.status).toBe(400);
    expect(await badLevel.json()).toMatchObject({ errors: [{ field: 'level', message: expect.stringContaining('must be 2') }] });
    expect(ownLevel.status).toBe(409);
    expect(((await ownLevel.json()) as { detail: string }).detail).toBe('you can report this case up only to level 4 (above where it is and where you are), not to level 3');
    expect(fromTop.status).toBe(409);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('reason');
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ level: 1, status: 'received' });
  });

  it('lets the station report up to the bureau from the console, with the SMS to the bureau duty desk', async () => {
    const station = await signIn(STATION);
    const { caseNumber } = await reported(aDispute);

    const res = await post(station, `/cases/${caseNumber}/actions`, { action: 'escalate', reason: '跨乡镇纠纷，请县局协调' });
    await p.sendPending(caseNumber);

    expect(res.status).toBe(204);
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ level: 4, status: 'received' });
    expect((await p.outbox(caseNumber)).filter((m) => m.role === 'escalation').map((m) => m.to)).toEqual(['+8613400005000']);
  });

  it('lets the station hand a case at its level back down to the case’s own village officer: level 1, a new SLA, an SMS with a new link, old links dead', async () => {
    const station = await signIn(STATION);
    const { caseNumber } = await reported(aTip);
    for (let i = 0; i < 2; i += 1) {
      p.clock.advance(TIP_SLA_MS + 1000);
      await p.escalate();
    }
    await p.sendPending(caseNumber);
    const oldOfficer = await p.linkFor(caseNumber, OFFICER);
    const stationLink = await p.linkFor(caseNumber, STATION_DUTY);

    const detail = (await (await get(station, `/cases/${caseNumber}`)).json()) as { choices: { assignTo: { id: string }[]; reportLevels: number[] } };
    const res = await post(station, `/cases/${caseNumber}/actions`, { action: 'assign', reason: '请驻村民警先核实' });
    await p.sendPending(caseNumber);

    expect(detail.choices.assignTo.map((v) => v.id)).toContain('dongshan');
    expect(detail.choices.reportLevels).toEqual([4]);
    expect(res.status).toBe(204);
    const record = await p.env.cases.get(caseNumber);
    expect(record).toMatchObject({ level: 1, status: 'received', villageId: 'dongshan', officerId: 'wang-jun' });
    expect(record!.slaDueAt).toBe(new Date(p.clock.now().getTime() + TIP_SLA_MS).toISOString());
    const assigned = (await p.outbox(caseNumber)).filter((m) => m.to === OFFICER).at(-1)!;
    expect(assigned.body).toMatch(/^【青山村警】下派：举报线索DEMO-/);
    expect((await p.app.request(`/o/${oldOfficer}`)).status).toBe(404);
    expect((await p.app.request(`/o/${stationLink}`)).status).toBe(404);
    expect((await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`)).status).toBe(200);
    expect(await p.timeline(caseNumber)).toContainEqual(expect.objectContaining({ type: 'assigned', visibility: 'public', params: expect.objectContaining({ village: '东山村', officer: '王军' }), actor: { role: 'station', name: '马丽' } }));
  });

  it('lets an office duty contact hand a case down from its link to another village of its office, but not outside it; the officer cannot hand down', async () => {
    const office = await signIn(OFFICE);
    const { caseNumber } = await reported(aDispute);
    await climbPastSla(caseNumber, DISPUTE_SLA_MS);
    const officeLink = await p.linkFor(caseNumber, OFFICE_DUTY);

    const byOfficer = await p.app.request(`/o/${await p.linkFor(caseNumber, OFFICER)}`, formPost({ action: 'assign', villageId: 'nanwan' }));
    const outside = await post(office, `/cases/${caseNumber}/actions`, { action: 'assign', villageId: 'hekou' });
    const unknown = await post(office, `/cases/${caseNumber}/actions`, { action: 'assign', villageId: 'atlantis' });
    const page = await p.app.request(`/o/${officeLink}`);
    const res = await p.app.request(`/o/${officeLink}`, formPost({ action: 'assign', villageId: 'nanwan', reason: '南湾村民警熟悉双方' }));
    await p.sendPending(caseNumber);

    expect(byOfficer.status).toBe(409);
    expect(outside.status).toBe(409);
    expect(((await outside.json()) as { detail: string }).detail).toContain('outside your area');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ errors: [{ field: 'villageId' }] });
    const assignSelect = /<select id="assign-village"[^>]*>(.*?)<\/select>/s.exec(await page.text())?.[1] ?? '';
    expect(assignSelect).toContain('value="nanwan"');
    expect(assignSelect).toContain('value="dongshan" selected');
    expect(assignSelect).not.toContain('value="hekou"');
    expect(res.status).toBe(200);
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ villageId: 'nanwan', officerId: 'li-hua', level: 1 });
    expect((await p.outbox(caseNumber)).filter((m) => m.to === '+8613800001002').map((m) => m.body)).toEqual([expect.stringMatching(/^【青山村警】下派：矛盾纠纷/)]);
  });
});
