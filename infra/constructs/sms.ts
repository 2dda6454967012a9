/**
 * SMS through Amazon SNS, straight to phone numbers (no topics), or through the county's domestic
 * provider (Alibaba Cloud SMS, Tencent Cloud SMS: county file `sms.provider`).
 *
 * - Domestic provider: its credentials live in one Secrets Manager secret made here (the operator puts
 *   the JSON value in after the deploy: `{"accessKeyId","accessKeySecret"}` for aliyun,
 *   `{"secretId","secretKey"}` for tencent); only the functions that send may read it, and they get
 *   no SNS permission. SNS's account spend metric does not apply; the SMS gate's own monthly counter
 *   still stops non-urgent SMS before the county's budget.
 *
 * - Permission: `sns:Publish` for the functions that send and for no other: route-case sends every
 *   case SMS; the admin function sends only sign-in codes (a failure there is a 5xx, alarmed as
 *   such); the public api and escalate write SMS intents onto the case and never publish.
 * - Message type and sender id: set per message by the SNS adapter (`functions/notify/sns.ts`):
 *   `AWS.SNS.SMS.SMSType = Transactional` always, `AWS.SNS.SMS.SenderID` where the county file
 *   sets `sms.senderId` (not for mainland China, where sender ids are not supported).
 * - Spend: SNS caps SMS spend per account and region (`MonthlySpendLimit`, $1 on a new account,
 *   raised by a quota case). That setting is account-wide: several counties in one account share
 *   it, so the stack never writes it (one county's deploy would overwrite another's). Each county
 *   instead states its budget (`sms.monthlySpendLimitUsd`) and gets an alarm at 80% of it on the
 *   account's `SMSMonthToDateSpentUSD`. docs/deploy.md explains the account-level setting.
 * - Failures: the route-case function logs each failed send with a structured line; a metric filter
 *   turns those lines into this county's `SmsFailed` metric, alarmed by the operations construct.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { SMS_FAILED_LOG_MESSAGE } from '../../functions/jobs/log-messages.ts';
import { SMS_BUDGET_LOG_MESSAGE } from '../../functions/domain/sms-gate.ts';
import type { SmsProvider } from '../../functions/domain/sms-types.ts';
import type { CunjingFunction } from './function.ts';

export { SMS_FAILED_LOG_MESSAGE };

/** Share of the county's monthly SMS budget at which the spend alarm goes off. */
export const SMS_SPEND_ALARM_SHARE = 0.8;

export interface SmsSendingProps {
  /** Functions that publish SMS. */
  readonly senders: readonly CunjingFunction[];
  /**
   * Senders whose logs carry the structured failed-send line the `SmsFailed` metric counts.
   * @default - all senders
   */
  readonly failureLogs?: readonly CunjingFunction[];
  /**
   * Alphanumeric sender id, where the destination country supports one.
   * @default - none
   */
  readonly senderId?: string;
  /**
   * The county's SMS budget in USD per month.
   * @default - no spend alarm
   */
  readonly monthlySpendLimitUsd?: number;
  /** @default 'Cunjing' */
  readonly metricsNamespace?: string;
  /**
   * Who sends: Amazon SNS or a domestic provider with its settings from the county file.
   * @default - { provider: 'sns' }
   */
  readonly provider?: {
    readonly provider: SmsProvider;
    readonly signName?: string | undefined;
    readonly sdkAppId?: string | undefined;
    readonly region?: string | undefined;
    readonly locale?: string | undefined;
  };
  /** Resource name prefix of the deployment, e.g. `cunjing-demo` (names the credentials secret). @default - generated name */
  readonly prefix?: string;
}

export class SmsSending extends Construct {
  /**
   * Failed sends of this county (from the senders' logs), summed per period. The metric's `service`
   * dimension is the sender's Powertools service name, which carries the county prefix, so counties
   * sharing an account never add up.
   */
  readonly failedSends: cloudwatch.IMetric;
  /** SMS the gate withheld because the county's monthly budget (or its non-urgent share) was spent. */
  readonly withheldByBudget: cloudwatch.IMetric;
  /** The account's SMS spend this month in USD (every county in the account and region). */
  readonly monthToDateSpend: cloudwatch.Metric;
  /** The spend at which to alarm, if the county file states a budget (SNS only). */
  readonly spendAlarmThresholdUsd: number | undefined;
  /** A domestic provider's credentials: the operator sets the value after the first deploy. */
  readonly providerCredentials: secretsmanager.Secret | undefined;

