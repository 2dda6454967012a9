/**
 * The route-case stream handler on DynamoDB Local: redelivery sends nothing twice, a failed send is
 * recorded on the case and retried on the next delivery, and the case itself is never lost.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openCase, SubmissionSchema } from '../../functions/domain/case.ts';
import { indexVillages } from '../../functions/domain/county.ts';
import type { SmsMessage } from '../../functions/domain/ports.ts';
import { OutboxSmsSender, readOutbox } from '../../functions/notify/outbox.ts';
import { keys } from '../../functions/store/tables.ts';
import { SMS_FAILED_LOG_MESSAGE } from '../../functions/jobs/log-messages.ts';
import { createRouteCaseHandler } from '../../functions/jobs/route-case.ts';
import { createTestEnv, demoCounty, type TestClock, type TestEnv } from '../support/env.ts';

let env: TestEnv;
let sequence = 500_000;

beforeAll(async () => {
  env = await createTestEnv(inject('dynamodbEndpoint'));
});

const context = {} as Context;

/** Writes a case as the API would and returns the stream event DynamoDB emits for it. */
async function newCaseEvent(kind: 'tip' | 'service', villageId = 'dongshan'): Promise<{ event: DynamoDBStreamEvent; caseNumber: string }> {
  const view = indexVillages(demoCounty).get(villageId)!;
  const caseNumber = `DEMO-2026-${String((sequence += 1)).padStart(6, '0')}`;
  const submission = SubmissionSchema.parse({ kind, villageId, description: '村口小桥护栏断了，夜里很危险' });
  const { record } = openCase({ county: demoCounty, view, submission, caseNumber, now: env.clock.now() });
  await env.cases.create(record);
  const item = { ...keys.case(caseNumber), ...record };
  return {
    caseNumber,
    event: {
      Records: [
        {
          eventID: `e-${caseNumber}`,
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: { Keys: marshall(keys.case(caseNumber)) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: `${sequence}`, StreamViewType: 'NEW_IMAGE' },
        },
      ],
    },
  };
}

function outboxSender(options: { failFor?: (m: SmsMessage) => boolean } = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'cunjing-outbox-')), 'outbox.jsonl');
  return { file, sender: new OutboxSmsSender(file, { log: () => undefined, ...options }) };
}

async function smsOf(caseNumber: string) {
  return Object.fromEntries((await env.cases.notifications(caseNumber, 50)).map((s) => [s.id, s]));
}

