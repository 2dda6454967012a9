/**
 * The migration to "a case is a partition", on DynamoDB Local: a case written in the old layout (its
 * timeline and SMS records on the case item) reads, tracks and takes actions as before, and a second
 * run changes nothing.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { hashTrackingCode } from '../../functions/domain/tracking-code.ts';
import type { CaseRecord, NotificationRecord, TimelineEntry } from '../../functions/domain/case.ts';
import { AT_TOP } from '../../functions/domain/escalation.ts';
import { keys } from '../../functions/store/tables.ts';
import { migrateCases } from '../../scripts/migrate-cases.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const CASE = 'DEMO-2026-090001';
const CODE = 'ABCDE-FGHJK';
const at = (minutes: number) => new Date(Date.parse('2026-11-22T01:00:00Z') + minutes * 60_000).toISOString();

/** A tip as the old layout stored it: timeline list, notification map, pending SMS set. */
async function writeOldCase() {
  const timeline: TimelineEntry[] = [
    { at: at(0), type: 'received', visibility: 'public' },
    { at: at(1), type: 'notified', visibility: 'public', params: { role: 'officer' } },
    { at: at(5), type: 'note', visibility: 'internal', text: '先核实三轮车车主', actor: { role: 'officer', name: '王军' } },
    { at: at(6), type: 'question', visibility: 'public', text: '三轮车是什么时候出现的？', actor: { role: 'officer', name: '王军' } },
    { at: at(7), type: 'answer', visibility: 'public', text: '晚上十一点以后', actor: { role: 'resident', name: '' } },
  ];
  const notifications: Record<string, NotificationRecord> = {
    'officer:+8613800001001': { role: 'officer', message: 'assignment', to: '+8613800001001', name: '王军', status: 'sent', attempts: 1, at: at(1), messageId: 'm-1' },
    'answer1:officer:+8613800001001': { role: 'officer', message: 'answer', to: '+8613800001001', name: '王军', status: 'pending', attempts: 0, at: at(7) },
    'escalation:2:+8613300002001': { role: 'escalation', message: 'escalation', to: '+8613300002001', level: 2, status: 'failed', attempts: 2, at: at(3), error: 'refused' },
  };
  const record: Omit<CaseRecord, 'questions' | 'answers'> = {
    caseNumber: CASE, countyCode: 'DEMO', kind: 'tip', status: 'received', villageId: 'dongshan', officeId: 'dongshan-office', stationId: 'qingshan-zhen', officerId: 'wang-jun',
    description: '后山有人夜里偷砍林木，开蓝色三轮车', urgent: false, anonymous: true, updates: false, trackingHash: hashTrackingCode(CASE, CODE),
    createdAt: at(0), month: '2026-11', updatedAt: at(7), slaDueAt: at(120), level: 1, escalateAt: at(120),
  };
  await p.env.client.send(
    new PutCommand({
      TableName: p.env.tables.cases.name,
      Item: { ...keys.case(CASE), ...record, dueQueue: 'due', timeline, notifications, pendingSms: new Set(['answer1:officer:+8613800001001']) },
    }),
  );
}

