/**
 * Alerts live in the roster table under their own partition (`ALERTS#{county}`), sorted by
 * publication time, so the newest are one Query away and the roster load never reads them.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Alert, AlertStore } from '../domain/alerts.ts';

export interface DynamoAlertStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly countyCode: string;
}

export class DynamoAlertStore implements AlertStore {
  readonly #o: DynamoAlertStoreOptions;
  constructor(options: DynamoAlertStoreOptions) {
    this.#o = options;
  }

  async publish(alert: Alert): Promise<void> {
    await this.#o.client.send(
      new PutCommand({
        TableName: this.#o.tableName,
        Item: { pk: `ALERTS#${this.#o.countyCode}`, sk: `${alert.publishedAt}#${alert.id}`, ...alert },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async recent(limit: number): Promise<Alert[]> {
    const out = await this.#o.client.send(
      new QueryCommand({
        TableName: this.#o.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ALERTS#${this.#o.countyCode}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...alert }) => alert as Alert);
  }
}
