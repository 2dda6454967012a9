/**
 * DynamoDB Streams handler: for each new case, send the SMS routing names and record each on the
 * case. AWS invokes it from the cases table's stream; the local stack's poller feeds it DynamoDB
 * Local's stream. A record whose sends failed is reported back as a batch item failure, so the
 * stream delivers it again; recipients already sent to are skipped on that redelivery.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { CaseRecord } from '../domain/case.ts';
import { routeCase, type RouterDeps } from '../domain/service.ts';
import { cases, clock, county, logger } from './runtime.ts';
import { smsSenderFromEnv } from './sms.ts';

export class SendFailedError extends Error {
  override readonly name = 'SendFailedError';
}

/** A case item's first appearance on the stream: the only event that starts routing. */
export function newCaseOf(record: DynamoDBRecord): CaseRecord | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.sk?.S !== 'CASE') return undefined;
  const { pk: _pk, sk: _sk, dueQueue: _due, ...item } = unmarshall(image as Record<string, AttributeValue>);
  return item as CaseRecord;
}

export function createRouteCaseHandler(deps: RouterDeps, log: Pick<typeof logger, 'info' | 'warn' | 'error'> = logger) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const routeRecord = async (record: DynamoDBRecord): Promise<void> => {
    let outcome;
    let newCase;
    try {
      newCase = newCaseOf(record);
      if (!newCase) return;
      outcome = await routeCase(deps, newCase);
    } catch (error) {
      log.error('routing failed; the record will be delivered again', { sequenceNumber: record.dynamodb?.SequenceNumber, error: error as Error });
      throw error;
    }
    log.info('case routed', { caseNumber: newCase.caseNumber, kind: newCase.kind, ...outcome });
    if (outcome.failed > 0) {
      log.warn('SMS failed; the record will be delivered again', { caseNumber: newCase.caseNumber, failed: outcome.failed });
      throw new SendFailedError(`${outcome.failed} SMS for ${newCase.caseNumber} failed`);
    }
  };
  return (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, routeRecord, processor, { context, throwOnFullBatchFailure: false });
}

export const handler = createRouteCaseHandler({ cases, county, clock, sms: smsSenderFromEnv() });
