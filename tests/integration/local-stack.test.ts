/**
 * The whole local stack on DynamoDB Local: a case posted over HTTP goes through the table's stream,
 * the poller, the route-case Lambda handler and the outbox, the same way it goes through SNS in AWS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { NO_INTAKE_LIMITS, startLocalStack, type LocalStack } from '../../scripts/local/stack.ts';

interface Sms {
  to: string;
  role: string;
  body: string;
  caseNumber: string;
  at: string;
}

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'cunjing-stack-')),
    prefix: `s${randomUUID().slice(0, 8)}`,
    buildWeb: false,
    log: () => undefined,
    // Many cases from one address (this process): not a flood, so no intake limits.
    intakeLimits: NO_INTAKE_LIMITS,
    smsGate: 'off',
  });
});

afterAll(() => stack?.stop());

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; trackingCode: string };
}

async function outbox(caseNumber: string): Promise<Sms[]> {
  const res = await fetch(`${stack.url}/dev/outbox.json`);
  return ((await res.json()) as Sms[]).filter((sms) => sms.caseNumber === caseNumber);
}

/** Waits until the case's public timeline records `count` SMS, then returns what the outbox holds for it. */
async function settledOutbox(caseNumber: string, trackingCode: string, count: number): Promise<Sms[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${stack.url}/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } });
    const view = (await res.json()) as { timeline: { type: string }[] };
    const notified = view.timeline.filter((e) => e.type === 'notified').length;
    if (notified >= count) {
      // Give a stray extra send (the bug these tests look for) the time to show up.
      await new Promise((r) => setTimeout(r, 300));
      return outbox(caseNumber);
    }
    if (Date.now() > deadline) throw new Error(`case ${caseNumber}: ${notified} of ${count} SMS after 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('local stack: a case reaches the phones that routing names', () => {
  it('sends a tip to the village officer only, exactly once', async () => {
    const { caseNumber, trackingCode } = await post({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' });

    const sms = await settledOutbox(caseNumber, trackingCode, 1);

    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ role: 'officer', to: '+8613800001001', caseNumber });
    expect(sms[0]!.body).toContain(caseNumber);
    expect(sms.some((m) => m.role === 'assistant')).toBe(false);
  });

  it('sends a service request to the officer and the assistant', async () => {
    const { caseNumber, trackingCode } = await post({ kind: 'service', villageId: 'xishan', description: '想咨询孩子上户口要带哪些材料' });

    const sms = await settledOutbox(caseNumber, trackingCode, 2);

    expect(sms.map((m) => `${m.role} ${m.to}`).sort()).toEqual(['assistant +8613900002002', 'officer +8613800001001']);
  });

  it('rings officer, assistant and every joint-defence contact for urgent help', async () => {
    const { caseNumber, trackingCode } = await post({ kind: 'help', urgent: true, villageId: 'hekou', description: '家里有人闯进来打人，快来', location: '3组李家' });

    const sms = await settledOutbox(caseNumber, trackingCode, 4);

    expect(sms.map((m) => m.role).sort()).toEqual(['assistant', 'defence', 'defence', 'officer']);
  });

  it('makes one case and one SMS from the same Idempotency-Key sent twice', async () => {
    const headers = { 'Idempotency-Key': randomUUID() };
    const body = { kind: 'tip', villageId: 'nanwan', description: '有陌生人挨家挨户推销保健品，疑似诈骗' };

    const first = await post(body, headers);
    const again = await post(body, headers);
    const sms = await settledOutbox(first.caseNumber, first.trackingCode, 1);

    expect(again).toEqual(first);
    expect(sms).toHaveLength(1);
  });

  it('lets an unacknowledged tip climb to the central office and the station, and stops the climb when acknowledged from the SMS link', async () => {
    const { caseNumber, trackingCode } = await post({ kind: 'tip', villageId: 'shiqiao', description: '石桥村有人在河边非法采砂，晚上作业' });
    await settledOutbox(caseNumber, trackingCode, 1);
    const climb = async (notified: number) => {
      await fetch(`${stack.url}/dev/clock?advanceMinutes=121`, { method: 'POST' });
      await fetch(`${stack.url}/dev/escalate`, { method: 'POST' });
      return settledOutbox(caseNumber, trackingCode, notified);
    };

    await climb(2);
    const afterStation = await climb(3);
    const stationLink = /\/o\/([0-9a-z]{12})/.exec(afterStation.at(-1)!.body)![1];
    const ack = await fetch(`${stack.url}/o/${stationLink}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=acknowledge', redirect: 'manual' });
    await fetch(`${stack.url}/dev/clock?advanceMinutes=600`, { method: 'POST' });
    await fetch(`${stack.url}/dev/escalate`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 500)); // time for a (wrong) escalation SMS to arrive
    const tracked = (await (await fetch(`${stack.url}/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } })).json()) as { status: string };

    expect(afterStation.map((m) => `${m.role} ${m.to}`)).toEqual(['officer +8613800001004', 'escalation +8613600001200', 'escalation +8613500004010']);
    expect(ack.status).toBe(303);
    expect(tracked.status).toBe('acknowledged');
    expect(await outbox(caseNumber)).toHaveLength(3);
  });

  it('serves the report page and the outbox page', async () => {
    const outboxPage = await fetch(`${stack.url}/dev/outbox`);

    expect(outboxPage.status).toBe(200);
    expect(await outboxPage.text()).toContain('SMS outbox');
  });
});
