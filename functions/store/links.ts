/**
 * One-tap links (LinkStore): a link item per token hash. A transfer ends a case's older links by its
 * transfer count (linkMayOpen), so the case item keeps no list of them. (Cases routed before that
 * may still carry a `linkHashes` set, which nothing reads.)
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkRecord } from '../domain/links.ts';
import type { LinkStore } from '../domain/ports.ts';
import { keys } from './tables.ts';
import { TableStore } from './client.ts';

export class DynamoLinkStore extends TableStore implements LinkStore {
  async put(link: LinkRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.link(link.tokenHash), ...link, ttl: Math.floor(Date.parse(link.expiresAt) / 1000) + 30 * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async get(tokenHash: string): Promise<LinkRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.link(tokenHash) }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ttl: _ttl, ...link } = out.Item;
    return link as LinkRecord;
  }
}
