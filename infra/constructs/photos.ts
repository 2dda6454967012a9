/**
 * Residents' photos: a private, encrypted bucket and the function that makes each upload safe to
 * show (functions/handlers/photos.ts: re-encoded without metadata, previewed, attached to its case,
 * original deleted), invoked by the bucket's "object created" events under `incoming/`.
 *
 *  - Bucket: all public access blocked, owner-enforced objects, SSE-S3, TLS only. Browsers upload
 *    with a presigned POST (CORS allows POST from the site's origin); nobody reads without a
 *    signed URL. Lifecycle: an original nobody processed is gone after a day (so are unfinished
 *    multipart uploads); processed photos are kept `photoRetention`.
 *  - Function: Node.js 24 on arm64 with sharp's linux-arm64 binaries copied next to the bundle
 *    (scripts/sharp-arm64.ts installs them once from the npm registry; synth needs no Docker), 1 GB
 *    of memory for libvips, 60 s; it may read and delete `incoming/`, write `photos/`, and update
 *    cases, nothing else.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { INCOMING_PREFIX } from '../../functions/domain/photos.ts';
import { CASES_TABLE } from '../../functions/store/tables.ts';
import { PROJECT_ROOT } from '../project.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';
import { privateBucketProps } from './private-bucket.ts';

/** Left out of the photos function's bundle (a native module) and put next to it with its arm64 build. */
export const PHOTOS_EXTERNAL_MODULES = ['sharp'] as const;

export interface PhotosProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Origins whose pages may POST uploads to the bucket. @default ['*'] */
  readonly uploadOrigins?: readonly string[];
  /** How long processed photos are kept. @default Duration.days(730) */
  readonly photoRetention?: Duration;
  /**
   * A real county's bucket survives the stack; a throw-away stack empties and deletes it.
   * @default true
   */
  readonly production?: boolean;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
}

/** The shell commands that copy sharp for linux-arm64 into a bundle's folder (after esbuild). */
export function copySharpArm64(outputDir: string): string[] {
  return [`"${process.execPath}" --experimental-strip-types --disable-warning=ExperimentalWarning "${PROJECT_ROOT}scripts/sharp-arm64.ts" --into "${outputDir}"`];
}

export class Photos extends Construct {
  readonly bucket: s3.Bucket;
  readonly processor: CunjingFunction;

  constructor(scope: Construct, id: string, props: PhotosProps) {
    super(scope, id);
    const production = props.production ?? true;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(production),
      cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins: [...(props.uploadOrigins ?? ['*'])], allowedHeaders: ['*'], maxAge: 600 }],
      lifecycleRules: [
        { id: 'unprocessed-uploads', prefix: INCOMING_PREFIX, expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'photos', prefix: 'photos/', expiration: props.photoRetention ?? Duration.days(730) },
      ],
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      { id: 'AwsSolutions-S1', reason: 'Objects are written by presigned uploads and the photos function and read by signed URLs; the functions log every photo they handle' },
    ]);

    this.processor = new CunjingFunction(this, 'Processor', {
      entry: 'functions/handlers/photos.ts',
      serviceName: `${props.prefix}-photos`,
      description: `${props.prefix}: re-encodes residents' photos without metadata and attaches them to their cases`,
      environment: props.environment,
      memorySize: 1024,
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
      bundling: {
        externalModules: [...PHOTOS_EXTERNAL_MODULES],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => copySharpArm64(outputDir),
        },
      },
    })
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      .usePhotos(this.bucket, 'process');
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.processor.function), { prefix: INCOMING_PREFIX });

    // CDK's bucket-notification helper lives at the stack's root and runs during deploys only.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler')) {
        NagSuppressions.addResourceSuppressions(
          child,
          [
            { id: 'AwsSolutions-IAM4', reason: 'CDK’s own deploy-time helper that sets the bucket’s event notifications: its basic execution role is CDK’s' },
            { id: 'AwsSolutions-IAM5', reason: 'CDK’s own deploy-time helper: s3:PutBucketNotification as CDK grants it' },
          ],
          true,
        );
      }
    }
  }
}