describe('route-case handler', () => {
  it('sends nothing twice when the stream delivers the same record again', async () => {
    const { file, sender } = outboxSender();
    const handler = createRouteCaseHandler({ ...env, sms: sender }, env.logger);
    const { event, caseNumber } = await newCaseEvent('service');

    const first = await handler(event, context);
    const second = await handler(event, context);

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const sent = (await readOutbox(file)).filter((m) => m.caseNumber === caseNumber);
    expect(sent.map((m) => m.role).sort()).toEqual(['assistant', 'officer']);
  });

  it('counts a new case once in the monthly counters when the stream delivers its record twice', async () => {
    const { sender } = outboxSender();
    const handler = createRouteCaseHandler({ ...env, sms: sender }, env.logger);
    const { event, caseNumber } = await newCaseEvent('service', 'nanwan');
    const month = (await env.cases.get(caseNumber))!.month;
    const counts = async () => (await env.counters.read(month, 'village#nanwan'))[0]?.counts ?? {};
    const before = await counts();

    await handler(event, context);
    await handler(event, context);

    const after = await counts();
    expect((after.received ?? 0) - (before.received ?? 0)).toBe(1);
    expect((after.kind_service ?? 0) - (before.kind_service ?? 0)).toBe(1);
  });

  it('records a failed send on the case, reports the record for redelivery, and sends it on the next delivery', async () => {
    let refuse = true;
    const { file, sender } = outboxSender({ failFor: (m) => m.role === 'officer' && refuse });
    const warnings: { message: string; extra: unknown }[] = [];
    const handler = createRouteCaseHandler({ ...env, sms: sender }, { info: () => undefined, warn: (message: string, extra: unknown) => void warnings.push({ message, extra }), error: () => undefined } as never);
    const { event, caseNumber } = await newCaseEvent('tip');

    const failed = await handler(event, context);
    const afterFailure = await smsOf(caseNumber);
    const timelineAfterFailure = (await env.cases.timeline(caseNumber, { limit: 50 })).entries;
    refuse = false;
    const retried = await handler(event, context);
    const afterRetry = await smsOf(caseNumber);

    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber }]);
    // The line the stack's SmsFailed metric filter counts (infra/constructs/sms.ts).
    expect(warnings).toEqual([{ message: SMS_FAILED_LOG_MESSAGE, extra: { caseNumber, failed: 1 } }]);
    expect(afterFailure['officer:+8613800001001']).toMatchObject({ status: 'failed', attempts: 1 });
    expect(timelineAfterFailure.find((e) => e.type === 'notify_failed')).toMatchObject({ visibility: 'internal' });
    expect(retried.batchItemFailures).toEqual([]);
    expect(afterRetry['officer:+8613800001001']).toMatchObject({ status: 'sent', attempts: 2 });
    const officerSms = (await readOutbox(file)).filter((m) => m.caseNumber === caseNumber && m.role === 'officer');
    expect(officerSms.map((m) => m.status)).toEqual(['failed', 'sent']);
  });

  it('gives up on a recipient after the last attempt without failing the record forever', async () => {
    const { sender } = outboxSender({ failFor: () => true });
    const handler = createRouteCaseHandler({ ...env, sms: sender, maxAttempts: 2 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
    const { event, caseNumber } = await newCaseEvent('tip');

    const outcomes = [await handler(event, context), await handler(event, context), await handler(event, context)];

    // The second failure is the last attempt: recorded as final, and the record is not failed again.
    expect(outcomes.map((o) => o.batchItemFailures.length)).toEqual([1, 0, 0]);
    expect((await smsOf(caseNumber))['officer:+8613800001001']).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await env.cases.get(caseNumber))?.status).toBe('received');
  });

  it('sends a pending SMS item a change wrote when its INSERT arrives, and records it as sent', async () => {
    const { file, sender } = outboxSender();
    const handler = createRouteCaseHandler({ ...env, sms: sender }, env.logger);
    const { caseNumber } = await newCaseEvent('tip');
    const escalation = { id: 'escalation:2:+8613300002001', role: 'escalation', message: 'escalation', to: '+8613300002001', level: 2 } as const;
    await env.cases.updateCase(caseNumber, { at: env.clock.now().toISOString(), set: { level: 2 }, entries: [], sms: [escalation] });
    const stored = await env.client.send(new GetCommand({ TableName: env.tables.cases.name, Key: keys.sms(caseNumber, escalation.id) }));
    const event: DynamoDBStreamEvent = {
      Records: [{ eventID: 'sms', eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { Keys: marshall(keys.sms(caseNumber, escalation.id)) as never, NewImage: marshall(stored.Item!) as never, SequenceNumber: `${(sequence += 1)}`, StreamViewType: 'NEW_IMAGE' } }],
    };

    const result = await handler(event, context);

    expect(result.batchItemFailures).toEqual([]);
    expect((await readOutbox(file)).filter((m) => m.caseNumber === caseNumber).map((m) => m.role)).toEqual(['escalation']);
    expect((await smsOf(caseNumber))[escalation.id]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('leaves an SMS whose earlier send never settled to its lease, then sends it once the lease ran out', async () => {
    const { file, sender } = outboxSender();
    const handler = createRouteCaseHandler({ ...env, sms: sender, leaseMs: 30_000 }, env.logger);
    const { event, caseNumber } = await newCaseEvent('tip');
    // An earlier delivery claimed the officer's SMS and died before recording the outcome.
    await env.cases.claimNotification(caseNumber, { id: 'officer:+8613800001001', role: 'officer', message: 'assignment', to: '+8613800001001' }, { now: env.clock.now(), leaseMs: 30_000, maxAttempts: 5 });

    const whileHeld = await handler(event, context);
    const sentWhileHeld = (await readOutbox(file)).filter((m) => m.caseNumber === caseNumber).length;
    (env.clock as TestClock).advance(31_000);
    const afterLease = await handler(event, context);

    expect(whileHeld.batchItemFailures).toHaveLength(1);
    expect(sentWhileHeld).toBe(0);
    expect(afterLease.batchItemFailures).toEqual([]);
    expect((await readOutbox(file)).filter((m) => m.caseNumber === caseNumber).map((m) => m.status)).toEqual(['sent']);
    expect((await smsOf(caseNumber))['officer:+8613800001001']).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('ignores stream records that are not new cases', async () => {
    const { file, sender } = outboxSender();
    const handler = createRouteCaseHandler({ ...env, sms: sender }, env.logger);
    const { event } = await newCaseEvent('tip');
    const modify: DynamoDBStreamEvent = { Records: [{ ...event.Records[0]!, eventName: 'MODIFY' }] };
    const counter: DynamoDBStreamEvent = {
      Records: [{ ...event.Records[0]!, dynamodb: { ...event.Records[0]!.dynamodb, NewImage: marshall({ ...keys.sequence('DEMO', 2026), last: 10 }) as never } }],
    };

    const results = [await handler(modify, context), await handler(counter, context)];

    expect(results.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(await readOutbox(file)).toEqual([]);
  });
});
