import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROUTER_PATTERNS } from '../../functions/store/stream-filter.ts';
import { StreamPoller } from '../../scripts/local/stream-poller.ts';

const streams = mockClient(DynamoDBStreamsClient);
const ARN = 'arn:aws:dynamodb:local:000000000000:table/cases/stream/1';

/** A new case item's INSERT (or a MODIFY) with a sequence number. */
const record = (sequenceNumber: string, eventName: 'INSERT' | 'MODIFY' = 'INSERT'): _Record => ({
  eventID: sequenceNumber,
  eventName,
  dynamodb: { Keys: { pk: { S: `CASE#DEMO-2026-${sequenceNumber.padStart(6, '0')}` }, sk: { S: 'CASE' } }, NewImage: { pk: { S: 'x' }, sk: { S: 'CASE' } }, SequenceNumber: sequenceNumber },
});

/** Serves `records` from the start, or from the sequence number an iterator was asked for. */
function serve(records: _Record[]) {
  streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } });
  streams.on(GetShardIteratorCommand).callsFake((input: { ShardIteratorType: string; SequenceNumber?: string }) => ({
    ShardIterator: input.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? `at:${input.SequenceNumber}` : input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' ? `after:${input.SequenceNumber}` : 'start',
  }));
  streams.on(GetRecordsCommand).callsFake((input: { ShardIterator: string }) => {
    const [kind, seq] = input.ShardIterator.split(':');
    const from = kind === 'at' ? records.findIndex((r) => r.dynamodb!.SequenceNumber === seq) : kind === 'after' ? records.findIndex((r) => r.dynamodb!.SequenceNumber === seq) + 1 : kind === 'start' ? 0 : records.length;
    return { Records: records.slice(from), NextShardIterator: 'end:' };
  });
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A poller that lists shards only when one ends (or after a minute), and the batches it delivered. */
function listingPoller() {
  const delivered: string[][] = [];
  const poller = new StreamPoller({
    client: streams as unknown as DynamoDBStreamsClient,
    streamArn: ARN,
    idleMs: 1,
    shardListEveryMs: 60_000,
    handler: async (event: DynamoDBStreamEvent) => {
      delivered.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
      return { batchItemFailures: [] };
    },
  });
  return { poller, delivered };
}

/** A poller with the router's filter and a checkpoint file, and the batches it delivered. */
function filteringPoller(options: { batchSize?: number } = {}) {
  const delivered: string[][] = [];
  const poller = new StreamPoller({
    client: streams as unknown as DynamoDBStreamsClient,
    streamArn: ARN,
    checkpointFile,
    idleMs: 5,
    filter: ROUTER_PATTERNS,
    ...options,
    handler: async (event: DynamoDBStreamEvent) => {
      delivered.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
      return { batchItemFailures: [] };
    },
  });
  return { poller, delivered };
}

let checkpointFile: string;
beforeEach(() => {
  streams.reset();
  checkpointFile = join(mkdtempSync(join(tmpdir(), 'cunjing-poller-')), 'checkpoint.json');
});
afterEach(() => streams.reset());

describe('StreamPoller', () => {
  it('checkpoints before the lowest failed record, compared as an integer, and delivers again from it', async () => {
    serve(['8', '9', '10', '11'].map((s) => record(s)));
    const deliveries: { sequenceNumbers: string[]; checkpoint: string }[] = [];
    const poller = new StreamPoller({
      client: streams as unknown as DynamoDBStreamsClient,
      streamArn: ARN,
      checkpointFile,
      idleMs: 5,
      handler: async (event: DynamoDBStreamEvent) => {
        let checkpoint = '';
        try {
          checkpoint = readFileSync(checkpointFile, 'utf8');
        } catch {
          // none yet
        }
        deliveries.push({ sequenceNumbers: event.Records.map((r) => r.dynamodb!.SequenceNumber!), checkpoint });
        // The first time, 10 and 9 fail, listed in the order they finished (10 first).
        return { batchItemFailures: deliveries.length === 1 ? [{ itemIdentifier: '10' }, { itemIdentifier: '9' }] : [] };
      },
    });

    await poller.start();
    await until(() => deliveries.length >= 2 && readFileSync(checkpointFile, 'utf8').includes('"11"'));
    await poller.stop();

    expect(deliveries.map((d) => d.sequenceNumbers)).toEqual([['8', '9', '10', '11'], ['9', '10', '11']]);
    expect(JSON.parse(deliveries[1]!.checkpoint)).toEqual({ 'shard-1': '8' });
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toEqual({ 'shard-1': '11' });
  });

  it('hands the handler only the records the filter matches, and checkpoints past the others', async () => {
    serve([record('1'), record('2', 'MODIFY'), record('3')]);
    const { poller, delivered } = filteringPoller();

    await poller.start();
    await until(() => delivered.length >= 1);
    await poller.stop();

    expect(delivered).toEqual([['1', '3']]);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toEqual({ 'shard-1': '3' });
  });

  it('reads up to 1,000 records at a time and hands them on in batches of batchSize records the filter lets through', async () => {
    serve([record('1'), record('2', 'MODIFY'), record('3'), record('4', 'MODIFY'), record('5'), record('6', 'MODIFY')]);
    const { poller, delivered } = filteringPoller({ batchSize: 2 });

    await poller.start();
    await until(() => delivered.length >= 2 && readFileSync(checkpointFile, 'utf8').includes('"6"'));
    await poller.stop();

    expect(delivered).toEqual([['1', '3'], ['5']]);
    expect(streams.commandCalls(GetRecordsCommand)[0]!.args[0].input).toMatchObject({ ShardIterator: 'start', Limit: 1000 });
  });

  it('lists the shards once and then only reads, however many reads it makes', async () => {
    serve([record('1')]);
    const { poller, delivered } = listingPoller();

    await poller.start();
    await until(() => streams.commandCalls(GetRecordsCommand).length >= 30);
    await poller.stop();

    expect(delivered).toEqual([['1']]);
    expect(streams.commandCalls(DescribeStreamCommand)).toHaveLength(1);
  });

  it('lists the shards again as soon as one ends, and reads the shard that follows it', async () => {
    streams.on(DescribeStreamCommand).resolvesOnce({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } }).resolves({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }, { ShardId: 'shard-2' }] } });
    streams.on(GetShardIteratorCommand).callsFake((input: { ShardId: string }) => ({ ShardIterator: input.ShardId }));
    // shard-1 ends (no next iterator) after its one record; shard-2 then holds the next one.
    streams.on(GetRecordsCommand).callsFake((input: { ShardIterator: string }) =>
      input.ShardIterator === 'shard-1' ? { Records: [record('1')] } : input.ShardIterator === 'shard-2' ? { Records: [record('2')], NextShardIterator: 'idle' } : { Records: [], NextShardIterator: 'idle' },
    );
    const { poller, delivered } = listingPoller();

    await poller.start();
    await until(() => delivered.length >= 2);
    await poller.stop();

    expect(delivered).toEqual([['1'], ['2']]);
    expect(streams.commandCalls(DescribeStreamCommand)).toHaveLength(2);
  });
});
