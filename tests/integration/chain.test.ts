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
    expect((await p.env.cases.get(atTop.caseNumber))?.escalateAt).toBeUndefined();
    expect(overdue.items.map((c) => c.caseNumber).sort()).toEqual([atTop.caseNumber, climbed.caseNumber, due.caseNumber].sort());
    expect(notOverdue.items.map((c) => c.caseNumber).sort()).toEqual([acknowledged.caseNumber, transferred.caseNumber, fresh.caseNumber].sort());
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
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.escalate();
    await p.sendPending(caseNumber);
    p.clock.advance(60_000);
    refuseOfficer = false;
    await p.routeNew(caseNumber);

    const detail = (await (await get(bureau, `/cases/${caseNumber}`)).json()) as { notifications: { role: string; status: string }[] };

    expect(detail.notifications.map((n) => `${n.role}:${n.status}`)).toEqual(['officer:sent', 'escalation:sent']);
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
    p.clock.advance(240 * 60_000 + 1000);
    await p.escalate();
    await p.sendPending(caseNumber);

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
  it('stops a replaced assistant’s link: it no longer opens the case nor saves a note as him', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aDispute);
    const oldToken = await p.linkFor(caseNumber, ASSISTANT);
    const before = await p.app.request(`/o/${oldToken}`);

    await importRoster(bureau, '青山镇,东山村,王军,13800001001,周新,13900009999');
    const page = await p.app.request(`/o/${oldToken}`);
    const note = await p.app.request(`/o/${oldToken}`, formPost({ action: 'note', text: '我还能看到这个案件' }));

    expect(before.status).toBe(200);
    expect(page.status).toBe(404);
    expect(note.status).toBe(404);
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'note')).toEqual([]);
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

    expect(link.status).toBe(404);
    expect(consoleRead.status).toBe(404);
    expect(consoleAct.status).toBe(404);
    expect(theirs.status).toBe(200);
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'note')).toEqual([]);
  });

  it('stops a duty contact’s link once the roster names another duty contact for that office', async () => {
    const bureau = await signIn(BUREAU);
    const { caseNumber } = await reported(aTip);
    p.clock.advance(TIP_SLA_MS + 1000);
    await p.escalate();
    await p.sendPending(caseNumber);
    const token = await p.linkFor(caseNumber, OFFICE_DUTY);

    const edited = await p.app.request('/api/v1/admin/roster', { method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: bureau.cookie, 'X-CSRF-Token': bureau.csrf }, body: JSON.stringify({ target: 'office', id: 'dongshan-office', dutyContact: { name: '新值班员', phone: '+8613600009999' } }) });
    const page = await p.app.request(`/o/${token}`);

    expect(edited.status).toBe(200);
    expect(page.status).toBe(404);
  });
});
