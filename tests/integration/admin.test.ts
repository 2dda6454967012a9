/**
 * The admin console's API on DynamoDB Local: sign-in by SMS code, sessions and CSRF, the role ×
 * area matrix on every case route, roster import, alerts, assessment and the audit log.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let p: Pipeline;
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

const PHONES = {
  officer: '+8613800001001', // 王军: 东山村, 西山村
  assistant: '+8613900002001', // 张建国: 东山村
  office: '+8613300006001', // 张伟: 东山中心警务室 (东山, 西山, 南湾)
  station: '+8613300006101', // 马丽: 青山镇派出所
  bureau: '+8613300006201', // 徐明: 县局
} as const;
type Role = keyof typeof PHONES;

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(phone: string): Promise<Session> {
  const asked = await p.app.request('/api/v1/admin/login/code', json({ phone }, { 'X-Forwarded-For': `10.0.0.${phone.slice(-2)}` }));
  expect(asked.status).toBe(202);
  const sms = (await p.outbox()).filter((m) => m.role === 'login' && m.to === phone).at(-1);
  const code = /(\d{6})/.exec(sms!.body)![1]!;
  const res = await p.app.request('/api/v1/admin/login/verify', json({ phone, code }));
  expect(res.status).toBe(200);
  const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const get = (s: Session, path: string) => p.app.request(`/api/v1/admin${path}`, { headers: { Cookie: s.cookie } });
const post = (s: Session, path: string, body: unknown) => p.app.request(`/api/v1/admin${path}`, json(body, { Cookie: s.cookie, 'X-CSRF-Token': s.csrf }));

const CASE_NAMES = ['dongshanTip', 'dongshanDispute', 'hekouDispute', 'songlinDispute'] as const;
const sessions = {} as Record<Role, Session>;
const cases = {} as Record<(typeof CASE_NAMES)[number], string>;

beforeAll(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
  cases.dongshanTip = (await p.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' })).caseNumber;
  cases.dongshanDispute = (await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解', name: '李四', phone: '13812345678' })).caseNumber;
  cases.hekouDispute = (await p.submit({ kind: 'dispute', villageId: 'hekou', description: '河口村两家因为放牛的事吵架' })).caseNumber;
  cases.songlinDispute = (await p.submit({ kind: 'dispute', villageId: 'songlin', description: '松林社区楼上漏水邻里纠纷' })).caseNumber;
  // As the stream would: each new case is counted (and routed).
  for (const caseNumber of Object.values(cases)) await p.routeNew(caseNumber);
  for (const role of Object.keys(PHONES) as Role[]) sessions[role] = await signIn(PHONES[role]);
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and tells who signed in', async () => {
    const asked = await p.app.request('/api/v1/admin/login/code', json({ phone: '13800001002' }));
    const code = /(\d{6})/.exec((await p.outbox()).filter((m) => m.role === 'login').at(-1)!.body)![1]!;

    const res = await p.app.request('/api/v1/admin/login/verify', json({ phone: '13800001002', code }));

    expect(asked.status).toBe(202);
    expect(res.status).toBe(200);
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/);
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=Strict/);
    expect(await res.json()).toMatchObject({ name: '李华', role: 'officer', csrfToken: expect.any(String) });
  });

  it('answers a phone that is not on the roster like one that is, and sends it nothing', async () => {
    const before = (await p.outbox()).length;

    const res = await p.app.request('/api/v1/admin/login/code', json({ phone: '13999999999' }));

    expect(res.status).toBe(202);
    expect((await p.outbox()).length).toBe(before);
  });

  it('refuses a wrong code, and the right code after five wrong tries', async () => {
    const phone = '+8613800001003';
    await p.app.request('/api/v1/admin/login/code', json({ phone }));
    const code = /(\d{6})/.exec((await p.outbox()).filter((m) => m.role === 'login' && m.to === phone).at(-1)!.body)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';

    const tries = [];
    for (let i = 0; i < 5; i += 1) tries.push((await p.app.request('/api/v1/admin/login/verify', json({ phone, code: wrong }))).status);
    const right = await p.app.request('/api/v1/admin/login/verify', json({ phone, code }));

    expect(tries).toEqual([401, 401, 401, 401, 401]);
    expect(right.status).toBe(401);
  });

  it('refuses a code after five minutes', async () => {
    const phone = '+8613800001004';
    await p.app.request('/api/v1/admin/login/code', json({ phone }));
    const code = /(\d{6})/.exec((await p.outbox()).filter((m) => m.role === 'login' && m.to === phone).at(-1)!.body)![1]!;
    p.clock.advance(5 * 60_000 + 1000);

    const res = await p.app.request('/api/v1/admin/login/verify', json({ phone, code }));

    expect(res.status).toBe(401);
  });

  it('limits how many codes one phone gets, answering "sent" past the limit so nobody can lock the phone out', async () => {
    const phone = '+8613800001005';
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await p.app.request('/api/v1/admin/login/code', json({ phone }))).status);
    const codes = (await p.outbox()).filter((m) => m.role === 'login' && m.to === phone);
    const lastCode = /(\d{6})/.exec(codes.at(-1)!.body)![1]!;

    const signedIn = await p.app.request('/api/v1/admin/login/verify', json({ phone, code: lastCode }));

    expect(statuses).toEqual([202, 202, 202, 202]);
    expect(codes).toHaveLength(3);
    expect(signedIn.status).toBe(200);
  });

  it('requires a session for every admin route and the CSRF token for every change', async () => {
    const anonymous = await p.app.request('/api/v1/admin/cases');
    const noCsrf = await p.app.request(`/api/v1/admin/cases/${cases.dongshanDispute}/actions`, json({ action: 'note', text: 'x' }, { Cookie: sessions.bureau.cookie }));
    const forged = await p.app.request('/api/v1/admin/cases', { headers: { Cookie: 'cj_admin=eyJzdWIiOiJzdGFmZjp4dS1taW5nIn0.AAAA' } });

    expect(anonymous.status).toBe(401);
    expect(noCsrf.status).toBe(403);
    expect(forged.status).toBe(401);
  });
});

describe('role × area on case routes', () => {
  // Which of the four cases each role may see and act on.
  const visible: Record<Role, (keyof typeof cases)[]> = {
    officer: ['dongshanTip', 'dongshanDispute'],
    assistant: ['dongshanDispute'],
    office: ['dongshanTip', 'dongshanDispute'],
    station: ['dongshanTip', 'dongshanDispute', 'hekouDispute'],
    bureau: ['dongshanTip', 'dongshanDispute', 'hekouDispute', 'songlinDispute'],
  };
  const table = (Object.keys(visible) as Role[]).flatMap((role) => CASE_NAMES.map((name) => ({ role, name, allowed: visible[role].includes(name) })));

  it.each(table)('$role reading $name: allowed=$allowed', async ({ role, name, allowed }) => {
    const res = await get(sessions[role], `/cases/${cases[name]}`);

    expect(res.status).toBe(allowed ? 200 : 404);
    if (!allowed) expect(await res.json()).toMatchObject({ status: 404, detail: 'no such case in your area' });
  });

  it.each(table)('$role adding a note to $name: allowed=$allowed', async ({ role, name, allowed }) => {
    const res = await post(sessions[role], `/cases/${cases[name]}/actions`, { action: 'note', text: `${role} 的备注` });

    expect(res.status).toBe(allowed ? 204 : 404);
  });

  it.each(Object.keys(visible) as Role[])('%s lists exactly the cases of their area', async (role) => {
    const res = await get(sessions[role], '/cases');

    const listed = ((await res.json()) as { items: { caseNumber: string }[] }).items.map((c) => c.caseNumber);
    expect(listed.filter((n) => Object.values(cases).includes(n)).sort()).toEqual(visible[role].map((n) => cases[n]).sort());
  });

  it('pages through an area without losing a case, however the pages fall', async () => {
    for (let i = 0; i < 8; i += 1) {
      await p.submit({ kind: 'dispute', villageId: i % 2 ? 'hekou' : 'xishan', description: `第${i}件纠纷，测试分页是否丢失` });
    }
    const everything = ((await (await get(sessions.officer, '/cases?limit=200')).json()) as { items: { caseNumber: string }[] }).items.map((c) => c.caseNumber);

    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (await get(sessions.officer, `/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: { caseNumber: string }[]; cursor?: string };
      paged.push(...page.items.map((c) => c.caseNumber));
      cursor = page.cursor;
    } while (cursor);

    expect(everything.length).toBeGreaterThanOrEqual(6);
    expect(paged).toEqual(everything);
  });

  it('shows chiefs the roster of their own area only', async () => {
    const station = (await (await get(sessions.station, '/roster')).json()) as { stations: { id: string }[] };
    const office = (await (await get(sessions.office, '/roster')).json()) as { stations: { offices: { id: string }[] }[] };

    expect(station.stations.map((s) => s.id)).toEqual(['qingshan-zhen']);
    expect(office.stations.flatMap((s) => s.offices.map((o) => o.id))).toEqual(['dongshan-office']);
  });

  it.each([
    ['officer', 403],
    ['assistant', 403],
    ['office', 200],
    ['station', 200],
    ['bureau', 200],
  ] as const)('%s reading the roster gets %i', async (role, status) => {
    expect((await get(sessions[role], '/roster')).status).toBe(status);
  });

  it('never gives a tip reporter’s phone to anyone, and no notification phone numbers at all', async () => {
    const detail = await (await get(sessions.bureau, `/cases/${cases.dongshanDispute}`)).text();
    const csv = await (await get(sessions.bureau, '/cases.csv')).text();

    expect(detail).not.toContain('"to"');
    expect(csv).not.toContain('+86');
  });
});

describe('roster import', () => {
  const header = 'township,village,officer,officer phone,assistant,assistant phone';

  it('reports every bad row by line number and changes nothing', async () => {
    const csv = [header, '青山镇,东山村,王军,13800001001,张建国,13900002001', '青山镇,不存在村,王军,13800001001,张三,13900000000', '白水乡,白水村,孙丽,12345,徐秀英,13900002007'].join('\n');

    const res = await p.app.request('/api/v1/admin/roster/import?apply=true', { method: 'POST', headers: { Cookie: sessions.bureau.cookie, 'X-CSRF-Token': sessions.bureau.csrf, 'Content-Type': 'text/csv' }, body: csv });

    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['line 3: village', 'line 4: officerPhone']);
    expect((await p.env.county.get({ fresh: true })).villages.get('dongshan')?.officer.name).toBe('王军');
  });

  it('previews, then applies all rows at once; new cases go to the new officer', async () => {
    const csv = [header, '青山镇,东山村,钱进,13811112222,张建国,13900002001'].join('\n');
    const send = (apply: boolean) => p.app.request(`/api/v1/admin/roster/import?apply=${apply}`, { method: 'POST', headers: { Cookie: sessions.bureau.cookie, 'X-CSRF-Token': sessions.bureau.csrf, 'Content-Type': 'text/csv' }, body: csv });

    const preview = await send(false);
    const unchanged = (await p.env.county.get({ fresh: true })).villages.get('dongshan')?.officer.name;
    const applied = await send(true);
    const { caseNumber } = await p.submit({ kind: 'tip', villageId: 'dongshan', description: '导入之后的新举报线索，测试用' });
    await p.routeNew(caseNumber);

    expect(await preview.json()).toMatchObject({ applied: false, changes: [{ village: '东山村', officer: { from: '王军', to: '钱进' } }] });
    expect(unchanged).toBe('王军');
    expect(applied.status).toBe(200);
    expect((await p.outbox(caseNumber)).map((m) => m.to)).toEqual(['+8613811112222']);
  });

  it('is for bureau staff only', async () => {
    const res = await p.app.request('/api/v1/admin/roster/import', { method: 'POST', headers: { Cookie: sessions.station.cookie, 'X-CSRF-Token': sessions.station.csrf, 'Content-Type': 'text/csv' }, body: header });

    expect(res.status).toBe(403);
  });
});

describe('roster edits', () => {
  const patch = (s: Session, body: unknown) =>
    p.app.request('/api/v1/admin/roster', { method: 'PATCH', headers: { 'Content-Type': 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body: JSON.stringify(body) });

  it('lets office staff change their village’s joint-defence contacts, and the next urgent help rings the new ones', async () => {
    const res = await patch(sessions.office, { target: 'village', id: 'nanwan', defenceContacts: [{ name: '南湾新联防组', phone: '+8613700009999' }] });
    const { caseNumber } = await p.submit({ kind: 'help', urgent: true, villageId: 'nanwan', description: '老人突发疾病，需要帮忙送医' });
    await p.routeNew(caseNumber);

    expect(res.status).toBe(200);
    expect((await p.outbox(caseNumber)).filter((m) => m.role === 'defence').map((m) => m.to)).toEqual(['+8613700009999']);
  });

  it('refuses an edit outside one’s area with 403 and a bad phone with 400 naming it', async () => {
    const outside = await patch(sessions.office, { target: 'village', id: 'hekou', dutyPhone: '0000-1111' });
    const badPhone = await patch(sessions.station, { target: 'station', id: 'qingshan-zhen', dutyContact: { name: '值班室', phone: '12345' } });

    expect(outside.status).toBe(403);
    expect(badPhone.status).toBe(400);
    expect(await badPhone.json()).toMatchObject({ errors: [{ field: expect.stringContaining('phone') }] });
  });

  it('lets the bureau change its own duty desk, which the next escalation to the top reaches', async () => {
    const res = await patch(sessions.bureau, { target: 'bureau', dutyContact: { name: '新值班台', phone: '+8613400009999' } });

    expect(res.status).toBe(200);
    expect((await p.env.county.get({ fresh: true })).county.bureau.dutyContact.phone).toBe('+8613400009999');
  });
});

describe('alerts, assessment, audit', () => {
  it('publishes a station alert that shows on the public list for that station only', async () => {
    const expiresAt = new Date(p.clock.now().getTime() + 86_400_000).toISOString();

    const res = await post(sessions.station, '/alerts', { title: '谨防冒充客服退款诈骗', body: '接到自称客服要求退款的电话，请先挂断再核实。', expiresAt });
    const here = (await (await p.app.request('/api/v1/alerts?stationId=qingshan-zhen')).json()) as { title: string }[];
    const elsewhere = (await (await p.app.request('/api/v1/alerts?stationId=songlin-zhen')).json()) as { title: string }[];

    expect(res.status).toBe(201);
    expect(here.map((a) => a.title)).toContain('谨防冒充客服退款诈骗');
    expect(elsewhere.map((a) => a.title)).not.toContain('谨防冒充客服退款诈骗');
  });

  it('does not let an officer publish alerts', async () => {
    const res = await post(sessions.officer, '/alerts', { title: '测试提醒', body: '这是一条测试提醒内容', expiresAt: new Date(p.clock.now().getTime() + 86_400_000).toISOString() });

    expect(res.status).toBe(403);
  });

  it('shows an officer their own assessment row and the bureau every officer', async () => {
    const mine = (await (await get(sessions.officer, '/assessment')).json()) as { officers: { officerId: string; figures: { received: number } }[] };
    const all = (await (await get(sessions.bureau, '/assessment')).json()) as { officers: unknown[] };

    expect(mine.officers.map((o) => o.officerId)).toEqual(['wang-jun']);
    expect(mine.officers[0]!.figures.received).toBeGreaterThanOrEqual(2);
    expect(all.officers.length).toBeGreaterThanOrEqual(11);
  });

  it('keeps every admin action in the audit log, with who and from where, for bureau eyes only', async () => {
    await post(sessions.office, `/cases/${cases.dongshanDispute}/actions`, { action: 'reply', text: '我们明天上门' });

    const log = (await (await get(sessions.bureau, '/audit')).json()) as { action: string; name: string; caseNumber?: string; ip?: string }[];
    const denied = await get(sessions.station, '/audit');

    expect(log).toContainEqual(expect.objectContaining({ action: 'case.reply', name: '张伟', caseNumber: cases.dongshanDispute, ip: expect.any(String) }));
    expect(log.some((e) => e.action === 'login')).toBe(true);
    expect(denied.status).toBe(403);
  });
});

