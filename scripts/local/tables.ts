/**
 * Creates the tables on DynamoDB Local from the same definitions CDK deploys.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLES, tableName, type IndexDefinition, type TableDefinition } from '../../functions/store/tables.ts';

function projection(index: IndexDefinition) {
  if (index.projection === 'ALL' || index.projection === 'KEYS_ONLY') return { ProjectionType: index.projection };
  return { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection] };
}

export function createTableInput(def: TableDefinition, name: string): CreateTableCommandInput {
  const keyAttributes = [def.partitionKey, def.sortKey, ...def.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter(
    (k): k is NonNullable<typeof k> => k !== undefined,
  );
  const attributes = [...new Map(keyAttributes.map((k) => [k.name, k])).values()];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(def.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
          ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
        ],
        Projection: projection(index),
      })),
    }),
    ...(def.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } }),
  };
}

export interface LocalTable {
  readonly name: string;
  readonly streamArn?: string;
}

/** Creates any missing table; returns every table's name and stream ARN. */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<Record<TableDefinition['name'], LocalTable>> {
  const out = {} as Record<TableDefinition['name'], LocalTable>;
  for (const def of TABLES) {
    const name = tableName(prefix, def);
    let described;
    try {
      described = await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(createTableInput(def, name)));
      if (def.ttlAttribute) {
        await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }));
      }
      described = await client.send(new DescribeTableCommand({ TableName: name }));
    }
    // A table made by an older version of the code may lack an index added since: add it.
    const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const input = createTableInput(def, name);
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      if (have.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: input.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
        }),
      );
    }
    // … or the stream a table has had since (the roster's, for the site publisher): turn it on.
    if (input.StreamSpecification && !described.Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: input.StreamSpecification }));
      described = await client.send(new DescribeTableCommand({ TableName: name }));
    }
    out[def.name] = { name, ...(described.Table?.LatestStreamArn && { streamArn: described.Table.LatestStreamArn }) };
  }
  return out;
}
