/**
 * DynamoDB Streams handler that sends every SMS a case calls for and records each on the case: the
 * routing of a new case (the case item's INSERT, which also counts it in the monthly counters), and each new pending SMS item a later change wrote
 * (an escalation, a transfer, a tipster's answer, a resident update). Nothing else reaches it: the
 * event filter (functions/store/stream-filter.ts) drops every other record. AWS invokes it from the
 * cases table's stream; the local stack's poller feeds it DynamoDB Local's stream. Records of a batch
 * are worked on in parallel, at most ROUTER_CONCURRENCY at once. A record whose sends failed is
 * reported back as a batch item failure, so the stream delivers it again (with its own backoff);
 * recipients already sent to are skipped on that redelivery.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import pLimit from 'p-limit';
import type { CaseRecord } from '../domain/case.ts';
import { countNewCase } from '../domain/counters.ts';
import { routeCase, sendSmsItem, type MessagingDeps, type SendOutcome } from '../domain/messaging.ts';
import type { PlannedSms } from '../domain/routing.ts';
import { fromItem, smsFromItem } from '../store/case-items.ts';
import { SK_PREFIX } from '../store/tables.ts';
import type { CounterStore } from '../domain/ports.ts';
import { required, type Runtime } from '../runtime.ts';
import { loadLinkSecret } from '../runtime/secrets.ts';
import { gatedSms } from '../runtime/sms.ts';
import { SMS_FAILED_LOG_MESSAGE } from './log-messages.ts';

export class SendFailedError extends Error {
  override readonly name = 'SendFailedError';
}

/** Records of one batch worked on at once, unless the settings say otherwise. */
export const ROUTER_CONCURRENCY = 10;

type Log = Pick<Runtime['logger'], 'info' | 'warn' | 'error'>;

/** What a stream record asks of this handler: route a new case, send a new SMS item, or nothing. */
export function workOf(record: DynamoDBRecord): { kind: 'new'; record: CaseRecord } | { kind: 'sms'; caseNumber: string; sms: PlannedSms } | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName !== 'INSERT') return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.sk === 'CASE') return { kind: 'new', record: fromItem(item) };
  if (typeof item.sk === 'string' && item.sk.startsWith(SK_PREFIX.sms) && item.status === 'pending') {
    const { caseNumber, id, role, message, to, name, level, text } = smsFromItem(item);
    return { kind: 'sms', caseNumber, sms: { id, role, message, to, ...(name && { name }), ...(level && { level }), ...(text && { text }) } };
  }
  return undefined;
}

export function createRouteCaseHandler(deps: MessagingDeps & { readonly counters: CounterStore }, log: Log, concurrency = ROUTER_CONCURRENCY) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  // Powertools works on a batch's records in parallel; this bounds how many at once.
  const limit = pLimit(concurrency);
  const handleRecord = (streamRecord: DynamoDBRecord): Promise<void> => limit(() => work(streamRecord));
  const work = async (streamRecord: DynamoDBRecord): Promise<void> => {
    let outcome: SendOutcome;
    let caseNumber: string;
    try {
      const work = workOf(streamRecord);
      if (!work) return;
      caseNumber = work.kind === 'new' ? work.record.caseNumber : work.caseNumber;
      // Counted before it is routed, once however often the record comes (the submission has no room for it).
      if (work.kind === 'new') await countNewCase(deps.counters, work.record);
      outcome = work.kind === 'new' ? await routeCase(deps, work.record) : await sendSmsItem(deps, work.caseNumber, work.sms);
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

/** The route-case function as its runtime wires it: the gated SMS sender, the link key, the public address. */
export async function routeCaseHandler(runtime: Runtime) {
  const { settings } = runtime;
  return createRouteCaseHandler(
    {
      ...runtime,
      sms: gatedSms(runtime),
      linkSecret: await loadLinkSecret(settings),
      publicUrl: required(settings.publicUrl, 'PUBLIC_URL'),
    },
    runtime.logger,
    settings.routerConcurrency,
  );
}