  constructor(scope: Construct, id: string, props: SmsSendingProps) {
    super(scope, id);
    if (props.senders.length === 0) throw new Error(`${this.node.path}: no function sends SMS`);
    const namespace = props.metricsNamespace ?? 'Cunjing';

    const provider = props.provider?.provider ?? 'sns';
    if (provider === 'sns') {
      this.providerCredentials = undefined;
      for (const sender of props.senders) sender.useSms({ senderId: props.senderId });
    } else {
      const shape = provider === 'aliyun' ? '{"accessKeyId": "…", "accessKeySecret": "…"}' : '{"secretId": "…", "secretKey": "…"}';
      this.providerCredentials = new secretsmanager.Secret(this, 'ProviderCredentials', {
        ...(props.prefix && { secretName: `${props.prefix}/sms-provider` }),
        description: `${props.prefix ?? 'Cunjing'}: ${provider} SMS credentials, JSON ${shape} (set after the deploy)`,
      });
      NagSuppressions.addResourceSuppressions(this.providerCredentials, [
        { id: 'AwsSolutions-SMG4', reason: `The ${provider} SMS key is issued in the provider's console, not by AWS: it is replaced there and put here by hand` },
      ]);
      for (const sender of props.senders) sender.useSms({ ...props.provider, provider, credentials: this.providerCredentials });
    }
    const perSender = (props.failureLogs ?? props.senders).map((sender, i) => {
      new logs.MetricFilter(this, `FailedSends${i}`, {
        logGroup: sender.logGroup,
        filterPattern: logs.FilterPattern.all(
          logs.FilterPattern.stringValue('$.level', '=', 'WARN'),
          logs.FilterPattern.stringValue('$.message', '=', SMS_FAILED_LOG_MESSAGE),
        ),
        metricNamespace: namespace,
        metricName: 'SmsFailed',
        metricValue: '$.failed',
        // Dimension values come from the log line: Powertools writes the service name into each.
        dimensions: { service: '$.service' },
        unit: cloudwatch.Unit.COUNT,
      });
      return new cloudwatch.Metric({
        namespace,
        metricName: 'SmsFailed',
        dimensionsMap: { service: sender.serviceName },
        statistic: cloudwatch.Stats.SUM,
        unit: cloudwatch.Unit.COUNT,
      });
    });
    this.failedSends =
      perSender.length === 1
        ? perSender[0]!
        : new cloudwatch.MathExpression({
            expression: perSender.map((_, i) => `m${i}`).join(' + '),
            usingMetrics: Object.fromEntries(perSender.map((metric, i) => [`m${i}`, metric])),
            label: 'SmsFailed',
          });
    // The SMS gate (functions/domain/sms-gate.ts) logs every SMS it stops for the budget.
    props.senders.forEach((sender, i) => {
      new logs.MetricFilter(this, `BudgetWithheld${i}`, {
        logGroup: sender.logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', SMS_BUDGET_LOG_MESSAGE),
        metricNamespace: namespace,
        metricName: 'SmsWithheldByBudget',
        metricValue: '$.withheld',
        unit: cloudwatch.Unit.COUNT,
      });
    });
    this.withheldByBudget = new cloudwatch.Metric({ namespace, metricName: 'SmsWithheldByBudget', statistic: cloudwatch.Stats.SUM, unit: cloudwatch.Unit.COUNT });
    this.monthToDateSpend = new cloudwatch.Metric({
      namespace: 'AWS/SNS',
      metricName: 'SMSMonthToDateSpentUSD',
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    this.spendAlarmThresholdUsd =
      props.monthlySpendLimitUsd === undefined || provider !== 'sns' ? undefined : Math.round(props.monthlySpendLimitUsd * SMS_SPEND_ALARM_SHARE * 100) / 100;
  }
}
