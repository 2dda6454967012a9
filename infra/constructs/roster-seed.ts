/**
 * Loads the county file into the roster table at deploy time (see infra/handlers/roster-sync.ts):
 * the handlers read stations, villages and officers from that table, never from the file.
 *
 * The county file, officers' phone numbers included, never appears in the template: it goes up as
 * a file asset (the CDK bootstrap bucket: encrypted at rest, private to the account) and the custom
 * resource carries only the asset's bucket and key. Only the seed function may read that object. A
 * changed county file is a new asset key, so the next deploy updates the roster (without overwriting
 * console edits: functions/domain/roster-seed.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
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
  /** The validated county file, as uploaded for the seed function. */
  readonly asset: s3assets.Asset;

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

    // The validated county (defaults filled in) as the asset's one file; its content hash names it.
    const dir = mkdtempSync(path.join(tmpdir(), 'cunjing-roster-'));
    writeFileSync(path.join(dir, 'county.json'), JSON.stringify(props.county));
    this.asset = new s3assets.Asset(this, 'CountyFile', { path: path.join(dir, 'county.json') });
    // That one object, not the whole bootstrap bucket (which holds every county's assets).
    this.handler.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.asset.bucket.arnForObjects(this.asset.s3ObjectKey)] }),
    );

    this.resource = new CustomResource(this, 'Roster', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::CunjingRoster',
      properties: { RosterBucket: this.asset.s3BucketName, RosterKey: this.asset.s3ObjectKey },
    });
  }
}