describe('npm run migrate:cases', () => {
  it('moves timeline and SMS records to items of the case, and the case tracks as before', async () => {
    await writeOldCase();

    const outcome = await migrateCases(p.env.client, p.env.tables.cases.name);

    expect(outcome).toEqual({ cases: 1, entries: 4, sms: 3, pending: 2, inbox: 1, atTop: 0, ackCleared: 0 });
    expect((await p.env.cases.openCases('dongshan', 10)).map((c) => c.caseNumber)).toEqual([CASE]);
    const item = (await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(CASE) }))).Item!;
    expect(item).not.toHaveProperty('timeline');
    expect(item).not.toHaveProperty('notifications');
    expect(item).not.toHaveProperty('pendingSms');
    expect(item).toMatchObject({ questions: 1, answers: 1 });
    expect((await p.timeline(CASE)).map((e) => e.type)).toEqual(['received', 'notified', 'note', 'question', 'answer']);
    const res = await p.app.request(`/api/v1/cases/${CASE}`, { headers: { 'X-Tracking-Code': CODE } });
    expect(((await res.json()) as { timeline: { type: string }[] }).timeline.map((e) => e.type)).toEqual(['received', 'notified', 'question', 'answer']);
  });

  it('leaves what the old layout still had to send as pending SMS items, which the router sends', async () => {
    await writeOldCase();

    await migrateCases(p.env.client, p.env.tables.cases.name);
    await p.sendPending(CASE);

    const sms = await p.sms(CASE);
    expect(sms['officer:+8613800001001']).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sms['answer1:officer:+8613800001001']).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sms['escalation:2:+8613300002001']).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await p.outbox(CASE)).map((m) => m.body).join('\n')).toContain('晚上十一点以后');
  });

  it('changes nothing when run again', async () => {
    await writeOldCase();
    await migrateCases(p.env.client, p.env.tables.cases.name);
    const before = { timeline: await p.timeline(CASE), sms: await p.sms(CASE) };

    const again = await migrateCases(p.env.client, p.env.tables.cases.name);

    expect(again).toEqual({ cases: 0, entries: 0, sms: 0, pending: 0, inbox: 0, atTop: 0, ackCleared: 0 });
    expect({ timeline: await p.timeline(CASE), sms: await p.sms(CASE) }).toEqual(before);
  });
});

describe('npm run migrate:cases, cases at the bureau duty desk', () => {
  const TOP = 'DEMO-2026-090002';
  const BUREAU = '+8613300006201'; // 徐明

  /** A tip that climbed to the bureau duty desk before the overdue change: still received, its escalation time removed. */
  async function writeCaseAtTopOldShape() {
    const created = p.clock.now().getTime() - 8 * 60 * 60_000;
    const iso = (minutes: number) => new Date(created + minutes * 60_000).toISOString();
    const record: CaseRecord = {
      caseNumber: TOP, countyCode: 'DEMO', kind: 'tip', status: 'received', villageId: 'dongshan', officeId: 'dongshan-office', stationId: 'qingshan-zhen', officerId: 'wang-jun',
      description: '后山有人夜里偷砍林木，开蓝色三轮车', urgent: false, anonymous: true, updates: false, trackingHash: hashTrackingCode(TOP, CODE),
      createdAt: iso(0), month: iso(0).slice(0, 7), updatedAt: iso(360), slaDueAt: iso(120), level: 4, escalations: 3, openVillage: 'dongshan', openSort: `1#${iso(0)}`,
    } as CaseRecord;
    await p.env.client.send(new PutCommand({ TableName: p.env.tables.cases.name, Item: { ...keys.case(TOP), ...record } }));
  }

  const overdueList = async (session: { cookie: string; csrf: string }) =>
    ((await (await p.admin(session, '/cases?overdue=true')).json()) as { items: { caseNumber: string; level: number; overdue: boolean }[] }).items;

  it('puts an unacknowledged case at the bureau duty desk back into the overdue list, and a second run changes nothing', async () => {
    await writeCaseAtTopOldShape();
    const bureau = await p.signIn(BUREAU);
    const before = await overdueList(bureau);

    const first = await migrateCases(p.env.client, p.env.tables.cases.name);
    const after = await overdueList(bureau);
    const itemAfterFirst = (await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(TOP) }))).Item;
    const second = await migrateCases(p.env.client, p.env.tables.cases.name);
    const itemAfterSecond = (await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(TOP) }))).Item;

    expect(before.map((c) => c.caseNumber)).toEqual([]);
    expect(first).toMatchObject({ cases: 0, atTop: 1 });
    expect(after).toEqual([expect.objectContaining({ caseNumber: TOP, level: 4, overdue: true })]);
    expect(itemAfterFirst).toMatchObject({ escalateAt: AT_TOP, dueQueue: 'due', status: 'received', level: 4, escalations: 3 });
    expect(second).toEqual({ cases: 0, entries: 0, sms: 0, pending: 0, inbox: 0, atTop: 0, ackCleared: 0 });
    expect(itemAfterSecond).toEqual(itemAfterFirst);
  });

  it('never climbs such a case again: the escalation run leaves it at the desk and sends no SMS', async () => {
    await writeCaseAtTopOldShape();
    await migrateCases(p.env.client, p.env.tables.cases.name);

    p.clock.advance(24 * 60 * 60_000);
    await p.escalate();

    expect(await p.env.cases.get(TOP)).toMatchObject({ level: 4, escalateAt: AT_TOP, escalations: 3 });
    expect(await p.sms(TOP)).toEqual({});
  });

  it('leaves alone a case at the desk that was acknowledged', async () => {
    await writeCaseAtTopOldShape();
    await p.env.client.send(new UpdateCommand({ TableName: p.env.tables.cases.name, Key: keys.case(TOP), UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'acknowledged' } }));

    const outcome = await migrateCases(p.env.client, p.env.tables.cases.name);

    expect(outcome.atTop).toBe(0);
    expect(await p.env.cases.get(TOP)).not.toHaveProperty('escalateAt');
  });
});

