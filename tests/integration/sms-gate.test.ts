/**
 * The SMS gate on DynamoDB Local: the circuit breaker per village phone (held cases reach the phone
 * as one digest every M minutes) and the county's monthly spend counter (non-urgent SMS stop before
 * the budget; urgent help and sign-in codes keep a reserved share).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import type { County } from '../../functions/domain/county.ts';
import { routeCase } from '../../functions/domain/messaging.ts';
import { SMS_BUDGET_LOG_MESSAGE, SmsGate, SmsWithheld } from '../../functions/domain/sms-gate.ts';
import { OutboxSmsSender, readOutbox } from '../../functions/notify/outbox.ts';
import { DynamoSmsGateStore } from '../../functions/store/sms-gate.ts';
import { createTestEnv, TestClock, unlimitedCounty, type TestEnv } from '../support/env.ts';

const OFFICER = '+8613800001001';
let env: TestEnv;
let clock: TestClock;
let outbox: string;
let gate: SmsGate;
let warnings: string[];

async function setUp(county: County) {
  clock = new TestClock(new Date('2026-11-22T02:00:00Z'));
  env = await createTestEnv(inject('dynamodbEndpoint'), { county, clock });
  outbox = join(mkdtempSync(join(tmpdir(), 'cunjing-gate-')), 'outbox.jsonl');
  warnings = [];
  gate = new SmsGate(new OutboxSmsSender(outbox, { log: () => undefined, clock }), {
    store: new DynamoSmsGateStore({ client: env.client, tableName: env.tables.cases.name }),
    county: env.county,
    clock,
    publicUrl: 'https://cunjing.test',
    log: { warn: (message) => warnings.push(message) },
  });
}

describe('the circuit breaker per village', () => {
  const county: County = { ...unlimitedCounty, limits: { ...unlimitedCounty.limits, sms: { villageCasesPerHour: 3, digestEveryMinutes: 30, reservedShare: 0.2 } } };

  beforeEach(() => setUp(county));

  async function newCase(body: Record<string, unknown>) {
    const res = await createApp(env).request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    return routeCase({ ...env, sms: gate }, (await env.cases.get(caseNumber))!).then((outcome) => ({ caseNumber, outcome }));
  }
  const dispute = (n: number) => ({ kind: 'dispute', villageId: 'dongshan', description: `两户人家为地界吵架 ${n}` });
  const toOfficer = async () => (await readOutbox(outbox)).filter((m) => m.to === OFFICER);

  it('holds case SMS past N an hour for the digest, keeps the cases, and does not retry them', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await newCase(dispute(i)));

    expect((await toOfficer()).map((m) => m.caseNumber)).toEqual(results.slice(0, 3).map((r) => r.caseNumber));
    expect(results[4]!.outcome).toMatchObject({ sent: 0, failed: 0, gaveUp: 2 });
    expect(await env.cases.get(results[4]!.caseNumber)).toBeDefined();
    const held = await env.cases.notifications(results[4]!.caseNumber, 10);
    expect(held.map((n) => [n.status, n.error])).toEqual([
      ['failed', expect.stringContaining('held for the village digest')],
      ['failed', expect.stringContaining('held for the village digest')],
    ]);
  });

  it('sends one digest per held phone once M minutes have passed, naming the count, the village and where to look', async () => {
    for (let i = 0; i < 5; i++) await newCase(dispute(i));

    const early = await gate.flushDigests();
    clock.advance(30 * 60_000);
    const due = await gate.flushDigests();
    const again = await gate.flushDigests();

    expect(early).toBe(0);
    expect(due).toBe(2);
    expect(again).toBe(0);
    const digest = (await toOfficer()).at(-1)!;
    expect(digest.role).toBe('digest');
    expect(digest.body).toBe('【青山村警】东山村自10:00起有2起新案件（未逐条短信通知），请查看：https://cunjing.test/admin/cases/?villageId=dongshan');
  });

  it('never holds urgent help', async () => {
    for (let i = 0; i < 4; i++) await newCase(dispute(i));

    const urgent = await newCase({ kind: 'help', urgent: true, villageId: 'dongshan', description: '老人摔倒在路边起不来' });

    expect(urgent.outcome.gaveUp).toBe(0);
    expect((await toOfficer()).at(-1)!.caseNumber).toBe(urgent.caseNumber);
  });
});

describe('the monthly SMS budget', () => {
  // $0.20 a month, half of it reserved: non-urgent SMS may spend $0.10 (2 one-part SMS at $0.04),
  // urgent help and sign-in codes the whole $0.20 (5 of them in all).
  const county: County = {
    ...unlimitedCounty,
    sms: { ...unlimitedCounty.sms, monthlySpendLimitUsd: 0.2, pricePerPartUsd: 0.04 },
    limits: { ...unlimitedCounty.limits, sms: { ...unlimitedCounty.limits.sms, reservedShare: 0.5 } },
  };
  beforeEach(() => setUp(county));

  const sms = (role: 'officer' | 'login', urgent = false) => gate.send({ to: OFFICER, body: '【青山村警】测试短信', template: { type: 'resident_ack', mode: 'text', params: { caseNumber: 'DEMO-2026-000001' } }, role, ...(urgent && { urgent }) });

  it('stops non-urgent SMS before the budget, keeps the rest for urgent help and sign-in codes, and logs for the alarm', async () => {
    await sms('officer');
    await sms('officer');
    const third = await sms('officer').catch((e: unknown) => e);
    await sms('login');
    await sms('officer', true);
    await sms('officer', true);
    const overBudget = await sms('officer', true).catch((e: unknown) => e);

    expect(third).toBeInstanceOf(SmsWithheld);
    expect(overBudget).toBeInstanceOf(SmsWithheld);
    expect((await readOutbox(outbox)).length).toBe(5);
    expect(warnings).toEqual([SMS_BUDGET_LOG_MESSAGE, SMS_BUDGET_LOG_MESSAGE]);
    const { Item } = await env.client.send(new GetCommand({ TableName: env.tables.cases.name, Key: { pk: 'SMSGATE#DEMO', sk: 'SPEND#2026-11' } }));
    expect(Item?.spent).toBe(200_000);
  });

  it('counts each month on its own', async () => {
    await sms('officer');
    await sms('officer');
    clock.advance(9 * 86_400_000);

    await expect(sms('officer')).resolves.toMatchObject({ messageId: expect.any(String) });
  });
});
