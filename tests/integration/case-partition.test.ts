/**
 * A case is a partition on DynamoDB Local: the case item stays small, timeline entries and SMS are
 * items of their own, reads are bounded pages, and the table's stream carries work, not echoes.
 */
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { TimelineEntry } from '../../functions/domain/case.ts';
import { entryItem } from '../../functions/store/cases.ts';
import { ROUTER_PATTERNS, matchesAny } from '../../functions/store/stream-filter.ts';
import { keys } from '../../functions/store/tables.ts';
import { toLambdaRecord } from '../../scripts/local/stream-poller.ts';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001';

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const form = formPost;

const aTip = { kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' };

/** Writes `count` maximum-length entries straight into the case's partition (the items a change would write). */
async function seedEntries(caseNumber: string, count: number, visibility: 'public' | 'internal') {
  const base = Date.parse('2026-11-22T02:00:01Z');
  const items = Array.from({ length: count }, (_, i) => {
    const entry: TimelineEntry = { at: new Date(base + i * 1000).toISOString(), type: visibility === 'public' ? 'reply' : 'note', visibility, text: `${i} ${'长'.repeat(495)}`, actor: { role: 'officer', name: '王军' } };
    return entryItem(caseNumber, entry, `seed${i}`);
  });
  for (let i = 0; i < items.length; i += 25) {
    await p.env.client.send(new BatchWriteCommand({ RequestItems: { [p.env.tables.cases.name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

async function track(caseNumber: string, trackingCode: string) {
  const res = await p.app.request(`/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; timeline: { type: string; text: string }[]; timelineTruncated?: boolean };
}

describe('a case with thousands of timeline entries', () => {
  it('still takes every action after 2,000 maximum-length notes, and its case item stays small', async () => {
    const { caseNumber, trackingCode } = await p.submit(aTip);
    await p.routeNew(caseNumber);
    await seedEntries(caseNumber, 2000, 'internal');
    const token = await p.linkFor(caseNumber, OFFICER);

    p.clock.advance(3_600_000);
    const statuses = [];
    for (const fields of [
      { action: 'note', text: '第2001条备注' },
      { action: 'acknowledge' },
      { action: 'reply', text: '已经去现场看过了' },
      { action: 'ask', text: '三轮车是什么时候出现的？' },
      { action: 'reward', verified: 'yes' },
      { action: 'status', status: 'resolved' },
    ] as Record<string, string>[]) {
      p.clock.advance(1000);
      statuses.push((await p.app.request(`/o/${token}`, form(fields))).status);
    }

    expect(statuses).toEqual([303, 303, 303, 303, 303, 303]);
    const view = await track(caseNumber, trackingCode);
    expect(view.status).toBe('resolved');
    expect(view.timeline.map((e) => e.type)).toEqual(['received', 'notified', 'acknowledged', 'reply', 'question', 'reward', 'status']);
    const item = await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(caseNumber) }));
    expect(Buffer.byteLength(JSON.stringify(item.Item))).toBeLessThan(2048);
  });

  it('shows the resident the newest 20 public entries and says older ones exist', async () => {
    const { caseNumber, trackingCode } = await p.submit(aTip);
    await seedEntries(caseNumber, 500, 'public');

    const view = await track(caseNumber, trackingCode);

    expect(view.timeline).toHaveLength(20);
    expect(view.timeline.at(-1)!.text).toContain('499 ');
    expect(view.timeline[0]!.text).toContain('480 ');
    expect(view.timelineTruncated).toBe(true);
  });

  it('shows the whole timeline, starting with "received", while it fits one page', async () => {
    const { caseNumber, trackingCode } = await p.submit(aTip);

    const view = await track(caseNumber, trackingCode);

    expect(view.timeline.map((e) => e.type)).toEqual(['received']);
    expect(view.timelineTruncated).toBeUndefined();
  });
});

describe('a submission with an Idempotency-Key', () => {
  it('writes the case on the retry when the first attempt stopped between the key and the case', async () => {
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'retry-after-crash-0001' };
    const first = await p.app.request('/api/v1/cases', { method: 'POST', headers, body: JSON.stringify(aTip) });
    const receipt = (await first.json()) as { caseNumber: string; trackingCode: string };
    // As if the process had died after the key's write and before the case's.
    await p.env.client.send(new DeleteCommand({ TableName: p.env.tables.cases.name, Key: keys.case(receipt.caseNumber) }));

    const retry = await p.app.request('/api/v1/cases', { method: 'POST', headers, body: JSON.stringify(aTip) });

    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({ caseNumber: receipt.caseNumber, trackingCode: receipt.trackingCode });
    expect((await track(receipt.caseNumber, receipt.trackingCode)).status).toBe('received');
  });
});

describe('the cases stream', () => {
  /** Every record DynamoDB Local's stream holds for one case, in Lambda's event shape. */
  async function streamRecordsOf(caseNumber: string) {
    const streams = new DynamoDBStreamsClient({ endpoint: inject('dynamodbEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const streamArn = p.env.tables.cases.streamArn!;
    const out = [];
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        out.push(...(page.Records ?? []).map((r) => toLambdaRecord(r, streamArn)));
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    streams.destroy();
    return out.filter((r) => (r.dynamodb?.Keys as { pk?: { S?: string } } | undefined)?.pk?.S === keys.case(caseNumber).pk);
  }

  it('brings the router a new case and each new SMS a change wrote, and none of the changes, notes or settled SMS', async () => {
    const { caseNumber } = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    await p.routeNew(caseNumber);
    const token = await p.linkFor(caseNumber, OFFICER);
    await p.app.request(`/o/${token}`, form({ action: 'note', text: '先打电话问问' }));
    await p.app.request(`/o/${token}`, form({ action: 'transfer', villageId: 'hekou', reason: '属于河口村' }));
    await p.sendPending(caseNumber);

    const records = await streamRecordsOf(caseNumber);
    const work = records.filter((r) => matchesAny(ROUTER_PATTERNS, r));

    expect(records.length).toBeGreaterThan(work.length);
    // The case's INSERT, and the transfer's SMS to the new village's officer and assistant.
    expect(work.map((r) => `${r.eventName} ${(r.dynamodb?.Keys as { sk: { S: string } }).sk.S.replace(/\+\d+$/, '…')}`).sort()).toEqual([
      'INSERT CASE',
      'INSERT SMS#transfer1:assistant:…',
      'INSERT SMS#transfer1:officer:…',
    ]);
  });
});
