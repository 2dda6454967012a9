/**
 * `npm run migrate:cases -- <cases-table> [--endpoint http://127.0.0.1:8000] [--dry-run]`
 *
 * Moves cases written before "a case is a partition" to that layout: each entry of the case item's
 * `timeline` list becomes a timeline entry item (`TL#…`), each record of its `notifications` map an
 * SMS item (`SMS#…`), and the case item loses the three old attributes (`timeline`, `notifications`,
 * `pendingSms`) and gains the question and answer counts the tipster dialogue needs. An SMS the old
 * layout still had to send (pending, failed with attempts left, or caught mid-send) becomes a
 * pending SMS item, which the router then sends. The first "received" entry is not copied: the new
 * layout shows the case's own `createdAt` in its place.
 *
 * It also puts every open case written before the officer inbox into the inbox's index (`byOpen`:
 * `openVillage` and `openSort` on the case item), where a case written since is from the start, and
 * puts back into the queue of unacknowledged cases (`byDue`) every case still waiting at the bureau
 * duty desk that an earlier version took out of it: such a case gets the escalation time that never
 * comes (`AT_TOP`), as one climbing there now does, so the overdue list finds it. A case waiting
 * for an acknowledgement (`received`) that still shows an earlier one (reported up or reopened by an
 * earlier version) has it moved to the holding's (`heldAckAt`, which the figures count): whoever holds
 * it now acknowledges afresh.
 *
 * Idempotent: entry items have keys derived from their place in the old list (written again, they
 * are the same), SMS items are only created where none exists, and the case item is changed last,
 * only while it still has an old attribute. Stopped halfway, run it again. Run with the new code
 * deployed (docs/deploy.md says when); cases read before it runs show only their "received" entry.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, UpdateCommand, paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { pathToFileURL } from 'node:url';
import type { NotificationRecord, TimelineEntry } from '../functions/domain/case.ts';
import { AT_TOP, TOP_LEVEL } from '../functions/domain/escalation.ts';
import { entryItem } from '../functions/store/case-items.ts';
import { createDocumentClient } from '../functions/store/client.ts';
import { DUE_QUEUE, caseNumberOf, keys, openSort } from '../functions/store/tables.ts';
import { parseCommand } from './cli.ts';

/** Attempts per SMS in the router (functions/domain/messaging.ts). */
const MAX_ATTEMPTS = 5;

export interface MigrationOutcome {
  readonly cases: number;
  readonly entries: number;
  readonly sms: number;
  /** SMS items created pending: the router sends them. */
  readonly pending: number;
  /** Open cases put into the officer inbox's index. */
  readonly inbox: number;
  /** Unacknowledged cases at the bureau duty desk put back into the queue of unacknowledged cases (the overdue list). */
  readonly atTop: number;
  /** Cases waiting for an acknowledgement that no longer show an earlier one beside 待签收. */
  readonly ackCleared: number;
}

type Item = Record<string, NativeAttributeValue>;

/** Whether an SMS of the old layout was still to be sent. */
function stillToSend(id: string, record: NotificationRecord, pendingIds: ReadonlySet<string>): boolean {
  if (record.status === 'sent') return false;
  if (pendingIds.has(id) || record.status === 'pending' || record.status === 'sending') return true;
  return record.status === 'failed' && record.attempts < MAX_ATTEMPTS;
}

