/**
 * Loads the county file into the roster table at every deploy (see infra/handlers/roster-sync.ts):
 * the handlers read stations, villages and officers from that table, never from the file. A changed
 * county file changes the custom resource's properties, so the next deploy updates the roster.
 */
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { County } from '../../functions/domain/county.ts';
import { ROSTER_TABLE } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction } from './function.ts';

export interface RosterSeedProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** The validated county file. */
  readonly county: County;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class RosterSeed extends Construct {
  readonly handler: CunjingFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: RosterSeedProps) {
    super(scope, id);
    this.handler = new CunjingFunction(this, 'Handler', {
      entry: 'infra/handlers/seed-roster.ts',
      serviceName: `${props.prefix}-seed-roster`,
      description: `${props.prefix}: loads the county file into the roster table (deploy time only)`,
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
    }).useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'readWrite');

    this.resource = new CustomResource(this, 'Roster', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::CunjingRoster',
      properties: { County: JSON.stringify(props.county) },
    });
  }
}
