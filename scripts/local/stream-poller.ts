/**
 * Feeds DynamoDB Local's stream to a Lambda stream handler, as the Lambda event source mapping does
 * in AWS: records the event filter does not match are dropped before the handler (as Lambda drops
 * them), batches go in order per shard, a partial batch failure is delivered again from its lowest
 * failed sequence number with backoff, and a checkpoint file (the last sequence number before
 * anything unfinished) means a restart loses nothing and repeats at most one batch.
 */
import { readFile, writeFile, rename } from 'node:fs/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesAny, type FilterPattern } from '../../functions/store/stream-filter.ts';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly handler: StreamHandler;
  /** The event source mapping's filter: records matching none of these never reach the handler. @default every record */
  readonly filter?: readonly FilterPattern[];
  /** Where the last processed sequence number per shard is kept across restarts. */
  readonly checkpointFile?: string;
  /** Pause between polls of an idle shard. @default 100 */
  readonly idleMs?: number;
  /**
   * Records per batch that the filter lets through, like the event source mapping's BatchSize
   * (Lambda filters before it batches, so what the filter drops does not count). @default 25
   */
  readonly batchSize?: number;
  /**
   * Records asked for per GetRecords (DynamoDB Streams answers at most 1,000); what one read brings
   * is handed on in batches of `batchSize`. Reading only `batchSize` at a time, as the poller once
   * did, gave the router 3 or 4 new cases a batch at 25 (the rest are the echoes of the router's own
   * writes, which the filter drops), so it routed 14–19 cases/s whatever the intake (`npm run bench`).
   * @default 1000
   */
  readonly readLimit?: number;
  /**
   * Batches of one shard with the handler at once, like the event source mapping's
   * ParallelizationFactor. The records the router's filter lets through are INSERTs of distinct
   * items, so no two of them need each other's order; the checkpoint still only moves past a batch
   * once every earlier batch is done. One by default: DynamoDB Local serialises writes, and on a
   * small machine 4 batches at once made routing slower (6 vs 10 cases/s in `npm run bench`) and
   * submissions ~3× slower, by contention alone. Measured again once DynamoDB Local was faster
   * (indexed stream records, WAL), at 50 submissions/s on 2 cores: 1 batch 46.2 cases/s, 2 batches
   * 47.7, 4 batches of 25 records at once 47.0, while the submit → SMS delay kept growing in each:
   * DynamoDB Local's one SQLite thread sets the pace, not the poller. @default 1
   */
  readonly parallel?: number;
  /**
   * How often the shard list is asked for again (DescribeStream) while no shard has ended; a shard
   * that ends has its list asked for at once. Lambda's poller, too, lists shards now and then rather
   * than before every read. Asked before every read, as it once was, DescribeStream kept DynamoDB
   * Local busy (5.8 ms at 30,000 items against 1.1 ms at 2,000, measured on this machine; the cause
   * was its unindexed stream records, indexed now by scripts/local/dynamodb.ts). @default 5000
   */
  readonly shardListEveryMs?: number;
  readonly log?: (message: string) => void;
}

const fakeContext = (name: string): Context =>
  ({
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/**
 * DynamoDB Local writes an empty map attribute to its stream as `{}` where DynamoDB (and the Lambda
 * event) has `{"M":{}}`. Put the type back so the handler sees what it would see in AWS.
 */
function repairImage(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!image) return image;
  const repair = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return { M: {} };
    const [[type, inner]] = entries as [[string, unknown]];
    if (type === 'M') return { M: repairImage(inner as Record<string, unknown>) };
    if (type === 'L') return { L: (inner as unknown[]).map(repair) };
    return value;
  };
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repair(value)]));
}

export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      Keys: d.Keys as Record<string, AttributeValue> as never,
      ...(d.NewImage && { NewImage: repairImage(d.NewImage) as never }),
      ...(d.OldImage && { OldImage: repairImage(d.OldImage) as never }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
      ...(d.ApproximateCreationDateTime && { ApproximateCreationDateTime: d.ApproximateCreationDateTime.getTime() / 1000 }),
    },
  };
}

/**
 * The lowest sequence number among a batch's failures. Powertools lists failures in the order they
 * completed, not in stream order, and sequence numbers are decimal strings of varying length, so
 * they are compared as big integers.
 */
export function lowestSequenceNumber(sequenceNumbers: readonly string[]): string | undefined {
  let lowest: string | undefined;
  for (const s of sequenceNumbers) if (lowest === undefined || BigInt(s) < BigInt(lowest)) lowest = s;
  return lowest;
}

