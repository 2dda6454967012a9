/**
 * One-tap links (LinkStore): a link item per token hash, and the hashes on the case item, so a
 * change of hands revokes every older link of the case.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkRecord } from '../domain/links.ts';
import type { LinkStore } from '../domain/ports.ts';
import { keys } from './tables.ts';
import { TableStore } from './client.ts';

export class DynamoLinkStore extends TableStore implements LinkStore {
  async put(link: LinkRecord): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.case(link.caseNumber),
        UpdateExpression: 'ADD linkHashes :hash',
        ExpressionAttributeValues: { ':hash': new Set([link.tokenHash]) },
      }),
    );
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

  async revokeAll(caseNumber: string, generation: number): Promise<number> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.case(caseNumber), ProjectionExpression: 'linkHashes' }));
    const hashes = [...((out.Item?.linkHashes as Set<string> | undefined) ?? [])];
    await Promise.all(
      hashes.map((hash) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.link(hash),
            UpdateExpression: 'SET revoked = :yes',
            ConditionExpression: 'attribute_exists(pk) AND generation < :generation',
            ExpressionAttributeValues: { ':yes': true, ':generation': generation },
          }),
        ).catch((error) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }),
      ),
    );
    return hashes.length;
  }
}
