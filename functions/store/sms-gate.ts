/**
 * The SMS gate's records in the cases table, under one partition per county (`SMSGATE#{code}`):
 * the month's spend (`SPEND#{YYYY-MM}`, micro-dollars) and each village phone's digest
 * (`DIGEST#{villageId}#{role}`). Window counters are the admin store's (`RATE#…`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldDigest, SmsGateStore } from '../domain/ports.ts';
import { DynamoAdminStore } from './admin.ts';

const pk = (countyCode: string) => `SMSGATE#${countyCode}`;

export class DynamoSmsGateStore extends DynamoAdminStore implements SmsGateStore {
  async spend(countyCode: string, month: string, microUsd: number, limitMicroUsd: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(countyCode), sk: `SPEND#${month}` },
          UpdateExpression: 'ADD spent :c',
          ConditionExpression: '(attribute_not_exists(spent) AND :c <= :limit) OR spent <= :room',
          ExpressionAttributeValues: { ':c': microUsd, ':limit': limitMicroUsd, ':room': limitMicroUsd - microUsd },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async holdForDigest(countyCode: string, key: { villageId: string; role: string; to: string }, now: Date, dueAt: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pk(countyCode), sk: `DIGEST#${key.villageId}#${key.role}` },
        UpdateExpression: 'ADD held :one SET villageId = :v, #role = :r, #to = :to, since = if_not_exists(since, :now), dueAt = if_not_exists(dueAt, :due)',
        ExpressionAttributeNames: { '#role': 'role', '#to': 'to' },
        ExpressionAttributeValues: { ':one': 1, ':v': key.villageId, ':r': key.role, ':to': key.to, ':now': now.toISOString(), ':due': dueAt.toISOString() },
      }),
    );
  }

  async dueDigests(countyCode: string, now: Date): Promise<HeldDigest[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :digest)',
        FilterExpression: 'held > :zero AND dueAt <= :now',
        ExpressionAttributeValues: { ':pk': pk(countyCode), ':digest': 'DIGEST#', ':zero': 0, ':now': now.toISOString() },
      }),
    );
    return (out.Items ?? []).map((i) => ({ villageId: String(i.villageId), role: String(i.role), to: String(i.to), held: Number(i.held), since: String(i.since) }));
  }

  async takeDigest(countyCode: string, digest: HeldDigest, now: Date, nextDueAt: Date): Promise<void> {
    // Cases held while the digest went out stay for the next one, counted from now.
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: pk(countyCode), sk: `DIGEST#${digest.villageId}#${digest.role}` },
        UpdateExpression: 'ADD held :minus SET since = :now, dueAt = :next',
        ExpressionAttributeValues: { ':minus': -digest.held, ':now': now.toISOString(), ':next': nextDueAt.toISOString() },
      }),
    );
  }
}
