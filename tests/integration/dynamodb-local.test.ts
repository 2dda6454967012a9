/**
 * DynamoDB Local with its data in a folder gets the stream-record indexes its SQLite file lacks and
 * a write-ahead log (scripts/local/dynamodb.ts): the statements it runs on every request to a table
 * with a stream find a stream's or a shard's records through the indexes, and DynamoDB Local keeps
 * working with both, across a restart too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startDynamoDbLocal, type LocalDynamo } from '../../scripts/local/dynamodb.ts';
import { freePort } from '../support/ports.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cunjing-dynamodb-local-'));
const databaseFile = join(dataDir, 'dynamodb', 'shared-local-instance.db');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let dynamo: LocalDynamo | undefined;
afterEach(async () => {
  await dynamo?.stop();
  dynamo = undefined;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** How SQLite would run a statement on DynamoDB Local's file, one line per step. */
function queryPlan(sql: string): string {
  const db = new DatabaseSync(databaseFile, { readOnly: true });
  try {
    return db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all('x')
      .map((row) => String(row.detail))
      .join('\n');
  } finally {
    db.close();
  }
}

it('finds a stream’s first record and a shard’s last record through an index, not by reading every older record', { timeout: 60_000 }, async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir });

  // The statements DynamoDB Local runs with every request to a table whose stream is on, and for GetRecords.
  const streamStart = queryPlan('SELECT MIN(SequenceNumber) FROM us WHERE StreamID = ?');
  const shardEnd = queryPlan('SELECT SequenceNumber FROM us WHERE ShardID = ? ORDER BY SequenceNumber DESC LIMIT 1');

  expect(streamStart).toContain('USING COVERING INDEX ~us:StreamID (StreamID=?)');
  expect(shardEnd).toContain('USING COVERING INDEX ~us:ShardID (ShardID=?)');
});

it('keeps its file in SQLite’s write-ahead-log mode, so a commit syncs one log rather than a journal and the database', { timeout: 60_000 }, async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir });

  const db = new DatabaseSync(databaseFile, { readOnly: true });
  const mode = db.prepare('PRAGMA journal_mode').get();
  db.close();

  expect(mode).toEqual({ journal_mode: 'wal' });
});

it('keeps writing and reading a table’s stream with the indexes, across a restart', { timeout: 90_000 }, async () => {
  const port = await freePort();
  const put = async (id: string) => {
    const client = new DynamoDBClient({ endpoint: dynamo!.endpoint, region: 'local', credentials });
    await client.send(new PutItemCommand({ TableName: 'streamed', Item: { pk: { S: id } } }));
    client.destroy();
  };
  dynamo = await startDynamoDbLocal({ port, dataDir });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials });
  const created = await client.send(
    new CreateTableCommand({
      TableName: 'streamed',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  client.destroy();
  await put('before-restart');
  await dynamo.stop();

  dynamo = await startDynamoDbLocal({ port, dataDir });
  await put('after-restart');
  const streams = new DynamoDBStreamsClient({ endpoint: dynamo.endpoint, region: 'local', credentials });
  const streamArn = created.TableDescription!.LatestStreamArn!;
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards!;
  const keys: string[] = [];
  for (const shard of shards) {
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    keys.push(...(Records ?? []).map((r) => r.dynamodb!.Keys!.pk!.S!));
  }
  streams.destroy();

  expect(keys).toEqual(['before-restart', 'after-restart']);
});