describe('npm run migrate:cases, acknowledgements beside 待签收', () => {
  const UP = 'DEMO-2026-090003';
  const OFFICE = '+8613300006001'; // 张伟, 东山中心警务室

  /** A dispute its officer acknowledged and then reported up, as an earlier version left it: received at level 2, his acknowledgement still on it. */
  async function writeReportedUpOldShape() {
    const created = p.clock.now().getTime() - 60 * 60_000;
    const iso = (minutes: number) => new Date(created + minutes * 60_000).toISOString();
    const record = {
      caseNumber: UP, countyCode: 'DEMO', kind: 'dispute', status: 'received', villageId: 'dongshan', officeId: 'dongshan-office', stationId: 'qingshan-zhen', officerId: 'wang-jun',
      description: '两户村民因宅基地界线吵架，需要调解', urgent: false, anonymous: false, updates: false, trackingHash: hashTrackingCode(UP, CODE),
      createdAt: iso(0), month: iso(0).slice(0, 7), updatedAt: iso(20), slaDueAt: iso(260), level: 2, escalateAt: iso(260), dueQueue: 'due', ackAt: iso(5), openVillage: 'dongshan', openSort: `1#${iso(0)}`,
    };
    await p.env.client.send(new PutCommand({ TableName: p.env.tables.cases.name, Item: { ...keys.case(UP), ...record } }));
    return { officerAck: iso(5) };
  }

  it('moves an earlier acknowledgement off a case waiting for one, to the holding the figures count; the level acknowledges afresh; a second run changes nothing', async () => {
    const { officerAck } = await writeReportedUpOldShape();

    const first = await migrateCases(p.env.client, p.env.tables.cases.name);
    const migrated = await p.env.cases.get(UP);
    const second = await migrateCases(p.env.client, p.env.tables.cases.name);
    const afterSecond = await p.env.cases.get(UP);
    const acked = await p.admin(await p.signIn(OFFICE), `/cases/${UP}/actions`, { action: 'acknowledge' });

    expect(first).toMatchObject({ ackCleared: 1 });
    expect(migrated).toMatchObject({ status: 'received', heldAckAt: officerAck });
    expect(migrated).not.toHaveProperty('ackAt');
    expect(second).toMatchObject({ ackCleared: 0 });
    expect(afterSecond).toEqual(migrated);
    expect(acked.status).toBe(204);
    expect(await p.env.cases.get(UP)).toMatchObject({ status: 'acknowledged', ackAt: p.clock.now().toISOString(), heldAckAt: officerAck });
  });
});
