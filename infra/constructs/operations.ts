/**
 * Operations: the county's alarm topic (emailed to `ops.alarmEmail` from the county file) and the
 * alarms that should wake someone:
 *
 * - a function failed (api, route-case, escalate): Lambda `Errors` >= 1 in 5 minutes;
 * - SMS are not getting out: the stream iterator is more than 5 minutes behind, a stream batch
 *   reached the dead-letter queue, or a send failed (`SmsFailed`, from route-case's logs);
 * - SMS spend this month reached 80% of the county's budget (when the county file states one);
 * - the API answered 5xx (API Gateway's `5xx`). CloudFront's own error rate lives in us-east-1 only,
 *   where an alarm in the county's region cannot read it.
 *
 * Every alarm also sends its OK, so the inbox shows when it is over. Missing data is not breaching:
 * a quiet county is a healthy one. Each standard alarm costs $0.10 a month.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CunjingFunction } from './function.ts';
import type { SmsSending } from './sms.ts';

/** Period over which each alarm looks. */
export const ALARM_PERIOD = Duration.minutes(5);

/** How far behind the cases stream route-case may fall before it alarms. */
export const MAX_ITERATOR_AGE = Duration.minutes(5);

export interface OperationsProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`: every alarm name starts with it. */
  readonly prefix: string;
  /**
   * Email address subscribed to the alarm topic.
   * @default - no subscription (subscribe by hand)
   */
  readonly alarmEmail?: string;
  /** Functions whose errors alarm, by a short name used in the alarm name. */
  readonly functions: Readonly<Record<string, CunjingFunction>>;
  /** The stream-driven function whose iterator age alarms. */
  readonly streamConsumer: CunjingFunction;
  /** The queue that receives failed stream batches. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly sms: SmsSending;
  readonly httpApi: apigwv2.IHttpApi;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  /** The alarms by short name, e.g. `api-errors`. */
  readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);

    // Not encrypted at rest: alarm notices carry no personal data, and CloudWatch can publish to an
    // encrypted topic only with a customer managed key, $1 a month for nothing.
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.prefix}-alarms`,
      displayName: `Cunjing ${props.prefix} alarms`,
      enforceSSL: true,
    });
    // The topic has a policy of its own (SSL only), which replaces SNS's default one: CloudWatch must
    // be allowed to publish explicitly, for this account's alarms of this county only.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisCountysAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${props.prefix}-*` },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alarms: Record<string, cloudwatch.Alarm> = {};
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, pascal(name), {
        alarmName: `${props.prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      alarms[name] = created;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}-errors`,
        fn.function.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        1,
        `The ${name} function failed (see its log group ${fn.logGroup.logGroupName})`,
      );
    }
    alarm(
      'stream-behind',
      props.streamConsumer.function.metric('IteratorAge', { period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      MAX_ITERATOR_AGE.toMilliseconds(),
      `Case SMS are more than ${MAX_ITERATOR_AGE.toMinutes()} minutes behind the cases stream`,
    );
    alarm(
      'dead-letters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      1,
      'A batch of case SMS failed every retry: re-read it from the stream within 24 hours (docs/deploy.md)',
    );
    alarm('sms-failed', props.sms.failedSends, 1, 'An SMS could not be sent (it is retried; see the route-case logs)');
    alarm('sms-budget', props.sms.withheldByBudget, 1, 'The county\'s monthly SMS budget is spent: non-urgent SMS are withheld (cases still arrive in the console); urgent help and sign-in codes use the reserved share');
    if (props.sms.spendAlarmThresholdUsd !== undefined) {
      alarm(
        'sms-spend',
        props.sms.monthToDateSpend.with({ period: Duration.hours(1) }),
        props.sms.spendAlarmThresholdUsd,
        `The account's SMS spend this month reached $${props.sms.spendAlarmThresholdUsd} (80% of this county's budget); SNS stops sending at the account's MonthlySpendLimit`,
      );
    }
    alarm(
      'api-5xx',
      props.httpApi.metricServerError({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
      1,
      'The API answered with a server error (5xx)',
    );
    this.alarms = alarms;
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