/** A batch handed to the handler. */
interface Batch {
  readonly records: StreamRecord[];
  done: Promise<void>;
  settled: boolean;
  /** Its lowest failed sequence number, once settled. */
  failed?: string;
}

export class StreamPoller {
  readonly #o: StreamPollerOptions;
  #running = false;
  #loop?: Promise<void>;
  #checkpoints: Record<string, string> = {};
  #wake?: () => void;

  constructor(options: StreamPollerOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    if (this.#o.checkpointFile) {
      try {
        this.#checkpoints = JSON.parse(await readFile(this.#o.checkpointFile, 'utf8'));
      } catch {
        this.#checkpoints = {};
      }
    }
    this.#running = true;
    this.#loop = this.#supervise();
  }

  /** Keeps polling through passing errors (DynamoDB Local restarting, a network blip), as Lambda's poller does. */
  async #supervise(): Promise<void> {
    while (this.#running) {
      try {
        await this.#run();
      } catch (error) {
        this.#o.log?.(`stream poller: ${(error as Error).message}; polling again in 1 s`);
        await this.#sleep(1000);
      }
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #iterator(shardId: string, type?: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> {
    const checkpoint = this.#checkpoints[shardId];
    const input = type
      ? { ShardIteratorType: type, SequenceNumber: sequenceNumber }
      : checkpoint
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: checkpoint }
        : { ShardIteratorType: 'TRIM_HORIZON' as const };
    try {
      const out = await this.#o.client.send(new GetShardIteratorCommand({ StreamArn: this.#o.streamArn, ShardId: shardId, ...input }));
      return out.ShardIterator;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException && !type) {
        const out = await this.#o.client.send(new GetShardIteratorCommand({ StreamArn: this.#o.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
        return out.ShardIterator;
      }
      throw error;
    }
  }

  async #saveCheckpoint(shardId: string, sequenceNumber: string): Promise<void> {
    this.#checkpoints[shardId] = sequenceNumber;
    if (!this.#o.checkpointFile) return;
    const tmp = `${this.#o.checkpointFile}.tmp`;
    await writeFile(tmp, JSON.stringify(this.#checkpoints));
    await rename(tmp, this.#o.checkpointFile);
  }

  /** Whether the filter lets a record through to the handler. */
  #wanted(record: StreamRecord): boolean {
    return !this.#o.filter || matchesAny(this.#o.filter, toLambdaRecord(record, this.#o.streamArn));
  }

  /** Takes the next batch off the front of `unread`: up to `batchSize` records the filter lets through, with those it drops in between. */
  #nextBatch(unread: StreamRecord[]): StreamRecord[] {
    const size = this.#o.batchSize ?? 25;
    let wanted = 0;
    let end = 0;
    for (; end < unread.length; end += 1) {
      if (!this.#wanted(unread[end]!)) continue;
      if (wanted === size) break;
      wanted += 1;
    }
    return unread.splice(0, end);
  }

  /** Hands a batch to the handler; resolves with the batch's lowest failed sequence number, if any. */
  async #invoke(records: StreamRecord[]): Promise<string | undefined> {
    const wanted = records.filter((r) => this.#wanted(r)).map((r) => toLambdaRecord(r, this.#o.streamArn));
    // A batch the filter emptied invokes nothing, as in Lambda; its records count as done.
    if (wanted.length === 0) return undefined;
    let response: DynamoDBBatchResponse | void;
    try {
      response = await this.#o.handler({ Records: wanted }, fakeContext('route-case'));
    } catch (error) {
      // A thrown handler fails the whole batch, as in Lambda.
      const causes = (error as { childErrors?: Error[] }).childErrors?.map((e) => e.message).join('; ');
      this.#o.log?.(`stream handler threw: ${(error as Error).message}${causes ? ` (${causes})` : ''}`);
      return wanted[0]!.dynamodb!.SequenceNumber!;
    }
    return lowestSequenceNumber((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  }

  async #run(): Promise<void> {
    const iterators = new Map<string, string | undefined>();
    const retry = new Map<string, { attempt: number; notBefore: number; sequenceNumber: string }>();
    const finished = new Set<string>();
    // Batches of a shard handed to the handler and not yet checkpointed, oldest first.
    const inFlight = new Map<string, Batch[]>();
    // Records of a shard read but not yet handed to the handler, oldest first.
    const unread = new Map<string, StreamRecord[]>();
    const parallel = this.#o.parallel ?? 1;
    let shards: string[] = [];
    let listedAt = Number.NEGATIVE_INFINITY;
    while (this.#running) {
      if (performance.now() - listedAt >= (this.#o.shardListEveryMs ?? 5000) || shards.every((id) => finished.has(id))) {
        const stream = await this.#o.client.send(new DescribeStreamCommand({ StreamArn: this.#o.streamArn }));
        shards = (stream.StreamDescription?.Shards ?? []).map((shard) => shard.ShardId!);
        listedAt = performance.now();
      }
      // Whether this pass read records or moved a checkpoint: if not, wait for a batch or a while.
      let progressed = false;
      for (const shardId of shards) {
        const batches = inFlight.get(shardId) ?? [];
        inFlight.set(shardId, batches);
        // The checkpoint moves past batches in order, so it always sits before the lowest unfinished record.
        while (batches[0]?.settled && batches[0].failed === undefined) {
          const done = batches.shift()!;
          await this.#saveCheckpoint(shardId, done.records.at(-1)!.dynamodb!.SequenceNumber!);
          progressed = true;
        }
        if (batches[0]?.settled) {
          // A failure: let the batches after it finish, then deliver again from the lowest failed record.
          await Promise.all(batches.map((b) => b.done));
          const failed = lowestSequenceNumber(batches.flatMap((b) => (b.failed === undefined ? [] : [b.failed])))!;
          const records = batches.flatMap((b) => b.records);
          const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
          if (index > 0) await this.#saveCheckpoint(shardId, records[index - 1]!.dynamodb!.SequenceNumber!);
          batches.length = 0;
          // The backoff grows while the same record keeps failing, and starts over once the shard moved on.
          const previous = retry.get(shardId);
          const attempt = previous?.sequenceNumber === failed ? previous.attempt + 1 : 1;
          const delay = Math.min(30_000, 250 * 2 ** (attempt - 1));
          retry.set(shardId, { attempt, notBefore: Date.now() + delay, sequenceNumber: failed });
          iterators.set(shardId, await this.#iterator(shardId, 'AT_SEQUENCE_NUMBER', failed));
          unread.delete(shardId);
          this.#o.log?.(`stream record ${failed} failed (attempt ${attempt}); delivering again in ${delay} ms`);
          progressed = true;
          continue;
        }
        if (finished.has(shardId) && batches.length === 0) continue;
        const wait = retry.get(shardId);
        if ((wait && Date.now() < wait.notBefore) || batches.length >= parallel || finished.has(shardId)) continue;
        let buffered = unread.get(shardId) ?? [];
        if (buffered.length === 0) {
          if (!iterators.has(shardId)) iterators.set(shardId, await this.#iterator(shardId));
          const iterator = iterators.get(shardId);
          if (!iterator) {
            finished.add(shardId);
            listedAt = Number.NEGATIVE_INFINITY;
            continue;
          }
          let out;
          try {
            out = await this.#o.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.#o.readLimit ?? 1000 }));
          } catch (error) {
            // An iterator that expired or points at trimmed data is simply taken again, from the
            // checkpoint (or the oldest record): the handler is idempotent, so re-reading is safe.
            if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
              await Promise.all(batches.map((b) => b.done));
              iterators.delete(shardId);
              continue;
            }
            throw error;
          }
          iterators.set(shardId, out.NextShardIterator);
          buffered = out.Records ?? [];
          if (buffered.length === 0) {
            if (!out.NextShardIterator) {
              finished.add(shardId);
              // A shard that ends has a successor: list the shards again on the next pass.
              listedAt = Number.NEGATIVE_INFINITY;
            }
            continue;
          }
        }
        const records = this.#nextBatch(buffered);
        unread.set(shardId, buffered);
        progressed = true;
        const batch: Batch = { records, settled: false, done: Promise.resolve() };
        batch.done = this.#invoke(records).then((failed) => {
          batch.failed = failed;
          batch.settled = true;
        });
        batches.push(batch);
      }
      if (progressed || !this.#running) continue;
      // Nothing new: wait until a batch finishes, or a while (new records, a backoff running out).
      const pending = [...inFlight.values()].flat().filter((b) => !b.settled);
      await Promise.race([...pending.map((b) => b.done), this.#sleep(this.#o.idleMs ?? 100)]);
    }
    await Promise.all([...inFlight.values()].flat().map((b) => b.done));
  }
}
