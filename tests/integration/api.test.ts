/**
 * The public API contract (DESIGN.md, v1) through `app.request()`, on real DynamoDB Local tables.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { keys } from '../../functions/store/tables.ts';
import { createTestEnv, type TestEnv } from '../support/env.ts';

let env: TestEnv;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await createTestEnv(inject('dynamodbEndpoint'));
  app = createApp(env);
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const aTip = { kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' };

async function submit(body: unknown = aTip, headers: Record<string, string> = {}) {
  const res = await app.request('/api/v1/cases', json(body, headers));
  return { res, body: (await res.json()) as { caseNumber: string; trackingCode: string; status: string; villageId: string } };
}

async function markResolved(caseNumber: string) {
  await env.client.send(
    new UpdateCommand({
      TableName: env.tables.cases.name,
      Key: keys.case(caseNumber),
      UpdateExpression: 'SET #s = :resolved',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':resolved': 'resolved' },
    }),
  );
}

describe('GET /api/v1/villages', () => {
  it('lists every village with township, station, the names of its officer and assistant and, added since v1, its contact card (station and office names, office hours, the workstation’s duty phone), briefly cacheable and without a personal phone number', async () => {
    const res = await app.request('/api/v1/villages');

    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=60');
    const villages = (await res.json()) as Record<string, unknown>[];
    expect(villages).toHaveLength(15);
    expect(villages.find((v) => v.id === 'dongshan')).toEqual({
      id: 'dongshan',
      name: '东山村',
      township: '青山镇',
      stationId: 'qingshan-zhen',
      stationName: '青山镇派出所',
      officeName: '东山中心警务室',
      officer: { name: '王军' },
      assistant: { name: '张建国' },
      officeHours: '周一至周五 8:30-17:30',
      dutyPhone: '0000-1201',
    });
    expect(JSON.stringify(villages)).not.toMatch(/\+86/);
  });

  it('answers from the roster in the table, so a name or hours changed in the console show there, not the county file’s', async () => {
    const { county } = await env.county.get({ fresh: true });
    const edited = structuredClone(county);
    edited.officers.find((o) => o.id === 'wang-jun')!.name = '王俊';
    const village = edited.stations[0]!.offices[0]!.villages.find((v) => v.id === 'dongshan')!;
    Object.assign(village, { officeHours: '每天 8:00-20:00' });
    await env.roster.saveCounty(edited);
    await env.county.get({ fresh: true });

    try {
      const villages = (await (await app.request('/api/v1/villages')).json()) as { id: string; officer: { name: string }; officeHours?: string }[];

      expect(villages.find((v) => v.id === 'dongshan')).toMatchObject({ officer: { name: '王俊' }, officeHours: '每天 8:00-20:00' });
    } finally {
      await env.roster.saveCounty(county);
      await env.county.get({ fresh: true });
    }
  });
});

describe('POST /api/v1/cases', () => {
  it('creates a case and answers 201 with case number, tracking code, status and village', async () => {
    const { res, body } = await submit();

    expect(res.status).toBe(201);
    expect(body).toEqual({ caseNumber: expect.stringMatching(/^DEMO-2026-\d{6}$/), trackingCode: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/), status: 'received', villageId: 'dongshan' });
  });

  it('stores the tracking code only as a hash, and an anonymous tip without name or phone', async () => {
    const { body } = await submit({ ...aTip, name: '李四', phone: '13800000000' });

    const { Item } = await env.client.send(new GetCommand({ TableName: env.tables.cases.name, Key: keys.case(body.caseNumber) }));
    expect(Item?.anonymous).toBe(true);
    expect(Item).not.toHaveProperty('name');
    expect(Item).not.toHaveProperty('phone');
    expect(JSON.stringify(Item)).not.toContain(body.trackingCode);
    expect(JSON.stringify(Item)).not.toContain(body.trackingCode.replace('-', ''));
  });

  it('gives every case its own number', async () => {
    const numbers = await Promise.all(Array.from({ length: 12 }, async () => (await submit()).body.caseNumber));

    expect(new Set(numbers).size).toBe(12);
  });

  it('answers a repeat with the same Idempotency-Key with the first answer and creates no second case', async () => {
    const headers = { 'Idempotency-Key': 'c1a7a1e0-6f1f-4a39-9d55-0a4c6e1f2b77' };
    const first = await submit(aTip, headers);
    const again = await submit(aTip, headers);

    expect(again.res.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const created = await env.client.send(
      new QueryCommand({
        TableName: env.tables.cases.name,
        IndexName: 'byMonth',
        KeyConditionExpression: '#month = :m AND createdAt = :t',
        ExpressionAttributeNames: { '#month': 'month' },
        ExpressionAttributeValues: { ':m': (await env.cases.get(first.body.caseNumber))!.month, ':t': (await env.cases.get(first.body.caseNumber))!.createdAt },
      }),
    );
    expect(created.Items?.filter((i) => i.caseNumber === first.body.caseNumber)).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused for a different request with 409', async () => {
    const headers = { 'Idempotency-Key': 'reused-key-for-two-bodies-0001' };
    await submit(aTip, headers);

    const { res, body } = await submit({ ...aTip, description: '另一件事：桥上的护栏断了' }, headers);

    expect(res.status).toBe(409);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 409 });
  });

  it('answers bad input with 400 problem+json naming every bad field', async () => {
    const res = await app.request('/api/v1/cases', json({ kind: 'theft', villageId: 'dongshan', description: 'x', phone: 'abc', anonymous: false }));

    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['description', 'kind', 'phone']);
  });

  it('words bad fields in the language the request asks for: Accept-Language, or the body\'s lang; English otherwise', async () => {
    const bad = { kind: 'dispute', villageId: 'dongshan', description: '吵架', phone: 'abc', anonymous: false };
    const messages = async (res: Response) => Object.fromEntries(((await res.json()) as { errors: { field: string; message: string }[] }).errors.map((e) => [e.field, e.message]));

    const chinese = await app.request('/api/v1/cases', json(bad, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }));
    const byLang = await app.request('/api/v1/cases', json({ ...bad, lang: 'zh-CN' }, { 'Accept-Language': 'en' }));
    const english = await app.request('/api/v1/cases', json(bad));

    expect(await messages(chinese)).toEqual({ description: '请多写几句，至少 5 个字', phone: '手机号不对：请填 11 位手机号，例如 13800000000' });
    expect(await messages(byLang)).toEqual({ description: '请多写几句，至少 5 个字', phone: '手机号不对：请填 11 位手机号，例如 13800000000' });
    expect(await messages(english)).toEqual({ description: 'Please write a little more: at least 5 characters', phone: 'This is not a mobile number: 11 digits, for example 13800000000' });
  });

  it('answers an unknown village with 400 naming villageId', async () => {
    const res = await app.request('/api/v1/cases', json({ ...aTip, villageId: 'atlantis' }));

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'villageId', message: expect.stringContaining('atlantis') }] });
  });

  it('answers a malformed Idempotency-Key with 400 naming the header', async () => {
    const res = await app.request('/api/v1/cases', json(aTip, { 'Idempotency-Key': 'x' }));

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'Idempotency-Key' }] });
  });

  it('answers malformed JSON with 400 and another media type with 415', async () => {
    const malformed = await app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"kind":' });
    const text = await app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });

    expect(malformed.status).toBe(400);
    expect(text.status).toBe(415);
    expect(text.headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await app.request('/api/v1/cases', json({ ...aTip, description: '长'.repeat(20_000) }));

    expect(res.status).toBe(413);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('turns an HTML form post into a 303 to the receipt page, which shows the number and the code', async () => {
    const form = new URLSearchParams({ kind: 'service', villageId: 'xishan', description: '想咨询孩子上户口要带哪些材料', anonymous: '' });

    const res = await app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });

    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(/^\/receipt\/DEMO-2026-\d{6}$/);
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(location).not.toContain(cookie.split('.')[1]!.slice(0, 11));
    const receipt = await app.request(location, { headers: { Cookie: cookie.split(';')[0]! } });
    const page = await receipt.text();
    expect(receipt.status).toBe(200);
    expect(page).toContain(location.split('/').at(-1));
    expect(page).toMatch(/id="tracking-code">[0-9A-Z]{5}-[0-9A-Z]{5}</);
  });

  it('answers a form post with bad fields with a page listing them, not a redirect', async () => {
    const form = new URLSearchParams({ kind: 'service', villageId: 'xishan', description: '短' });

    const res = await app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });

    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('情况描述');
  });
});

describe('GET /api/v1/cases/{caseNumber}', () => {
  it('shows the case and its public timeline to the holder of the tracking code', async () => {
    const { body } = await submit();

    const res = await app.request(`/api/v1/cases/${body.caseNumber}`, { headers: { 'X-Tracking-Code': body.trackingCode.toLowerCase() } });

    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toEqual({
      caseNumber: body.caseNumber,
      kind: 'tip',
      status: 'received',
      villageId: 'dongshan',
      createdAt: expect.any(String),
      updates: false,
      timeline: [{ at: expect.any(String), type: 'received', text: '已收到您的反映' }],
      reward: { state: 'pending' },
      photos: [],
    });
  });

  it('never shows internal timeline entries or notification records', async () => {
    const { body } = await submit();
    const sms = { id: 'officer:+8613800001001', role: 'officer', message: 'assignment', to: '+8613800001001' } as const;
    await env.cases.claimNotification(body.caseNumber, sms, { now: new Date(), leaseMs: 30_000, maxAttempts: 5 });
    await env.cases.settleNotification(
      body.caseNumber,
      'officer:+8613800001001',
      { role: 'officer', message: 'assignment', to: '+8613800001001', status: 'failed', attempts: 1, at: new Date().toISOString(), error: 'boom' },
      { at: new Date().toISOString(), type: 'notify_failed', visibility: 'internal', params: { role: 'officer', attempts: 1 } },
    );

    const res = await app.request(`/api/v1/cases/${body.caseNumber}`, { headers: { 'X-Tracking-Code': body.trackingCode } });

    const text = await res.text();
    expect(text).not.toContain('notify_failed');
    expect(text).not.toContain('+86');
    expect(text).not.toContain('boom');
  });

  it('answers a wrong tracking code exactly like an unknown case', async () => {
    const { body } = await submit();

    const wrong = await app.request(`/api/v1/cases/${body.caseNumber}`, { headers: { 'X-Tracking-Code': 'AAAAA-AAAAA' } });
    const unknown = await app.request('/api/v1/cases/DEMO-2026-999999', { headers: { 'X-Tracking-Code': body.trackingCode } });
    const malformed = await app.request('/api/v1/cases/not-a-case', { headers: { 'X-Tracking-Code': body.trackingCode } });

    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    const [a, b, c] = await Promise.all([wrong.text(), unknown.text(), malformed.text()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(wrong.headers.get('Content-Type')).toBe(unknown.headers.get('Content-Type'));
  });

  it('asks for the X-Tracking-Code header when it is missing', async () => {
    const { body } = await submit();

    const res = await app.request(`/api/v1/cases/${body.caseNumber}`);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'X-Tracking-Code' }] });
  });
});

describe('POST /api/v1/cases/{caseNumber}/rating', () => {
  const rate = (caseNumber: string, body: unknown) => app.request(`/api/v1/cases/${caseNumber}/rating`, json(body));

  it('refuses to rate a case that is not resolved yet with 409', async () => {
    const { body } = await submit();

    const res = await rate(body.caseNumber, { trackingCode: body.trackingCode, score: 5 });

    expect(res.status).toBe(409);
  });

  it('rates a resolved case once, and refuses a second rating with 409', async () => {
    const { body } = await submit();
    await markResolved(body.caseNumber);

    const first = await rate(body.caseNumber, { trackingCode: body.trackingCode, score: 4, comment: '处理及时' });
    const second = await rate(body.caseNumber, { trackingCode: body.trackingCode, score: 1 });

    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    const { Item } = await env.client.send(new GetCommand({ TableName: env.tables.ratings.name, Key: { caseNumber: body.caseNumber } }));
    expect(Item).toMatchObject({ score: 4, comment: '处理及时', officerId: 'wang-jun' });
    const tracked = await app.request(`/api/v1/cases/${body.caseNumber}`, { headers: { 'X-Tracking-Code': body.trackingCode } });
    expect(((await tracked.json()) as { timeline: { type: string }[] }).timeline.map((e) => e.type)).toContain('rated');
  });

  it('answers a wrong tracking code with 404 and a bad score with 400 naming it', async () => {
    const { body } = await submit();
    await markResolved(body.caseNumber);

    const wrongCode = await rate(body.caseNumber, { trackingCode: 'AAAAA-AAAAA', score: 5 });
    const badScore = await rate(body.caseNumber, { trackingCode: body.trackingCode, score: 6 });

    expect(wrongCode.status).toBe(404);
    expect(badScore.status).toBe(400);
    expect(await badScore.json()).toMatchObject({ errors: [{ field: 'score' }] });
  });

  it('says what is wrong with a rating in the language the request asks for', async () => {
    const { body } = await submit();
    await markResolved(body.caseNumber);
    const bad = { trackingCode: body.trackingCode, score: 6, comment: '好'.repeat(301) };

    const chinese = await app.request(`/api/v1/cases/${body.caseNumber}/rating`, json(bad, { 'Accept-Language': 'zh-CN' }));
    const english = await rate(body.caseNumber, bad);

    expect(await chinese.json()).toMatchObject({ errors: [{ field: 'score', message: '请选择 1 到 5 分' }, { field: 'comment', message: '太长了：最多 300 字' }] });
    expect(await english.json()).toMatchObject({ errors: [{ field: 'score', message: 'Please choose 1 to 5' }, { field: 'comment', message: 'Too long: at most 300 characters' }] });
  });
});
