/**
 * Monthly counters on the cases table (`STATS#{month}` / area): one item per area and month, moved
 * with ADD in the transaction of the change that moves them. A new case is counted by the stream
 * router with a mark on the case item in the same transaction, so a redelivered record counts nothing.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { CounterDelta, CounterItem, Place } from '../domain/counters.ts';
import type { CounterStore } from '../domain/ports.ts';
import { queryItems, TableStore } from './client.ts';
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

/** On the cases table, which holds the counters beside the cases. */
export class DynamoCounterStore extends TableStore implements CounterStore {
  /** The mark on a case item that says it is counted, set only once. */
  #countedMark(caseNumber: string) {
    return {
      TableName: this.table,
      Key: keys.case(caseNumber),
      UpdateExpression: 'SET counted = :yes',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(counted)',
      ExpressionAttributeValues: { ':yes': true },
    };
  }

  async countNew(caseNumber: string, counters: readonly CounterDelta[]): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: this.#countedMark(caseNumber) },
            ...counters.map((d) => counterUpdate(this.table, d)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /**
   * Replaces a month's counter items with `totals` (worked out from its cases): every area's item
   * is written whole, and items of areas no longer in the totals are deleted.
   */
  async replaceMonth(month: string, totals: readonly CounterDelta[]): Promise<void> {
    const keep = new Set(totals.map((t) => t.area));
    const stale = (await this.read(month, '')).filter((i) => !keep.has(i.area));
    const requests = [
      ...totals.map((t) => ({ PutRequest: { Item: { ...keys.counter(month, t.area), ...t.labels, ...t.add } } })),
      ...stale.map((i) => ({ DeleteRequest: { Key: keys.counter(month, i.area) } })),
    ];
    for (let i = 0; i < requests.length; i += 25) {
      let batch: typeof requests = requests.slice(i, i + 25);
      while (batch.length > 0) {
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: batch } }));
        batch = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  /** Marks a case counted (the router then counts it no more); false when it was counted already. */
  async markCounted(caseNumber: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand(this.#countedMark(caseNumber)),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async read(month: string, prefix: string): Promise<CounterItem[]> {
    const { pk } = keys.counter(month, '');
    const items = await queryItems(this.client, {
      TableName: this.table,
      ...(prefix
        ? { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } }
        : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
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