async function migrateOne(client: DynamoDBDocumentClient, table: string, item: Item, dryRun: boolean): Promise<{ entries: number; sms: number; pending: number }> {
  const caseNumber = caseNumberOf(String(item.pk));
  const timeline = (item.timeline ?? []) as TimelineEntry[];
  const notifications = (item.notifications ?? {}) as Record<string, NotificationRecord>;
  const pendingIds = new Set<string>((item.pendingSms as Set<string> | undefined) ?? []);
  // Keys from the entry's place in the old list: a second run writes the very same items.
  const entryItems = timeline.flatMap((entry, i) => (i === 0 && entry.type === 'received' ? [] : [entryItem(caseNumber, entry, `m${String(i).padStart(4, '0')}`)]));
  // The old layout worded an answer SMS from the timeline; an SMS item carries its answer's text.
  const answerTexts = timeline.filter((e) => e.type === 'answer').map((e) => e.text ?? '');
  const smsItems = Object.entries(notifications).map(([id, record]) => {
    const pending = stillToSend(id, record, pendingIds);
    const answer = record.message === 'answer' ? answerTexts[Number(/^answer(\d+):/.exec(id)?.[1] ?? answerTexts.length) - 1] : undefined;
    return { pending, item: { ...keys.sms(caseNumber, id), ...record, ...(answer !== undefined && { text: answer }), ...(pending && { status: 'pending' }) } };
  });
  if (dryRun) return { entries: entryItems.length, sms: smsItems.length, pending: smsItems.filter((s) => s.pending).length };

  for (let i = 0; i < entryItems.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = { [table]: entryItems.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      const out = await client.send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  }
  let created = 0;
  for (const { item: smsItem } of smsItems) {
    try {
      // Never over an SMS item the new router has already worked on.
      await client.send(new PutCommand({ TableName: table, Item: smsItem, ConditionExpression: 'attribute_not_exists(sk)' }));
      created += 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  const questions = timeline.filter((e) => e.type === 'question').length;
  const answers = timeline.filter((e) => e.type === 'answer').length;
  const counts = questions > 0 || answers > 0;
  try {
    // Last, and only while an old attribute is left: a run stopped before this point is redone.
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.case(caseNumber),
        UpdateExpression: `REMOVE timeline, notifications, pendingSms${counts ? ' SET questions = :q, answers = :a' : ''}`,
        ConditionExpression: 'attribute_exists(timeline) OR attribute_exists(notifications) OR attribute_exists(pendingSms)',
        ...(counts && { ExpressionAttributeValues: { ':q': questions, ':a': answers } }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  return { entries: entryItems.length, sms: created, pending: smsItems.filter((s) => s.pending).length };
}

/** Migrates every case item of the table that still has an attribute of the old layout. */
export async function migrateCases(client: DynamoDBDocumentClient, table: string, options: { dryRun?: boolean; log?: (line: string) => void } = {}): Promise<MigrationOutcome> {
  const total = { cases: 0, entries: 0, sms: 0, pending: 0, inbox: 0, atTop: 0, ackCleared: 0 };
  // A one-off pass over the table, not a request path: a Scan is the honest tool here.
  for await (const page of paginateScan(
    { client },
    {
      TableName: table,
      FilterExpression: 'sk = :case AND (attribute_exists(timeline) OR attribute_exists(notifications) OR attribute_exists(pendingSms))',
      ExpressionAttributeValues: { ':case': keys.case('any').sk },
    },
  )) {
    for (const item of page.Items ?? []) {
      const one = await migrateOne(client, table, item, options.dryRun === true);
      total.cases += 1;
      total.entries += one.entries;
      total.sms += one.sms;
      total.pending += one.pending;
      if (total.cases % 100 === 0) options.log?.(`${total.cases} cases…`);
    }
  }
  total.inbox = await updateWhere(client, table, options.dryRun === true, INDEX_OPEN_CASES);
  total.atTop = await updateWhere(client, table, options.dryRun === true, QUEUE_CASES_AT_TOP);
  total.ackCleared = await updateWhere(client, table, options.dryRun === true, CLEAR_EARLIER_ACKNOWLEDGEMENTS);
  return total;
}

/** A pass over the case items: those matching `filter` (besides being a case item), each changed by `update`. */
interface Pass {
  readonly filter: { readonly expression: string; readonly names?: Record<string, string>; readonly values: Item };
  readonly update: (item: Item) => { UpdateExpression: string; ExpressionAttributeValues?: Item };
}

/**
 * Runs a pass: each matching case item is changed unless its condition no longer holds (changed
 * meanwhile, or by an earlier run): how many were changed.
 */
async function updateWhere(client: DynamoDBDocumentClient, table: string, dryRun: boolean, { filter, update }: Pass): Promise<number> {
  let changed = 0;
  for await (const page of paginateScan(
    { client },
    {
      TableName: table,
      FilterExpression: `sk = :case AND (${filter.expression})`,
      ...(filter.names && { ExpressionAttributeNames: filter.names }),
      ExpressionAttributeValues: { ':case': keys.case('any').sk, ...filter.values },
    },
  )) {
    for (const item of page.Items ?? []) {
      if (dryRun) {
        changed += 1;
        continue;
      }
      const { UpdateExpression, ExpressionAttributeValues } = update(item);
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression,
            ConditionExpression: filter.expression,
            ...(filter.names && { ExpressionAttributeNames: filter.names }),
            ExpressionAttributeValues: { ...filter.values, ...ExpressionAttributeValues },
          }),
        );
        changed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  return changed;
}

/**
 * Unacknowledged cases at the bureau duty desk without an escalation time (an earlier version took
 * them out of the queue there) get `AT_TOP`, as a case climbing there now does: back in the queue of
 * unacknowledged cases, never due, listed as overdue once past their `slaDueAt`.
 */
const QUEUE_CASES_AT_TOP: Pass = {
  filter: {
    expression: '#status = :received AND #level >= :top AND attribute_not_exists(escalateAt)',
    names: { '#status': 'status', '#level': 'level' },
    values: { ':received': 'received', ':top': TOP_LEVEL },
  },
  update: () => ({ UpdateExpression: 'SET escalateAt = :never, dueQueue = :due', ExpressionAttributeValues: { ':never': AT_TOP, ':due': DUE_QUEUE } }),
};

/**
 * A received case with an acknowledgement time: reported up or reopened by a version that kept the
 * earlier acknowledgement. It becomes the holding's (`heldAckAt`, where the figures have it already),
 * and the case waits for whoever holds it now to acknowledge afresh.
 */
const CLEAR_EARLIER_ACKNOWLEDGEMENTS: Pass = {
  filter: { expression: '#status = :received AND attribute_exists(ackAt)', names: { '#status': 'status' }, values: { ':received': 'received' } },
  update: () => ({ UpdateExpression: 'SET heldAckAt = if_not_exists(heldAckAt, ackAt) REMOVE ackAt' }),
};

/** Open case items without the inbox index's keys get them (the conditions keep a second run from changing anything). */
const INDEX_OPEN_CASES: Pass = {
  filter: { expression: '#status <> :resolved AND attribute_not_exists(openSort)', names: { '#status': 'status' }, values: { ':resolved': 'resolved' } },
  update: (item) => ({ UpdateExpression: 'SET openVillage = villageId, openSort = :sort', ExpressionAttributeValues: { ':sort': openSort({ urgent: item.urgent === true, createdAt: String(item.createdAt) }) } }),
};

async function main(argv: string[]): Promise<number> {
  const usage = 'npm run migrate:cases -- <cases-table> [--endpoint http://127.0.0.1:8000] [--dry-run]';
  const parsed = parseCommand(argv, { endpoint: { type: 'string' }, 'dry-run': { type: 'boolean' } }, usage);
  if (parsed === 2) return 2;
  const client = createDocumentClient(parsed.values.endpoint);
  try {
    const dryRun = parsed.values['dry-run'] === true;
    const out = await migrateCases(client, parsed.id, { dryRun, log: (line) => console.error(line) });
    console.log(
      `${dryRun ? 'would migrate' : 'migrated'} ${out.cases} cases: ${out.entries} timeline entries, ${out.sms} SMS items (${out.pending} still to send, which the router now sends); ${out.inbox} open cases into the officer inbox's index; ${out.atTop} unacknowledged cases at the bureau duty desk back into the overdue list; ${out.ackCleared} cases awaiting acknowledgement without an earlier one beside it`,
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
