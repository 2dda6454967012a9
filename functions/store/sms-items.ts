/**
 * A case's SMS items (`SMS#{id}`): listed in the order the case called for them, claimed for a send
 * (created, or leased while attempts remain), and settled with their timeline entry in one transaction.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { NotificationRecord, TimelineEntry } from '../domain/case.ts';
import type { SmsClaim, StoredSms } from '../domain/ports.ts';
import type { PlannedSms } from '../domain/routing.ts';
import { queryItems, type CaseTable } from './client.ts';
import { entryItem, smsFromItem } from './case-items.ts';
import { SK_PREFIX, keys } from './tables.ts';

export async function notifications(t: CaseTable, caseNumber: string, limit: number): Promise<StoredSms[]> {
  const items = await queryItems(
    t.client,
    {
      TableName: t.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.case(caseNumber).pk, ':prefix': SK_PREFIX.sms },
    },
    limit,
  );
  return items.map((item) => {
    const { caseNumber: _n, ...sms } = smsFromItem(item);
    return sms;
  }).sort((a, b) => {
    // In the order the case called for them: `at` moves with every attempt, `queuedAt` never does.
    const x = a.queuedAt ?? a.at;
    const y = b.queuedAt ?? b.at;
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

export async function claimNotification(t: CaseTable, caseNumber: string, sms: PlannedSms, claim: { now: Date; leaseMs: number; maxAttempts: number }): Promise<SmsClaim> {
  const at = claim.now.toISOString();
  const key = keys.sms(caseNumber, sms.id);
  try {
    // A new case's routing: the SMS item does not exist yet; creating it is the claim. It is
    // written as `sending`, so its INSERT is no work for the router (the filter wants `pending`).
    await t.client.send(
      new PutCommand({
        TableName: t.tableName,
        Item: { ...key, ...sms, status: 'sending', attempts: 1, at, queuedAt: at },
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
    return 1;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  try {
    // Otherwise go only if it is waiting (pending), the last try failed, or its sender died
    // holding the lease, and attempts remain. A sent SMS is never claimed again.
    const out = await t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: key,
        UpdateExpression: 'SET #status = :sending, #at = :at ADD attempts :one',
        ConditionExpression: 'attempts < :max AND (#status IN (:pending, :failed) OR (#status = :sending AND #at < :expired))',
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':failed': 'failed',
          ':at': at,
          ':one': 1,
          ':max': claim.maxAttempts,
          ':expired': new Date(claim.now.getTime() - claim.leaseMs).toISOString(),
        },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return Number(out.Attributes?.attempts);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const old = error.Item ? unmarshall(error.Item) : {};
    // Someone holds a live lease (a send that crashed before it settled): try again after it.
    return old.status === 'sending' && Number(old.attempts) < claim.maxAttempts ? 'busy' : 'done';
  }
}

export async function settleNotification(t: CaseTable, caseNumber: string, id: string, record: NotificationRecord, entry: TimelineEntry): Promise<void> {
  // The intent (who, what) was written with the claim; the outcome is what changes.
  const outcome = { status: record.status, attempts: record.attempts, at: record.at, messageId: record.messageId, error: record.error };
  const names: Record<string, string> = {};
  const values: Record<string, NativeAttributeValue> = {};
  const sets = Object.entries(outcome)
    .filter(([, v]) => v !== undefined)
    .map(([attr, v]) => {
      names[`#${attr}`] = attr;
      values[`:${attr}`] = v;
      return `#${attr} = :${attr}`;
    });
  await t.client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: t.tableName,
            Key: keys.sms(caseNumber, id),
            UpdateExpression: `SET ${sets.join(', ')}${record.status === 'sent' ? ' REMOVE #error' : ''}`,
            ConditionExpression: 'attribute_exists(sk)',
            ExpressionAttributeNames: { ...names, ...(record.status === 'sent' && { '#error': 'error' }) },
            ExpressionAttributeValues: values,
          },
        },
        // One entry per attempt: a settle that is retried writes the same entry again.
        { Put: { TableName: t.tableName, Item: entryItem(caseNumber, entry, `sms-${id}-${record.attempts}`) } },
      ],
    }),
  );
}
