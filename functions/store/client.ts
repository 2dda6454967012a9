import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';

/**
 * A document client. In AWS nothing is passed and the SDK finds region and credentials itself; the
 * local stack passes DynamoDB Local's endpoint (`DYNAMODB_ENDPOINT`) with dummy credentials.
 */
export function createDocumentClient(endpoint?: string, config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    endpoint
      ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, ...config }
      : config,
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

/** A table and the client that reaches it: what the store modules' functions work on. */
export interface CaseTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** A store on one table: the client and the table's name its methods send their commands with. */
export abstract class TableStore {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly table: string;

  constructor(options: CaseTable) {
    this.client = options.client;
    this.table = options.tableName;
  }
}

/** Every item a Query returns, page after page (at most `limit` when given). */
export async function queryItems(client: DynamoDBDocumentClient, input: QueryCommandInput, limit = Infinity): Promise<Record<string, NativeAttributeValue>[]> {
  const items: Record<string, NativeAttributeValue>[] = [];
  for await (const page of paginateQuery({ client }, { ...input, ...(Number.isFinite(limit) && { Limit: limit }) })) {
    items.push(...(page.Items ?? []));
    if (items.length >= limit) return items.slice(0, limit);
  }
  return items;
}
