/**
 * The site publisher (functions/jobs/publish-site.ts): renders the static public pages again from
 * the roster table whenever it changes and writes them into the site's bucket, so what bureau staff
 * edit in the console reaches residents (within the site's 5-minute cache) without a rebuild.
 *
 * Two triggers:
 *  - The roster table's stream, filtered to a county's CURRENT pointer (every save writes it last:
 *    the console, an import, the deploy's seed). Lambda's filter drops every other record; the same
 *    patterns drive the local stack's poller (functions/store/stream-filter.ts).
 *  - Once after every deploy that copied the build's pages (the BucketDeployment overwrites the
 *    published pages with the county file's, and prunes a village the console added): a custom
 *    resource that depends on the files' deployment and on the roster seed, and whose properties
 *    change with the deployed files and the county file, so CloudFormation calls it again each time.
 *    A deploy therefore never leaves the console's edits overwritten.
 */
import { CustomResource, Duration, Fn, type RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { PUBLISHER_PATTERNS } from '../../functions/store/stream-filter.ts';
import { ROSTER_TABLE } from '../../functions/store/tables.ts';
import { VILLAGE_FOLDERS } from '../../functions/ui/site-keys.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';
import type { RosterSeed } from './roster-seed.ts';

export interface SitePublisherProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /** The site's bucket, where the pages are served from. */
  readonly bucket: s3.IBucket;
  /** Origin of the public site (`https://…`, no trailing slash): the posters' QR codes point at it. */
  readonly publicUrl: string;
  /** The deployment of the build's files: the publisher runs after it, each time it copies them. */
  readonly deployment: s3deploy.BucketDeployment;
  /** The roster seed: the publisher runs after it, each time the county file changes. */
  readonly rosterSeed: RosterSeed;
  /** Write each page under its directory keys too (the China site: china-site.ts). @default false */
  readonly directoryKeys?: boolean;
  /** What else must be done before the publisher runs after a deploy (the China site's directory keys). @default - nothing */
  readonly after?: readonly IConstruct[];
  /** @default Duration.minutes(2) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
}

export class SitePublisher extends Construct {
  readonly handler: CunjingFunction;
  readonly eventSource: DynamoEventSource;
  /** Runs the publisher once after every deploy of the site's files or the county file. */
  readonly afterDeploy: CustomResource;

  constructor(scope: Construct, id: string, props: SitePublisherProps) {
    super(scope, id);
    const roster = props.data.table(ROSTER_TABLE);

    this.handler = new CunjingFunction(this, 'Handler', {
      entry: 'functions/handlers/publish-site.ts',
      serviceName: `${props.prefix}-publish-site`,
      description: `${props.prefix}: renders the public pages again from the roster when it changes`,
      environment: { ...props.environment, PUBLIC_URL: props.publicUrl },
      memorySize: 512,
      timeout: props.timeout ?? Duration.minutes(2),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
    })
      .useTable(roster, ROSTER_TABLE, 'read')
      .useSite(props.bucket, { villageFolders: VILLAGE_FOLDERS, directoryKeys: props.directoryKeys });

    this.eventSource = new DynamoEventSource(roster, {
      // A publish reads the roster as it is now: only saves after the function exists matter.
      startingPosition: lambda.StartingPosition.LATEST,
      // One publish for a burst of saves (an import, edits in a row).
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 3,
      filters: PUBLISHER_PATTERNS.map((pattern) => lambda.FilterCriteria.filter(pattern as Record<string, unknown>)),
    });
    this.handler.function.addEventSource(this.eventSource);

    this.afterDeploy = new CustomResource(this, 'AfterDeploy', {
      serviceToken: this.handler.function.functionArn,
      resourceType: 'Custom::CunjingSitePublish',
      properties: { SiteVersion: Fn.join(',', props.deployment.objectKeys), RosterKey: props.rosterSeed.asset.s3ObjectKey },
    });
    this.afterDeploy.node.addDependency(props.deployment, props.rosterSeed.resource, ...(props.after ?? []));
  }
}
