/**
 * Escalation: EventBridge Scheduler invokes `functions/handlers/escalate.ts` every minute; it moves
 * each case nobody acknowledged within its SLA one level up the chain and writes that level's SMS
 * onto the case (route-case sends it from the stream). The escalate function sends nothing itself.
 *
 * A missed or failed run is not retried: the next run, a minute later, finds the same due cases (the
 * byDue index), so a retry would only overlap it. Lambda's own async retries are off for the same
 * reason, and the function's timeout stays under the interval. Errors reach the operations alarms.
 */
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CASES_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

/** How often escalation runs, in minutes. SLAs are whole minutes, so one is the finest that helps. */
export const ESCALATION_INTERVAL_MINUTES = 1;

export interface EscalationScheduleProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where the village digests (SMS circuit breaker) point officers: the site. */
  readonly publicUrl: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
}

export class EscalationSchedule extends Construct {
  readonly handler: CunjingFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: EscalationScheduleProps) {
    super(scope, id);
    const interval = Duration.minutes(ESCALATION_INTERVAL_MINUTES);

    this.handler = new CunjingFunction(this, 'Handler', {
      entry: 'functions/handlers/escalate.ts',
      serviceName: `${props.prefix}-escalate`,
      description: `${props.prefix}: escalates cases not acknowledged within their SLA, and sends the village digests`,
      environment: { ...props.environment, PUBLIC_URL: props.publicUrl },
      // Finish before the next run starts.
      timeout: Duration.seconds(ESCALATION_INTERVAL_MINUTES * 60 - 10),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
    })
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read');
    this.handler.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.seconds(60) });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: `${props.prefix}-escalate`,
      description: `${props.prefix}: runs escalation every ${ESCALATION_INTERVAL_MINUTES} minute(s)`,
      schedule: scheduler.ScheduleExpression.rate(interval),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(this.handler.function, {
        retryAttempts: 0,
        maxEventAge: Duration.seconds(60),
      }),
    });

    // LambdaInvoke makes its role at the stack's root (one per target account), not in here.
    const roles = Stack.of(this).node.children.filter((child) => child.node.id.startsWith('SchedulerRoleForTarget'));
    if (roles.length === 0) throw new Error(`${this.node.path}: the scheduler's role was not found at the stack's root`);
    NagSuppressions.addResourceSuppressions(
      roles,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'The scheduler role may invoke the escalate function and its versions ("<arn>:*"), nothing else',
          appliesTo: [{ regex: '/^Resource::<.*\\.Arn>:\\*$/g' }],
        },
      ],
      true,
    );
  }
}
