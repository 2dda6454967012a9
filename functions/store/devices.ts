/**
 * Officers' device sessions in the cases table (`DEVICE#{principal}` / `{sid}`, TTL at expiry): one
 * item per signed-in phone, so a person's devices are one Query, and revoking is a delete.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeviceSession, DeviceStore } from '../domain/ports.ts';
import { queryItems, TableStore } from './client.ts';
import { keys } from './tables.ts';

/** More device sessions than a person could have signed in on: a bound on the devices Query. */
const MAX_LISTED = 100;

const epoch = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

function fromItem(item: Record<string, unknown>): DeviceSession {
  return {
    sid: String(item.sk),
    principalId: String(item.principalId),
    phone: String(item.phone),
    label: String(item.label ?? ''),
    createdAt: String(item.createdAt),
    expiresAt: String(item.expiresAt),
  };
}

export class DynamoDeviceStore extends TableStore implements DeviceStore {
  async putDevice(device: DeviceSession): Promise<void> {
    const { sid, ...rest } = device;
    await this.client.send(new PutCommand({ TableName: this.table, Item: { ...keys.device(device.principalId, sid), ...rest, ttl: epoch(device.expiresAt) } }));
  }

  async renewDevice(principalId: string, sid: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.device(principalId, sid),
          UpdateExpression: 'SET expiresAt = :exp, #ttl = :ttl',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':exp': expiresAt.toISOString(), ':ttl': epoch(expiresAt) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getDevice(principalId: string, sid: string): Promise<DeviceSession | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: keys.device(principalId, sid), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async devices(principalId: string): Promise<DeviceSession[]> {
    const items = await queryItems(
      this.client,
      { TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.device(principalId, '').pk }, ConsistentRead: true },
      MAX_LISTED,
    );
    return items.map(fromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revokeDevice(principalId: string, sid: string): Promise<boolean> {
    const out = await this.client.send(new DeleteCommand({ TableName: this.table, Key: keys.device(principalId, sid), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  }

  async revokeDevices(principalId: string): Promise<number> {
    // A person has a few phones at most: one delete each.
    const devices = await this.devices(principalId);
    await Promise.all(devices.map((d) => this.client.send(new DeleteCommand({ TableName: this.table, Key: keys.device(principalId, d.sid) }))));
    return devices.length;
  }
}
