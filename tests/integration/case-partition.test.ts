/**
 * A case is a partition on DynamoDB Local: the case item stays small, timeline entries and SMS are
 * items of their own, reads are bounded pages, and the table's stream carries work, not echoes.
 */
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { BuildMiddleware } from '@smithy/types';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { itemSize, readRcu } from '../../scripts/bench/lib.ts';
import type { TimelineEntry } from '../../functions/domain/case.ts';
import { entryItem } from '../../functions/store/case-items.ts';
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
async function seedEntries(caseNumber: string, count: number, visibility: 'public' | 'internal', officerName = '王军') {
  const base = Date.parse('2026-11-22T02:00:01Z');
  const items = Array.from({ length: count }, (_, i) => {
    const text = `${i} ${'长'.repeat(500)}`.slice(0, 500);
    const entry: TimelineEntry = { at: new Date(base + i * 1000).toISOString(), type: visibility === 'public' ? 'reply' : 'note', visibility, text, actor: { role: 'officer', name: officerName } };
    return entryItem(caseNumber, entry, `seed${i}`);
  });
  for (let i = 0; i < items.length; i += 25) {
    await p.env.client.send(new BatchWriteCommand({ RequestItems: { [p.env.tables.cases.name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

async function track(caseNumber: string, trackingCode: string, before?: string) {
  const res = await p.app.request(`/api/v1/cases/${caseNumber}${before ? `?before=${before}` : ''}`, { headers: { 'X-Tracking-Code': trackingCode } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { status: string; timeline: { type: string; text: string }[]; timelineTruncated?: boolean; timelineBefore?: string };
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
    expect(view.timeline.map((e) => e.type)).toEqual(['notified', 'acknowledged', 'reply', 'question', 'reward', 'status']);
    expect((await track(caseNumber, trackingCode, view.timelineBefore)).timeline.map((e) => e.type)).toEqual(['received']);
    const item = await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(caseNumber) }));
    expect(Buffer.byteLength(JSON.stringify(item.Item))).toBeLessThan(2048);
  });

  it('keeps its case item the same size however many SMS with a one-tap link it sends', async () => {
    const { caseNumber, trackingCode } = await p.submit(aTip);
    await p.routeNew(caseNumber);
    const token = await p.linkFor(caseNumber, OFFICER);
    await p.app.request(`/o/${token}`, form({ action: 'ask', text: '三轮车是什么时候出现的？' }));
    const caseItemSize = async () => itemSize((await p.env.client.send(new GetCommand({ TableName: p.env.tables.cases.name, Key: keys.case(caseNumber) }))).Item!);
    const before = await caseItemSize();

    // Each answer sends the officer an SMS with a link of its own.
    for (let i = 0; i < 40; i++) {
      p.clock.advance(1000);
      expect((await p.app.request('/track', form({ caseNumber, trackingCode, op: 'answer', text: `第${i}次补充：一般晚上十一点以后` }))).status).toBe(200);
      await p.sendPending(caseNumber);
    }

    const links = (await p.outbox(caseNumber)).filter((m) => m.to === OFFICER && m.body.includes('/o/'));
    expect(links.length).toBeGreaterThanOrEqual(41);
    // Only the answer count grows (a number); 40 links listed on the item would add about 2 KB.
    expect((await caseItemSize()) - before).toBeLessThan(16);
  });

  it('shows the resident the newest 6 public entries and reaches every older one, page by page, down to "received"', async () => {
    // Arrange
    const { caseNumber, trackingCode } = await p.submit(aTip);
    await seedEntries(caseNumber, 500, 'public');

    // Act: follow `timelineBefore` until no older page is offered.
    const pages = [await track(caseNumber, trackingCode)];
    while (pages.at(-1)!.timelineBefore && pages.length < 200) pages.push(await track(caseNumber, trackingCode, pages.at(-1)!.timelineBefore));

    // Assert
    const [first] = pages;
    const seed = (text: string) => Number(/(\d+) 长/.exec(text)?.[1]);
    expect(first!.timeline.map((e) => seed(e.text))).toEqual([494, 495, 496, 497, 498, 499]);
    expect(first!.timelineTruncated).toBe(true);
    const seen = pages.toReversed().flatMap((page) => page.timeline);
    expect(seen[0]!.type).toBe('received');
    expect(seen.slice(1).map((e) => seed(e.text))).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(pages.every((page) => page.timeline.length <= 6)).toBe(true);
    expect(pages.at(-1)!.timelineTruncated).toBeUndefined();
  });

  it('reads at most 2 read units to track a case with 500 maximum-length public replies and the largest case item', async () => {
    // Arrange: every field at its longest, then 500 replies of 500 three-byte characters by an officer with a 40-character name.
    const { caseNumber, trackingCode } = await p.submit({
      kind: 'dispute', villageId: 'dongshan', description: '吵'.repeat(500), category: '类'.repeat(40), name: '名'.repeat(40), phone: '13912345678', location: '地'.repeat(120), updates: true,
    });
    await p.routeNew(caseNumber);
    await seedEntries(caseNumber, 500, 'public', '警'.repeat(40));
    const reads: { consistent: boolean; bytes: number }[] = [];
    const recordReads: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === 'GetItemCommand' || context.commandName === 'QueryCommand') {
        const output = out.output as { Item?: Record<string, NativeAttributeValue>; Items?: Record<string, NativeAttributeValue>[] };
        const items = output.Items ?? (output.Item ? [output.Item] : []);
        reads.push({ consistent: (args.input as { ConsistentRead?: boolean }).ConsistentRead === true, bytes: items.reduce((a, item) => a + itemSize(item), 0) });
      }
      return out;
    };

    // Act
    // Every read the tracking request makes, with the items DynamoDB returned (sized by DynamoDB's rules).
    p.env.client.middlewareStack.add(recordReads, { step: 'build', name: 'recordReads' });
    try {
      await track(caseNumber, trackingCode);
    } finally {
      p.env.client.middlewareStack.remove('recordReads');
    }

    // Assert: DynamoDB's rule, 4 KB per unit rounded up per call, half a unit when eventually consistent.
    expect(reads).toHaveLength(2);
    const units = reads.reduce((a, r) => a + readRcu(r.bytes, r.consistent), 0);
    expect(units, reads.map((r) => `${r.bytes} B${r.consistent ? ' (consistent)' : ''}`).join(' + ')).toBeLessThanOrEqual(2);
  });

  it('offers the older entries on the track page without JavaScript: "earlier updates" posts the cursor, "newest updates" goes back', async () => {
    // Arrange
    const { caseNumber, trackingCode } = await p.submit(aTip);
    await seedEntries(caseNumber, 8, 'public');
    const firstPage = await (await p.app.request('/track', form({ caseNumber, trackingCode }))).text();
    const before = /name="before" value="([^"]+)"/.exec(firstPage)?.[1];

    // Act
    const older = await p.app.request('/track', form({ caseNumber, trackingCode, before: before! }));

    // Assert
    const olderPage = await older.text();
    expect(firstPage).toContain('7 长');
    expect(firstPage).not.toContain('1 长');
    expect(older.status).toBe(200);
    expect(olderPage).toContain('1 长');
    expect(olderPage).not.toContain('7 长');
    expect(olderPage).toContain('最新进展');
    expect(olderPage).not.toContain('name="before"');
  });

  it('answers 400 naming `before` for a cursor it never gave, without reading elsewhere in the partition', async () => {
    const { caseNumber, trackingCode } = await p.submit(aTip);
    const internal = Buffer.from('../TL#I#2026-11-22T02:00:01.000Z#x').toString('base64url');

    const answers = await Promise.all(['not-a-cursor', internal].map((before) => p.app.request(`/api/v1/cases/${caseNumber}?before=${before}`, { headers: { 'X-Tracking-Code': trackingCode } })));

    expect(answers.map((r) => r.status)).toEqual([400, 400]);
    expect(((await answers[0]!.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['before']);
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
