/**
 * Case messaging: the cases table's DynamoDB stream invokes `functions/handlers/route-case.ts` for
 * every new case (it texts the officer, and assistant, and joint-defence contacts) and for every
 * later change of a case that left SMS pending (`pendingSms`: an escalation, a transfer, ...).
 * Everything else on the stream (idempotency records, counters, links, other case updates) is
 * dropped by Lambda's event filter before any invocation, and costs nothing. Sending SMS is granted
 * by the sms construct (see sms.ts), not here.
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
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CASES_TABLE, ROSTER_TABLE, keys } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

/**
 * The case item's set of SMS ids a change left to send. The store writes it with `ADD` of a string
 * set (DynamoDB type `SS`) and removes each id once sent; an empty set is no attribute at all.
 */
export const PENDING_SMS = { name: 'pendingSms', type: 'SS' } as const;

export interface CaseRoutingProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /** The key that signs the officers' one-tap links put in SMS. */
  readonly linkSecret: secretsmanager.ISecret;
  /** Origin of the public site (`https://…`, no trailing slash): officers' links in SMS start with it. */
  readonly publicUrl: string;
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
      description: `${props.prefix}: sends the SMS that new and changed cases call for`,
      environment: { ...props.environment, PUBLIC_URL: props.publicUrl },
      timeout: props.timeout ?? Duration.seconds(30),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
    })
      .useTable(cases, CASES_TABLE, 'readWrite')
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read')
      .useSecret('LINK_SECRET_ARN', props.linkSecret);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter destination of the stream event source' },
    ]);

    // The filters spell the case item's sort key through the store's own key builder.
    const sortKey = CASES_TABLE.sortKey?.name;
    if (!sortKey) throw new Error('the cases table definition has no sort key to filter case items on');
    const caseItem = { [sortKey]: { S: lambda.FilterRule.isEqual(keys.case('filter').sk) } };
    this.eventSource = new DynamoEventSource(cases, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 10,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Lambda ORs the filters. `exists` only matches a leaf, hence the attribute's type key.
      filters: [
        // A new case: route it.
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: caseItem },
        }),
        // A changed case with SMS left to send.
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('MODIFY'),
          dynamodb: {
            Keys: caseItem,
            NewImage: { [PENDING_SMS.name]: { [PENDING_SMS.type]: lambda.FilterRule.exists() } },
          },
        }),
      ],
    });
    this.handler.function.addEventSource(this.eventSource);
  }
}
