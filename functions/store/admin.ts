/**
 * Admin-side records in the cases table: sign-in codes (`LOGIN#{phone}`), rate-limit windows
 * (`RATE#{key}#{window}`), one-time claims (`ONCE#{key}`) and signed-in sessions (`SESSION#{sid}`),
 * all expiring by TTL, and the append-only audit log (`AUDIT#{month}`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdminStore, AuditEntry, StoredSession } from '../domain/ports.ts';
import { auditItem } from './tables.ts';
import { TableStore } from './client.ts';

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export class DynamoAdminStore extends TableStore implements AdminStore {
  async putLoginCode(phone: string, codeHash: string, expiresAt: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `LOGIN#${phone}`, sk: 'LOGIN', codeHash, expiresAt: expiresAt.toISOString(), tries: 0, ttl: epoch(expiresAt) + 3600 },
      }),
    );
  }

  async useLoginCode(phone: string, codeHash: string, now: Date, maxTries: number): Promise<boolean> {
    let stored: Record<string, unknown> | undefined;
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `LOGIN#${phone}`, sk: 'LOGIN' },
          UpdateExpression: 'ADD tries :one',
          ConditionExpression: 'attribute_exists(pk) AND tries < :max AND expiresAt > :now',
          ExpressionAttributeValues: { ':one': 1, ':max': maxTries, ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      stored = out.Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    if (stored?.codeHash !== codeHash) return false;
    // Used up: the same code never signs in twice.
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.table, Key: { pk: `LOGIN#${phone}`, sk: 'LOGIN' }, ConditionExpression: 'codeHash = :hash', ExpressionAttributeValues: { ':hash': codeHash } }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async hit(key: string, windowSeconds: number, now: Date): Promise<number> {
    return (await this.hitCounters(key, { hits: windowSeconds }, now)).hits;
  }

  async hitCounters<K extends string>(key: string, counters: Readonly<Record<K, number>>, now: Date): Promise<Record<K, number>> {
    const windows = Object.entries(counters) as [K, number][];
    const longest = Math.max(...windows.map(([, seconds]) => seconds));
    const odd = windows.find(([, seconds]) => longest % seconds !== 0);
    if (odd) throw new Error(`limit counter ${key}: the ${odd[0]} window (${odd[1]} s) does not divide the item's (${longest} s)`);
    const item = Math.floor(epoch(now) / longest);
    // Each counter is an attribute named after its window of the moment (`day@20418`), so a window
    // that ends leaves its attribute behind and the next one starts at 1. The item goes when its
    // window ends (DynamoDB's TTL sweep may take a while longer; the key holds no address, only a
    // hash keyed with a key that changes daily).
    const names = Object.fromEntries(windows.map(([name, seconds], i) => [`#c${i}`, `${name}@${Math.floor(epoch(now) / seconds)}`]));
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `RATE#${key}#${longest}s#${item}`, sk: 'RATE' },
        UpdateExpression: `ADD ${windows.map((_, i) => `#c${i} :one`).join(', ')} SET #ttl = if_not_exists(#ttl, :ttl)`,
        ExpressionAttributeNames: { ...names, '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':ttl': (item + 1) * longest },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Object.fromEntries(windows.map(([name], i) => [name, Number(out.Attributes?.[names[`#c${i}`]!] ?? 1)])) as Record<K, number>;
  }

  async claimOnce(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `ONCE#${key}`, sk: 'ONCE', ttl: epoch(expiresAt) },
          // An expired claim the TTL sweep has not removed yet is as good as gone.
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': epoch(now) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async putSession(sid: string, session: StoredSession, expiresAt: Date): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { pk: `SESSION#${sid}`, sk: 'SESSION', principalId: session.principalId, phone: session.phone, ttl: epoch(expiresAt) } }),
    );
  }

  async getSession(sid: string): Promise<StoredSession | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: `SESSION#${sid}`, sk: 'SESSION' }, ConsistentRead: true }));
    // Expiry is the signed token's (checked against the clock); the TTL only clears the item away.
    if (!out.Item) return undefined;
    return { principalId: String(out.Item.principalId), phone: String(out.Item.phone) };
  }

  async deleteSession(sid: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: { pk: `SESSION#${sid}`, sk: 'SESSION' } }));
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: auditItem(entry),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async auditLog(month: string, limit: number): Promise<AuditEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${month}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...entry }) => entry as AuditEntry);
  }
}
