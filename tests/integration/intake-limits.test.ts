/**
 * Intake limits per client on real DynamoDB Local tables: the trusted address (the socket here), the
 * keyed hash it is counted under, the soft limit's proof of work (ALTCHA), the hard limit's 429, a
 * village burst, no-JS duplicate form posts, and what the counter items hold.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { solveChallenge } from 'altcha-lib/v1';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import type { County } from '../../functions/domain/county.ts';
import type { Challenge } from '../../functions/domain/limits.ts';
import { createTestEnv, demoCounty, TestClock, type TestEnv } from '../support/env.ts';

/** The demo county's own limits (5 / 10 min soft, 10 / 10 min and 20 / day hard), an easy challenge. */
const county: County = { ...demoCounty, limits: { ...demoCounty.limits, intake: { ...demoCounty.limits.intake, challengeMaxNumber: 2_000 } } };

let env: TestEnv;
let app: ReturnType<typeof createApp>;
let clock: TestClock;

beforeEach(async () => {
  clock = new TestClock(new Date('2026-11-22T02:00:30Z'));
  env = await createTestEnv(inject('dynamodbEndpoint'), { county, clock });
  app = createApp(env);
});

/** What @hono/node-server gives the app: the socket. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

const help = (n: number) => ({ kind: 'help', villageId: 'dongshan', description: `路口有人摔倒，需要帮忙 ${n}`, anonymous: true });

function post(address: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }, from(address));
}

function form(address: string, fields: Record<string, string>) {
  return app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }, from(address));
}

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('challenge not solvable');
  return Buffer.from(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature })).toString('base64');
}

async function sendMany(address: string, count: number, start = 0): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = start; i < start + count; i++) statuses.push((await post(address, help(i))).status);
  return statuses;
}

describe('intake limits per client address', () => {
  it('accepts the soft limit of cases in ten minutes, then answers 428 with a proof-of-work challenge', async () => {
    const statuses = await sendMany('198.51.100.7', 5);

    const res = await post('198.51.100.7', help(5));

    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect(res.status).toBe(428);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const problem = (await res.json()) as { type: string; errors: { field: string }[]; challenge: Challenge };
    expect(problem.type).toBe('/problems/challenge-required');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'altcha' })]);
    expect(problem.challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 2_000, challenge: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('accepts a submission carrying a solved challenge past the soft limit, and the same solution only once', async () => {
    await sendMany('198.51.100.7', 5);
    const { challenge } = (await (await post('198.51.100.7', help(5))).json()) as { challenge: Challenge };
    const altcha = await solve(challenge);

    const solved = await post('198.51.100.7', { ...help(6), altcha });
    const replayed = await post('198.51.100.7', { ...help(7), altcha });

    expect(solved.status).toBe(201);
    expect(replayed.status).toBe(428);
    expect(((await replayed.json()) as { detail: string }).detail).toMatch(/did not verify/);
  });

  it('refuses a wrong solution with a new challenge', async () => {
    await sendMany('198.51.100.7', 5);
    const { challenge } = (await (await post('198.51.100.7', help(5))).json()) as { challenge: Challenge };
    const wrong = Buffer.from(JSON.stringify({ ...challenge, number: -1 })).toString('base64');

    const res = await post('198.51.100.7', { ...help(6), altcha: wrong });

    expect(res.status).toBe(428);
    expect(((await res.json()) as { challenge: Challenge }).challenge.signature).not.toBe(challenge.signature);
  });

  it('answers 429 with Retry-After until the window ends past the hard limit, even with a solved challenge', async () => {
    await sendMany('198.51.100.7', 10);
    const { challenge } = (await (await post('198.51.100.7', help(10))).json()) as { challenge?: Challenge; type: string };

    const res = await post('198.51.100.7', { ...help(11), ...(challenge && { altcha: await solve(challenge) }) });

    expect(res.status).toBe(429);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    // 02:00:30 → the 10-minute window ends at 02:10:00.
    expect(res.headers.get('Retry-After')).toBe('570');
  });

  it('lets the address send again once the ten-minute window has passed', async () => {
    await sendMany('198.51.100.7', 6);
    clock.advance(10 * 60_000);

    const res = await post('198.51.100.7', help(6));

    expect(res.status).toBe(201);
  });

  it('refuses the address past its daily limit, across ten-minute windows, until midnight', async () => {
    // Arrange: 5 cases (the soft limit) in each of four ten-minute windows: the day's 20.
    const accepted: number[] = [];
    for (let window = 0; window < 4; window++) {
      accepted.push(...(await sendMany('198.51.100.7', 5, window * 5)));
      clock.advance(10 * 60_000);
    }

    // Act: the 21st, in a fifth window (02:40:30).
    const res = await post('198.51.100.7', help(20));

    // Assert
    expect(accepted).toEqual(Array(20).fill(201));
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe(String((Date.parse('2026-11-23T00:00:00Z') - Date.parse('2026-11-22T02:40:30Z')) / 1000));
  });

  it('counts per address: a second address is not held back by the first one', async () => {
    await sendMany('198.51.100.7', 6);

    const res = await post('203.0.113.9', help(6));

    expect(res.status).toBe(201);
  });

  it('ignores X-Forwarded-For: a rotated header is still the same socket address', async () => {
    for (let i = 0; i < 5; i++) await post('198.51.100.7', help(i), { 'X-Forwarded-For': `192.0.2.${i}` });

    const res = await post('198.51.100.7', help(5), { 'X-Forwarded-For': '192.0.2.77' });

    expect(res.status).toBe(428);
  });

  it('asks every sender for a proof of work while a village is under a burst', async () => {
    const burst: County = { ...county, limits: { ...county.limits, intake: { ...county.limits.intake, villageBurstPer10Minutes: 3 } } };
    env = await createTestEnv(inject('dynamodbEndpoint'), { county: burst, clock });
    app = createApp(env);
    for (let i = 0; i < 3; i++) expect((await post(`198.51.100.${i + 1}`, help(i))).status).toBe(201);

    const toTheVillage = await post('198.51.100.50', help(3));
    const elsewhere = await post('198.51.100.50', { ...help(4), villageId: 'xishan' });

    expect(toTheVillage.status).toBe(428);
    expect(elsewhere.status).toBe(201);
  });

  it('keeps no address in the counter items, two of them (the address’s, the county’s with the village’s), each expiring when its window ends', async () => {
    await sendMany('198.51.100.7', 2);

    const { Items = [] } = await env.client.send(new ScanCommand({ TableName: env.tables.cases.name }));

    const counters = Items.filter((item) => String(item.pk).startsWith('RATE#'));
    expect(counters).toHaveLength(2);
    expect(JSON.stringify(Items)).not.toContain('198.51.100.7');
    const windowEnds = counters.map((item) => Number(item.ttl));
    // 10-minute windows end at 02:10:00, the day window at midnight UTC.
    expect(new Set(windowEnds)).toEqual(new Set([Date.parse('2026-11-22T02:10:00Z') / 1000, Date.parse('2026-11-23T00:00:00Z') / 1000]));
  });
});

describe('intake limits on the report form (no JavaScript)', () => {
  const fields = (n: number) => ({ kind: 'help', villageId: 'dongshan', description: `路口有人摔倒，需要帮忙 ${n}`, lang: 'zh-CN' });

  it('sends the form back past the soft limit with the challenge for the page script and the emergency number', async () => {
    for (let i = 0; i < 5; i++) expect((await form('198.51.100.7', fields(i))).status).toBe(303);

    const res = await form('198.51.100.7', fields(5));

    expect(res.status).toBe(428);
    const page = await res.text();
    expect(page).toContain('name="altcha"');
    expect(page).toMatch(/data-altcha="[^"]*signature/);
    expect(page).toContain('拨打110');
    expect(page).toContain('路口有人摔倒，需要帮忙 5');
  });

  it('sends the form back past the hard limit with 429, Retry-After and the emergency number', async () => {
    for (let i = 0; i < 10; i++) await form('198.51.100.7', fields(i));

    const res = await form('198.51.100.7', { ...fields(10), lang: 'en' });

    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('570');
    const page = await res.text();
    expect(page).toContain('call 110 now');
    expect(page).toContain('in 10 minutes');
  });

  it('answers the same form post within ten minutes with the first case’s receipt, and makes a new case after', async () => {
    const first = await form('198.51.100.7', fields(1));
    clock.advance(9 * 60_000);
    const again = await form('198.51.100.7', fields(1));
    const otherAddress = await form('203.0.113.9', fields(1));
    clock.advance(2 * 60_000);
    const later = await form('198.51.100.7', fields(1));

    expect(first.status).toBe(303);
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(again.headers.get('Set-Cookie')).toBe(first.headers.get('Set-Cookie'));
    expect(otherAddress.headers.get('Location')).not.toBe(first.headers.get('Location'));
    expect(later.headers.get('Location')).not.toBe(first.headers.get('Location'));
  });

  it('stores the implicit key of a form post for ten minutes only, and no address on the case', async () => {
    const res = await form('198.51.100.7', fields(1));
    const caseNumber = res.headers.get('Location')!.split('/').pop()!;

    const { Items = [] } = await env.client.send(new ScanCommand({ TableName: env.tables.cases.name }));

    const idem = Items.filter((item) => String(item.pk).startsWith('IDEM#'));
    expect(idem).toHaveLength(1);
    expect(Number(idem[0]!.ttl)).toBe(Date.parse('2026-11-22T02:10:30Z') / 1000);
    const stored = Items.find((item) => item.pk === `CASE#${caseNumber}`);
    expect(stored).toBeDefined();
    expect(JSON.stringify(Items)).not.toContain('198.51.100.7');
  });
});
