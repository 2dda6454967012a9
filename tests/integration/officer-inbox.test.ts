/**
 * The officer inbox for counties whose SMS carry no per-case link (`sms.links: false`), on DynamoDB
 * Local: the SMS points to /o/inbox; the officer signs in once per phone with an SMS code; the
 * device session lasts DEVICE_DAYS (renewed while used), and ends when revoked from the console or
 * when a roster change takes the post from that phone; the inbox lists the person's open cases, urgent
 * first and then the oldest, never another village's; each case opens the one-tap link's case page.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DEVICE_DAYS } from '../../functions/domain/auth.ts';
import { unlimitedCounty } from '../support/env.ts';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001'; // 王军: 东山村 and 西山村
const ASSISTANT = '+8613900002001'; // 张建国, 东山村
const HEKOU_OFFICER = '+8613800001003'; // 赵强, 河口村
const OFFICE = '+8613300006001'; // 张伟, 东山中心警务室
const OTHER_OFFICE = '+8613300006002'; // 刘洋, 河口中心警务室
const STATION = '+8613300006101'; // 马丽, 青山镇派出所
const BUREAU = '+8613300006201'; // 徐明

const noLinks = { ...unlimitedCounty, sms: { ...unlimitedCounty.sms, links: false } };

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'), { county: noLinks });
});

async function reported(body: Record<string, unknown>) {
  const receipt = await p.submit(body);
  await p.routeNew(receipt.caseNumber);
  return receipt;
}

const aDispute = { kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' };

const cookieOf = (res: Response, name: string) => /^([^=]+=[^;]*)/.exec(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '')?.[1];

async function lastCode(phone: string): Promise<string> {
  const sms = (await p.outbox()).filter((m) => m.to === phone && m.role === 'login');
  return /(\d{6})/.exec(sms.at(-1)!.body)![1]!;
}

/** Signs in on the inbox as a phone would: the code form, then the code from the SMS. */
async function signInDevice(phone: string, userAgent = 'Mozilla/5.0 (Linux; Android 13; Redmi Note 12)'): Promise<string> {
  const asked = await p.app.request('/o/code', formPost({ phone: phone.replace('+86', '') }));
  expect(asked.status).toBe(200);
  const verified = await p.app.request('/o/verify', { ...formPost({ phone: phone.replace('+86', ''), code: await lastCode(phone) }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': userAgent } });
  expect(verified.status).toBe(303);
  expect(verified.headers.get('Location')).toBe('/o/inbox');
  return cookieOf(verified, 'cj_device')!;
}

/** A console session (JSON sign-in), for the devices API. */
async function consoleSession(phone: string): Promise<{ Cookie: string; 'X-CSRF-Token': string }> {
  const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await p.app.request('/api/v1/admin/login/code', json({ phone }));
  const res = await p.app.request('/api/v1/admin/login/verify', json({ phone, code: await lastCode(phone) }));
  expect(res.status).toBe(200);
  return { Cookie: cookieOf(res, 'cj_admin')!, 'X-CSRF-Token': ((await res.json()) as { csrfToken: string }).csrfToken };
}

const inbox = (cookie?: string) => p.app.request('/o/inbox', cookie ? { headers: { Cookie: cookie } } : {});
const isSignInForm = (html: string) => html.includes('action="/o/code"');
/** Case numbers in the order the inbox lists them. */
const listed = (html: string) => [...html.matchAll(/href="\/o\/c\/([A-Z]+-\d{4}-\d{6})"/g)].map((m) => m[1]);
/** Case numbers of the inbox lines that say the case is overdue (已超时). */
const markedOverdue = (html: string) => html.split('<li').filter((line) => line.includes('已超时')).flatMap((line) => listed(line));
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

describe('SMS without per-case links', () => {
  it('point every officer SMS to the inbox address and make no one-tap link', async () => {
    const { caseNumber } = await reported(aDispute);

    const sms = await p.outbox(caseNumber);

    const officer = sms.find((m) => m.to === OFFICER)!;
    const assistant = sms.find((m) => m.to === ASSISTANT)!;
    expect(officer.body).toContain('https://cunjing.test/o/inbox');
    expect(assistant.body).toContain('https://cunjing.test/o/inbox');
    expect(sms.every((m) => !/\/o\/[0-9a-z]{12}/.test(m.body))).toBe(true);
  });

  it('keep one-tap links where the county file does not turn them off', async () => {
    const global = await createPipeline(inject('dynamodbEndpoint'));
    const receipt = await global.submit(aDispute);
    await global.routeNew(receipt.caseNumber);

    const officer = (await global.outbox(receipt.caseNumber)).find((m) => m.to === OFFICER)!;

    expect(officer.body).toMatch(/https:\/\/cunjing\.test\/o\/[0-9a-z]{12}/);
    expect(officer.body).not.toContain('/o/inbox');
  });
});

describe('sign-in once per phone', () => {
  it('shows the sign-in form without a device session, then the inbox on that phone from then on', async () => {
    const { caseNumber } = await reported(aDispute);

    const before = await inbox();
    const cookie = await signInDevice(OFFICER);
    const after = await inbox(cookie);

    expect(isSignInForm(await before.text())).toBe(true);
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(isSignInForm(html)).toBe(false);
    expect(listed(html)).toEqual([caseNumber]);
    expect(html).toContain('王军');
    expect(html).toContain('rel="manifest" href="/officer.webmanifest"');
  });

  it('answers a wrong code next to the code field, and a bad number next to the phone field', async () => {
    await p.app.request('/o/code', formPost({ phone: '13800001001' }));

    const wrong = await p.app.request('/o/verify', formPost({ phone: '13800001001', code: '000000' }));
    const badPhone = await p.app.request('/o/code', formPost({ phone: '12345' }));

    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong, 'cj_device')).toBeUndefined();
    expect(await wrong.text()).toMatch(/<input id="code"[^>]*aria-describedby="code-error"[^>]*><p class="error" id="code-error">验证码错误或已过期/);
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toMatch(/<p class="error" id="phone-error">must be a mobile number/);
  });

  it('sends no code to a phone that is not on the roster, with the same answer', async () => {
    const res = await p.app.request('/o/code', formPost({ phone: '13912345678' }));

    expect(res.status).toBe(200);
    expect((await p.outbox()).filter((m) => m.to === '+8613912345678')).toEqual([]);
  });
});

describe('device session lifetime', () => {
  it(`lasts ${DEVICE_DAYS} days unused, then the phone signs in again`, async () => {
    const cookie = await signInDevice(OFFICER);

    p.clock.advance((DEVICE_DAYS - 1) * 86_400_000);
    const lastDay = await inbox(cookie);
    const renewed = cookieOf(lastDay, 'cj_device');
    p.clock.advance(2 * 86_400_000);
    const old = await inbox(cookie);

    expect(isSignInForm(await lastDay.text())).toBe(false);
    expect(isSignInForm(await old.text())).toBe(true);
    // Used in the second half of its life, it was renewed: the new cookie still signs in.
    expect(renewed).toBeDefined();
    expect(isSignInForm(await (await inbox(renewed)).text())).toBe(false);
  });

  it('is not renewed in the first half of its life', async () => {
    const cookie = await signInDevice(OFFICER);
    p.clock.advance(10 * 86_400_000);

    const res = await inbox(cookie);

    expect(res.status).toBe(200);
    expect(cookieOf(res, 'cj_device')).toBeUndefined();
  });

  it('ends when the phone signs out', async () => {
    const cookie = await signInDevice(OFFICER);
    const csrf = csrfOf(await (await inbox(cookie)).text());

    const out = await p.app.request('/o/logout', { ...formPost({ csrf }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });

    expect(out.status).toBe(303);
    expect(isSignInForm(await (await inbox(cookie)).text())).toBe(true);
  });
});

describe('revoking devices from the console', () => {
  it('lists the officer’s phones and ends one of them, leaving the other signed in', async () => {
    const phoneA = await signInDevice(OFFICER, 'Phone A');
    const phoneB = await signInDevice(OFFICER, 'Phone B');
    const session = await consoleSession(OFFICER);

    const list = (await (await p.app.request('/api/v1/admin/devices', { headers: session })).json()) as { principalId: string; devices: { sid: string; label: string }[] };
    const a = list.devices.find((d) => d.label === 'Phone A')!;
    const revoked = await p.app.request(`/api/v1/admin/devices/${a.sid}`, { method: 'DELETE', headers: session });

    expect(list.principalId).toBe('officer:wang-jun');
    expect(list.devices.map((d) => d.label).sort()).toEqual(['Phone A', 'Phone B']);
    expect((await p.env.devices.devices('officer:wang-jun')).every((d) => d.phone === OFFICER)).toBe(true);
    expect(revoked.status).toBe(204);
    expect(isSignInForm(await (await inbox(phoneA)).text())).toBe(true);
    expect(isSignInForm(await (await inbox(phoneB)).text())).toBe(false);
  });

  it('lets the office chief end an officer’s phones in the area, and answers 404 outside it', async () => {
    const phone = await signInDevice(OFFICER);
    const chief = await consoleSession(OFFICE);
    const otherChief = await consoleSession(OTHER_OFFICE);

    const outside = await p.app.request('/api/v1/admin/devices?principalId=officer:wang-jun', { method: 'DELETE', headers: otherChief });
    const stillIn = await inbox(phone);
    const inside = await p.app.request('/api/v1/admin/devices?principalId=officer:wang-jun', { method: 'DELETE', headers: chief });

    expect(outside.status).toBe(404);
    expect(isSignInForm(await stillIn.text())).toBe(false);
    expect(inside.status).toBe(200);
    expect(await inside.json()).toEqual({ revoked: 1 });
    expect(isSignInForm(await (await inbox(phone)).text())).toBe(true);
    const audit = (await p.env.admin.auditLog(p.clock.now().toISOString().slice(0, 7), 50)).filter((e) => e.action === 'device.revoke');
    expect(audit.map((e) => e.name)).toEqual(['张伟']);
  });

  it('needs the CSRF token to revoke', async () => {
    await signInDevice(OFFICER);
    const session = await consoleSession(OFFICER);

    const res = await p.app.request('/api/v1/admin/devices', { method: 'DELETE', headers: { Cookie: session.Cookie } });

    expect(res.status).toBe(403);
  });
});

describe('roster changes', () => {
  it('end the device sessions of an officer whose post gets another phone, and keep the others', async () => {
    const officer = await signInDevice(OFFICER);
    const other = await signInDevice(HEKOU_OFFICER);
    const bureau = await consoleSession(BUREAU);

    const edit = await p.app.request('/api/v1/admin/roster', { method: 'PATCH', headers: { ...bureau, 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'officer', id: 'wang-jun', phone: '+8613800009999' }) });

    expect(edit.status).toBe(200);
    expect(await p.env.devices.devices('officer:wang-jun')).toEqual([]);
    expect(isSignInForm(await (await inbox(officer)).text())).toBe(true);
    expect(isSignInForm(await (await inbox(other)).text())).toBe(false);
  });

  it('end an assistant’s phone when the village gets another assistant', async () => {
    const assistant = await signInDevice(ASSISTANT);
    const bureau = await consoleSession(BUREAU);

    await p.app.request('/api/v1/admin/roster', { method: 'PATCH', headers: { ...bureau, 'Content-Type': 'application/json' }, body: JSON.stringify({ target: 'village', id: 'dongshan', assistant: { name: '新助理', phone: '+8613900009999' } }) });

    expect(isSignInForm(await (await inbox(assistant)).text())).toBe(true);
  });
});

describe('inbox order and scope', () => {
  it('lists urgent cases first, then the oldest, and drops resolved ones', async () => {
    const older = await reported(aDispute);
    p.clock.advance(60_000);
    const newer = await reported({ kind: 'hazard', villageId: 'xishan', description: '村口桥面塌了一块，晚上看不清' });
    p.clock.advance(60_000);
    const urgent = await reported({ kind: 'help', villageId: 'xishan', description: '老人走失，家人在找', urgent: true });
    p.clock.advance(60_000);
    const done = await reported({ kind: 'service', villageId: 'dongshan', description: '咨询户口迁移需要哪些材料' });
    const cookie = await signInDevice(OFFICER);
    const page = await (await p.app.request(`/o/c/${done.caseNumber}`, { headers: { Cookie: cookie } })).text();
    await p.app.request(`/o/c/${done.caseNumber}`, { ...formPost({ action: 'status', status: 'resolved', csrf: csrfOf(page) }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });

    const html = await (await inbox(cookie)).text();

    expect(listed(html)).toEqual([urgent.caseNumber, older.caseNumber, newer.caseNumber]);
  });

  it('never shows an officer another village’s cases, nor an assistant a tip', async () => {
    const mine = await reported(aDispute);
    const tip = await reported({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' });
    const theirs = await reported({ kind: 'dispute', villageId: 'hekou', description: '河口村两家因鱼塘放水发生争执' });
    const officer = await signInDevice(OFFICER);
    const assistant = await signInDevice(ASSISTANT);
    const hekou = await signInDevice(HEKOU_OFFICER);

    const officerList = listed(await (await inbox(officer)).text());
    const assistantList = listed(await (await inbox(assistant)).text());
    const hekouList = listed(await (await inbox(hekou)).text());
    const opened = await p.app.request(`/o/c/${theirs.caseNumber}`, { headers: { Cookie: officer } });
    const tipByAssistant = await p.app.request(`/o/c/${tip.caseNumber}`, { headers: { Cookie: assistant } });

    expect(officerList.sort()).toEqual([mine.caseNumber, tip.caseNumber].sort());
    expect(assistantList).toEqual([mine.caseNumber]);
    expect(hekouList).toEqual([theirs.caseNumber]);
    expect(opened.status).toBe(404);
    expect(tipByAssistant.status).toBe(404);
  });

  it('moves a transferred case to the new village officer’s inbox', async () => {
    const { caseNumber } = await reported(aDispute);
    const officer = await signInDevice(OFFICER);
    const hekou = await signInDevice(HEKOU_OFFICER);
    const page = await (await p.app.request(`/o/c/${caseNumber}`, { headers: { Cookie: officer } })).text();

    const moved = await p.app.request(`/o/c/${caseNumber}`, { ...formPost({ action: 'transfer', villageId: 'hekou', csrf: csrfOf(page) }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: officer } });

    expect(moved.status).toBe(200);
    expect(listed(await (await inbox(officer)).text())).toEqual([]);
    expect(listed(await (await inbox(hekou)).text())).toEqual([caseNumber]);
  });

  it('shows the central office only the cases that climbed to it, and sends the bureau to the console', async () => {
    const climbed = await reported(aDispute);
    await reported({ kind: 'hazard', villageId: 'xishan', description: '村口桥面塌了一块，晚上看不清' });
    p.clock.advance(8 * 3_600_000);
    await p.escalate();
    const fresh = await reported({ kind: 'service', villageId: 'dongshan', description: '咨询户口迁移需要哪些材料' });
    const office = await signInDevice(OFFICE);
    const bureau = await signInDevice(BUREAU);

    const officeList = listed(await (await inbox(office)).text());
    const bureauPage = await (await inbox(bureau)).text();

    expect(officeList).toContain(climbed.caseNumber);
    expect(officeList).not.toContain(fresh.caseNumber);
    expect(listed(bureauPage)).toEqual([]);
    expect(bureauPage).toContain('href="/admin/cases/"');
  });

  it('marks overdue the cases the console lists as overdue: one that climbed past its SLA, not one still within it', async () => {
    const climbed = await reported(aDispute);
    p.clock.advance(8 * 3_600_000);
    await p.escalate();
    const fresh = await reported({ kind: 'service', villageId: 'dongshan', description: '咨询户口迁移需要哪些材料' });
    const officer = await signInDevice(OFFICER);
    const office = await signInDevice(OFFICE);
    const console = await consoleSession(OFFICER);

    const officerHtml = await (await inbox(officer)).text();
    const officeHtml = await (await inbox(office)).text();
    const overdueList = (await (await p.app.request('/api/v1/admin/cases?overdue=true', { headers: console })).json()) as { items: { caseNumber: string }[] };

    expect(overdueList.items.map((c) => c.caseNumber)).toEqual([climbed.caseNumber]);
    expect(listed(officerHtml)).toEqual([climbed.caseNumber, fresh.caseNumber]);
    expect(markedOverdue(officerHtml)).toEqual([climbed.caseNumber]);
    expect(markedOverdue(officeHtml)).toEqual([climbed.caseNumber]);
  });

  it('marks a case at the bureau duty desk overdue in the station’s inbox, whose escalation time never falls due again', async () => {
    const { caseNumber } = await reported(aDispute);
    for (let level = 2; level <= 4; level += 1) {
      p.clock.advance(8 * 3_600_000);
      await p.escalate();
    }
    const station = await signInDevice(STATION);

    const html = await (await inbox(station)).text();

    expect(listed(html)).toEqual([caseNumber]);
    expect(markedOverdue(html)).toEqual([caseNumber]);
  });
});

describe('the case page from the inbox', () => {
  it('is the one-tap link’s page, posting back to itself with the device session’s CSRF token, and audited', async () => {
    const { caseNumber } = await reported(aDispute);
    const cookie = await signInDevice(OFFICER);
    const page = await (await p.app.request(`/o/c/${caseNumber}`, { headers: { Cookie: cookie } })).text();
    const post = (fields: Record<string, string>) => p.app.request(`/o/c/${caseNumber}`, { ...formPost(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });

    const forged = await post({ action: 'acknowledge' });
    const acknowledged = await post({ action: 'acknowledge', csrf: csrfOf(page) });
    const replied = await post({ action: 'reply', text: '明天上午到现场调解', csrf: csrfOf(page) });
    const resolved = await post({ action: 'status', status: 'resolved', csrf: csrfOf(page) });

    expect(page).toContain(`action="/o/c/${caseNumber}"`);
    expect(page).toContain('href="/o/inbox"');
    expect(forged.status).toBe(403);
    expect([acknowledged.status, replied.status, resolved.status]).toEqual([303, 303, 303]);
    expect(acknowledged.headers.get('Location')).toBe(`/o/c/${caseNumber}?done`);
    const record = await p.env.cases.get(caseNumber);
    expect(record?.status).toBe('resolved');
    const timeline = await p.timeline(caseNumber);
    // The test clock stands still: the three entries share one time, so their order is not the point.
    expect(timeline.filter((e) => e.actor?.name === '王军').map((e) => e.type).sort()).toEqual(['acknowledged', 'reply', 'status']);
    const audit = (await p.env.admin.auditLog(p.clock.now().toISOString().slice(0, 7), 50)).filter((e) => e.caseNumber === caseNumber);
    expect(audit.map((e) => e.action).sort()).toEqual(['case.acknowledge', 'case.reply', 'case.status']);
    expect(audit.map((e) => [e.channel, e.principalId])).toEqual(Array(3).fill(['inbox', 'officer:wang-jun']));
  });

  it('sends a phone whose session ended back to the sign-in', async () => {
    const { caseNumber } = await reported(aDispute);

    const res = await p.app.request(`/o/c/${caseNumber}`);

    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/o/inbox');
  });
});
