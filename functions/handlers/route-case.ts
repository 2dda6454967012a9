/**
 * DynamoDB Streams handler that sends every SMS a case calls for and records each on the case: the
 * routing of a new case (INSERT, which also counts it in the monthly counters), and the SMS a later change left pending (MODIFY with `pendingSms`:
 * an escalation, a transfer, a tipster's answer, a resident update). AWS invokes it from the cases
 * table's stream; the local stack's poller feeds it DynamoDB Local's stream. A record whose sends
 * failed is reported back as a batch item failure, so the stream delivers it again; recipients
 * already sent to are skipped on that redelivery.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../config.ts';
import type { CaseRecord } from '../domain/case.ts';
import { countNewCase } from '../domain/counters.ts';
import { routeCase, sendPending, type MessagingDeps, type SendOutcome } from '../domain/messaging.ts';
import type { CounterStore } from '../domain/ports.ts';
import { DynamoLinkStore, fromItem } from '../store/cases.ts';
import { cases, clock, counters, county, logger } from './runtime.ts';
import { SMS_FAILED_LOG_MESSAGE } from './log-messages.ts';
import { loadLinkSecret } from './secrets.ts';
import { smsSenderFromEnv } from './sms.ts';

export class SendFailedError extends Error {
  override readonly name = 'SendFailedError';
}

/** What a stream record asks of this handler: route a new case, send pending SMS, or nothing. */
export function workOf(record: DynamoDBRecord): { kind: 'new'; record: CaseRecord } | { kind: 'pending'; record: CaseRecord; ids: string[] } | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || image.sk?.S !== 'CASE') return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (record.eventName === 'INSERT') return { kind: 'new', record: fromItem(item) };
  const pending = item.pendingSms as Set<string> | undefined;
  if (record.eventName === 'MODIFY' && pending && pending.size > 0) return { kind: 'pending', record: fromItem(item), ids: [...pending] };
  return undefined;
}

export function createRouteCaseHandler(deps: MessagingDeps & { readonly counters: CounterStore }, log: Pick<typeof logger, 'info' | 'warn' | 'error'> = logger) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (streamRecord: DynamoDBRecord): Promise<void> => {
    let outcome: SendOutcome;
    let caseNumber: string;
    try {
      const work = workOf(streamRecord);
      if (!work) return;
      caseNumber = work.record.caseNumber;
      // Counted before it is routed, once however often the record comes (the submission has no room for it).
      if (work.kind === 'new') await countNewCase(deps.counters, work.record);
      outcome = work.kind === 'new' ? await routeCase(deps, work.record) : await sendPending(deps, work.record, work.ids);
    } catch (error) {
      log.error('sending failed; the record will be delivered again', { sequenceNumber: streamRecord.dynamodb?.SequenceNumber, error: error as Error });
      throw error;
    }
    log.info('case SMS sent', { caseNumber, ...outcome });
    if (outcome.gaveUp > 0) log.error('SMS failed for the last time; recorded on the case', { caseNumber, gaveUp: outcome.gaveUp });
    if (outcome.failed > 0) {
      log.warn(SMS_FAILED_LOG_MESSAGE, { caseNumber, failed: outcome.failed });
      throw new SendFailedError(`${outcome.failed} SMS for ${caseNumber} failed`);
    }
  };
  return (event: DynamoDBStreamEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = createRouteCaseHandler({
  cases,
  counters,
  links: new DynamoLinkStore(cases),
  county,
  clock,
  sms: smsSenderFromEnv(),
  linkSecret: await loadLinkSecret(),
  publicUrl: requireEnv('PUBLIC_URL').replace(/\/+$/, ''),
});
