/**
 * Monthly counters on the cases table (`STATS#{month}` / area): one item per area and month, moved
 * with ADD in the transaction of the change that moves them. A new case is counted by the stream
 * router with a mark on the case item in the same transaction, so a redelivered record counts nothing.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CounterDelta, CounterItem, Place } from '../domain/counters.ts';
import type { CounterStore } from '../domain/ports.ts';
import { queryItems } from './client.ts';
import { keys } from './tables.ts';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const LABELS = ['stationId', 'officeId', 'villageId', 'officerId'] as const;

/** The transaction item that moves one counter item: ADD each amount, SET what identifies the area. */
export function counterUpdate(tableName: string, delta: CounterDelta): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, NativeAttributeValue> = {};
  const adds = Object.entries(delta.add).map(([k, v], i) => {
    names[`#c${i}`] = k;
    values[`:c${i}`] = v;
    return `#c${i} :c${i}`;
  });
  const sets = LABELS.filter((l) => delta.labels[l] !== undefined).map((l) => {
    values[`:${l}`] = delta.labels[l];
    return `${l} = :${l}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: keys.counter(delta.month, delta.area),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', `ADD ${adds.join(', ')}`].filter(Boolean).join(' '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export interface DynamoCounterStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** The cases table, which holds the counters beside the cases. */
  readonly tableName: string;
}

export class DynamoCounterStore implements CounterStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoCounterStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async countNew(caseNumber: string, counters: readonly CounterDelta[]): Promise<boolean> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: keys.case(caseNumber),
                UpdateExpression: 'SET counted = :yes',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(counted)',
                ExpressionAttributeValues: { ':yes': true },
              },
            },
            ...counters.map((d) => counterUpdate(this.#table, d)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async read(month: string, prefix: string): Promise<CounterItem[]> {
    const { pk } = keys.counter(month, '');
    const items = await queryItems(this.#client, {
      TableName: this.#table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    });
    return items.map(({ pk: _pk, sk, ...rest }) => {
      const labels: Partial<Record<keyof Place, string>> = {};
      const counts: Record<string, number> = {};
      for (const [k, v] of Object.entries(rest)) {
        if ((LABELS as readonly string[]).includes(k)) labels[k as keyof Place] = String(v);
        else if (typeof v === 'number') counts[k] = v;
      }
      return { area: String(sk), labels, counts };
    });
  }
}
