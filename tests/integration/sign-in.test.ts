/**
 * Staff sign-in against abuse, on DynamoDB Local: limits on the trusted address (not X-Forwarded-For)
 * and on the phone, bounded code checks per phone and day, and sessions the server can end (logout,
 * removal from the roster).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createAdminApp } from '../../functions/api/admin/app.ts';
import type { County } from '../../functions/domain/county.ts';
import { readOutbox } from '../../functions/notify/outbox.ts';
import { OutboxSmsSender } from '../../functions/notify/outbox.ts';
import { createTestEnv, demoCounty, TestClock, type TestEnv } from '../support/env.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let env: TestEnv;
let app: Hono;
let outbox: string;

const OFFICER = '+8613800001001';

beforeEach(async () => {
  env = await createTestEnv(inject('dynamodbEndpoint'), { county: demoCounty, clock: new TestClock(new Date('2026-11-22T02:00:30Z')) });
  outbox = join(mkdtempSync(join(tmpdir(), 'cunjing-signin-')), 'outbox.jsonl');
  app = createAdminApp({ ...env, sms: new OutboxSmsSender(outbox, { log: () => undefined, clock: env.clock }) });
});

const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const askCode = (phone: string, address = '198.51.100.7', headers: Record<string, string> = {}) => app.request('/api/v1/admin/login/code', json({ phone }, headers), from(address));
const verify = (phone: string, code: string, address = '198.51.100.7') => app.request('/api/v1/admin/login/verify', json({ phone, code }), from(address));
const lastCode = async (phone: string) => /(\d{6})/.exec((await readOutbox(outbox)).filter((m) => m.to === phone).at(-1)!.body)![1]!;

async function signIn(phone = OFFICER): Promise<{ cookie: string; csrf: string }> {
  await askCode(phone);
  const res = await verify(phone, await lastCode(phone));
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('Set-Cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe('sign-in limits', () => {
  it('counts the trusted address: 30 requests in 15 minutes, then 429, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await askCode(`+86139000${String(i).padStart(5, '0')}`, '198.51.100.7', { 'X-Forwarded-For': `203.0.113.${i}` })).status);
    const elsewhere = await askCode('+8613900099999', '203.0.113.50');

    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(elsewhere.status).toBe(202);
  });

  it('bounds code checks per phone and day, from any address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await verify(OFFICER, '000000', `198.51.100.${i}`)).status);

    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('keeps no phone number or address in the limit counters', async () => {
    await askCode(OFFICER);

    const { Items = [] } = await env.client.send(new ScanCommand({ TableName: env.tables.cases.name }));

    const counters = JSON.stringify(Items.filter((item) => String(item.pk).startsWith('RATE#')));
    expect(counters).not.toContain('13800001001');
    expect(counters).not.toContain('198.51.100.7');
  });
});

describe('sessions the server can end', () => {
  it('refuses a session cookie replayed after logout', async () => {
    const session = await signIn();
    const before = await app.request('/api/v1/admin/me', { headers: { Cookie: session.cookie } });

    const logout = await app.request('/api/v1/admin/logout', { method: 'POST', headers: { Cookie: session.cookie } });
    const replayed = await app.request('/api/v1/admin/me', { headers: { Cookie: session.cookie } });

    expect(before.status).toBe(200);
    expect(logout.status).toBe(204);
    expect(replayed.status).toBe(401);
  });

  it('ends only the session that signed out', async () => {
    const phone = await signIn();
    const laptop = await signIn();

    await app.request('/api/v1/admin/logout', { method: 'POST', headers: { Cookie: phone.cookie } });

    expect((await app.request('/api/v1/admin/me', { headers: { Cookie: laptop.cookie } })).status).toBe(200);
  });

  it('ends the session of a person taken off the roster, and of one whose id got another phone', async () => {
    const officer = await signIn(OFFICER);
    const assistant = await signIn('+8613900002001');
    const current = (await env.roster.loadCounty('DEMO'))!;
    const changed: County = {
      ...current,
      officers: current.officers.map((o) => (o.phone === OFFICER ? { ...o, phone: '+8613800009999' } : o)),
      stations: current.stations.map((s) => ({
        ...s,
        offices: s.offices.map((o) => ({ ...o, villages: o.villages.map((v) => (v.id === 'dongshan' ? { ...v, assistant: { name: '新助理', phone: '+8613900009998' } } : v)) })),
      })),
    };
    await env.roster.saveCounty(changed);
    await env.county.get({ fresh: true });

    const officerAfter = await app.request('/api/v1/admin/me', { headers: { Cookie: officer.cookie } });
    const assistantAfter = await app.request('/api/v1/admin/me', { headers: { Cookie: assistant.cookie } });

    expect(officerAfter.status).toBe(401);
    expect(assistantAfter.status).toBe(401);
  });
});
