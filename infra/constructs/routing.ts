/**
 * Case messaging: the cases table's DynamoDB stream invokes `functions/handlers/route-case.ts` for
 * every new case (it texts the officer, and assistant, and joint-defence contacts) and for every new
 * pending SMS item a later change wrote (an escalation, a transfer, ...). Everything else on the
 * stream (case updates, timeline entries, settled SMS, idempotency records, links) is dropped by
 * Lambda's event filter before any invocation, and costs nothing; the filter's patterns are defined
 * once in functions/store/stream-filter.ts, which the local stream poller applies too. Sending SMS
 * is granted by the sms construct (see sms.ts), not here.
 *
 * Keeping up: a batch's records are sent in parallel (at most ROUTER_CONCURRENCY at once, in the
 * handler), and up to `parallelizationFactor` batches of one shard run at once; Lambda keeps the
 * records of one partition key (one case) in order across them. With the defaults a shard has up to
 * 5 × 10 sends in flight: at ~200 ms per SNS publish that is ~250 SMS/s per shard, above 100
 * submissions/s × ~1.8 SMS each, while a batch of 20 still finishes in ~2 sends' time. No batching
 * window: an SMS leaves as soon as its record arrives. SNS's own SMS rate (an account quota) is the
 * ceiling beyond that.
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
import { ROUTER_PATTERNS } from '../../functions/store/stream-filter.ts';
import { CASES_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

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
   * Stream records per invocation: small enough that a batch finishes within about two sends'
   * time at the handler's concurrency, so one slow batch holds few SMS back.
   * @default 20
   */
  readonly batchSize?: number;
  /**
   * Batches of one shard processed at once (1–10); order is kept per case.
   * @default 5
   */
  readonly parallelizationFactor?: number;
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

    this.eventSource = new DynamoEventSource(cases, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 20,
      parallelizationFactor: props.parallelizationFactor ?? 5,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Lambda ORs the patterns: the same ones the local poller applies.
      filters: ROUTER_PATTERNS.map((pattern) => lambda.FilterCriteria.filter(pattern as Record<string, unknown>)),
    });
    this.handler.function.addEventSource(this.eventSource);
  }
}
