/**
 * Case routing: every new case written to the cases table reaches `functions/handlers/route-case.ts`
 * through the table's DynamoDB stream, and the handler texts the officer (and assistant, and
 * joint-defence contacts) by SMS.
 *
 * Delivery guarantees: the handler reports partial batch failures, so only failed records are
 * retried; a failing batch is split to isolate a poison record; after `retryAttempts` the batch's
 * metadata (shard, sequence numbers — not the records) goes to an encrypted SQS queue, from which an
 * operator can re-read the records while the stream still holds them (24 hours). Duplicate
 * deliveries are harmless: the handler claims each notification before sending it.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CASES_TABLE, ROSTER_TABLE, keys } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

export interface CaseRoutingProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * SMS sender id, where the destination country supports one (not mainland China).
   * @default - none
   */
  readonly smsSenderId?: string;
  /**
   * Stream records per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Retries of a failing batch (after splitting it) before its metadata goes to the dead-letter queue.
   * @default 5
   */
  readonly retryAttempts?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
}

export class CaseRouting extends Construct {
  readonly handler: CunjingFunction;
  /** Receives the metadata of stream batches that exhausted their retries. */
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: CaseRoutingProps) {
    super(scope, id);
    const cases = props.data.table(CASES_TABLE);

    this.handler = new CunjingFunction(this, 'Handler', {
      entry: 'functions/handlers/route-case.ts',
      serviceName: `${props.prefix}-route-case`,
      description: `${props.prefix}: routes new cases to officers by SMS`,
      environment: props.environment,
      timeout: props.timeout ?? Duration.seconds(30),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
    })
      .useTable(cases, CASES_TABLE, 'readWrite')
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read')
      .useSms({ senderId: props.smsSenderId });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // The filter spells the case item's sort key through the store's own key builder.
    const sortKey = CASES_TABLE.sortKey?.name;
    if (!sortKey) throw new Error('the cases table definition has no sort key to filter case items on');
    const caseItem = keys.case('filter');
    this.eventSource = new DynamoEventSource(cases, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 10,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Only new case items invoke the function: idempotency records, counters and later updates
      // of a case are dropped by Lambda before any invocation.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { [sortKey]: { S: lambda.FilterRule.isEqual(caseItem.sk) } } },
        }),
      ],
    });
    this.handler.function.addEventSource(this.eventSource);
  }
}
