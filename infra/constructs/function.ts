/**
 * The one way this project builds a Lambda function: Node.js 24 on arm64, an ESM bundle made by the
 * local esbuild (no Docker) with the settings in infra/bundling.ts (code splitting: rare paths in
 * chunks loaded on first use), source maps, Powertools settings, and a log group of its own with a
 * retention period. Tables, secrets and SMS are attached with methods that set the environment
 * variable and the IAM grant together, so a function never holds a table name it may not use, nor a
 * permission it has no configuration for.
 *
 * Each function has a role of its own that starts with nothing but writing to its own log group
 * (instead of the AWSLambdaBasicExecutionRole managed policy, which may write to every log group).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { bundleOptions, bundleSmsSdk, ENTRY_FILE } from '../bundling.ts';
import { TABLES, type TableDefinition } from '../../functions/store/tables.ts';
import { INCOMING_PREFIX } from '../../functions/domain/photos.ts';
import type { SmsProvider } from '../../functions/domain/sms-types.ts';
import { PROJECT_ROOT } from '../project.ts';

export type TableAccess = 'read' | 'readWrite';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * Construct-tree context naming the county's SMS provider (the county stack sets it): every function
 * is bundled for it (infra/bundling.ts: the chosen domestic provider's SDK beside the bundle, none on SNS).
 */
export const SMS_PROVIDER_CONTEXT = 'cunjing:smsProvider';

/** Environment variables owned by a method of this construct, never passed in `environment`. */
const MANAGED_VARIABLES = new Set<string>([
  ...TABLES.map((t) => t.envVar),
  'SMS_ADAPTER',
  'SITE_BUCKET',
  'SMS_SENDER_ID',
  'SMS_SECRET_ARN',
  'SMS_SIGN_NAME',
  'SMS_APP_ID',
  'SMS_REGION',
  'SMS_LOCALE',
  'LINK_SECRET_ARN',
  'PHOTOS_BUCKET',
  'ORIGIN_SECRET_ARN',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'LOG_LEVEL',
  'NODE_OPTIONS',
]);

/** How a function sends SMS (see `useSms`). */
export interface UseSmsOptions {
  /** @default 'sns' */
  readonly provider?: SmsProvider;
  /** SNS: alphanumeric sender id. @default - none */
  readonly senderId?: string | undefined;
  /** Domestic provider: the secret holding its credentials (JSON). */
  readonly credentials?: secretsmanager.ISecret;
  /** Domestic provider: the registered signature. */
  readonly signName?: string | undefined;
  /** Tencent: the SmsSdkAppId. */
  readonly sdkAppId?: string | undefined;
  /** Domestic provider: the region its client uses. @default - the provider's default */
  readonly region?: string | undefined;
  /** The county's language (the order of a Tencent template's parameters). @default 'zh-CN' */
  readonly locale?: string | undefined;
}

export interface CunjingFunctionProps {
  /** Handler entry file, relative to the repository root, e.g. `functions/handlers/api.ts`. */
  readonly entry: string;
  /**
   * Powertools service name: the `service` key of every log line and the `service` metric dimension.
   * Include the deployment prefix so counties sharing an account stay apart, e.g. `cunjing-demo-api`.
   */
  readonly serviceName: string;
  /** @default - no description */
  readonly description?: string;
  /**
   * Extra environment variables. Table, secret, SMS, Powertools and Node variables are set by this
   * construct (see `useTable`, `useSecret` and `useSms`) and are refused here.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the function is removed.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'Cunjing' */
  readonly metricsNamespace?: string;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
  /**
   * Packages left out of the bundle and the commands that put them next to it (a native module
   * such as sharp, which esbuild cannot bundle). The AWS SDK stays external whatever this says.
   * @default - everything but the AWS SDK bundled, no commands
   */
  readonly bundling?: Pick<BundlingOptions, 'externalModules' | 'commandHooks'>;
}

export class CunjingFunction extends Construct implements iam.IGrantable {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  /** The Powertools service name: the `service` key of every log line. */
  readonly serviceName: string;
  readonly grantPrincipal: iam.IPrincipal;
  /** The SMS provider whose SDK the function's asset carries beside its bundle (from the SMS_PROVIDER_CONTEXT). */
  readonly bundledSmsProvider: SmsProvider;
  readonly #tables = new Map<string, TableAccess>();
  readonly #secrets = new Set<string>();
  #sms = false;
  #photos = false;

  constructor(scope: Construct, id: string, props: CunjingFunctionProps) {
    super(scope, id);
    const refused = Object.keys(props.environment ?? {}).filter((name) => MANAGED_VARIABLES.has(name));
    if (refused.length > 0) {
      throw new Error(`${this.node.path}: ${refused.join(', ')} must not be passed in environment; use useTable/useSms or the matching prop`);
    }

    this.serviceName = props.serviceName;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: writes its own logs and uses only what is attached to it`,
    });
    this.logGroup.grantWrite(this.role);

    const smsProvider = (this.node.tryGetContext(SMS_PROVIDER_CONTEXT) as SmsProvider | undefined) ?? 'sns';
    this.bundledSmsProvider = smsProvider;
    this.function = new NodejsFunction(this, 'Function', {
      // NodejsFunction runs esbuild with --outfile, which allows no code splitting: the code is
      // bundled here with the esbuild API instead, as the bench bundles it (infra/bundling.ts).
      code: bundledCode(path.join(PROJECT_ROOT, props.entry), props.bundling, smsProvider),
      handler: `${path.basename(ENTRY_FILE, '.mjs')}.handler`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      description: props.description,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace ?? 'Cunjing',
        LOG_LEVEL: props.logLevel ?? 'INFO',
      },
    });
    this.grantPrincipal = this.function.grantPrincipal;
  }

  /**
   * Gives the function one table: its name in the definition's environment variable and the matching
   * least-privilege grant, in one call. A table can be attached once.
   */
  useTable(table: dynamodb.ITableV2, def: TableDefinition, access: TableAccess): this {
    if (this.#tables.has(def.envVar)) {
      throw new Error(`${this.node.path} already uses the ${def.name} table (${this.#tables.get(def.envVar)} access)`);
    }
    this.#tables.set(def.envVar, access);
    this.function.addEnvironment(def.envVar, table.tableName);
    if (access === 'readWrite') table.grantReadWriteData(this.function);
    else table.grantReadData(this.function);
    if (def.globalSecondaryIndexes.length > 0) {
      NagSuppressions.addResourceSuppressions(
        this.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: `Queries on the ${def.name} table's indexes: CDK grants "<table>/index/*", the table's own indexes and nothing else`,
            appliesTo: [{ regex: '/^Resource::<.*\\.Arn>\\/index\\/\\*$/g' }],
          },
        ],
        true,
      );
    }
    return this;
  }

  /**
   * Gives the function a Secrets Manager secret: its ARN in `envVar` (the handler fetches the value
   * at cold start) and read access to that secret alone.
   */
  useSecret(envVar: 'LINK_SECRET_ARN' | 'ORIGIN_SECRET_ARN', secret: secretsmanager.ISecret): this {
    if (this.#secrets.has(envVar)) throw new Error(`${this.node.path} already has ${envVar}`);
    this.#secrets.add(envVar);
    this.function.addEnvironment(envVar, secret.secretArn);
    secret.grantRead(this.function);
    return this;
  }

  /**
   * Gives the function the photos bucket: its name in `PHOTOS_BUCKET` and the object actions its
   * part needs, each on its own prefix. `upload` (the api function): store form photos and presign
   * uploads under `incoming/`, sign URLs to `photos/`. `view` (the officer page): sign URLs to
   * `photos/`. `process` (the photos function): read and delete `incoming/`, write `photos/`.
   */
  usePhotos(bucket: s3.IBucket, part: 'upload' | 'view' | 'process'): this {
    if (this.#photos) throw new Error(`${this.node.path} already uses the photos bucket`);
    this.#photos = true;
    this.function.addEnvironment('PHOTOS_BUCKET', bucket.bucketName);
    const allow = (sid: string, actions: string[], prefix: string) =>
      this.function.addToRolePolicy(new iam.PolicyStatement({ sid, actions, resources: [bucket.arnForObjects(`${prefix}*`)] }));
    if (part === 'upload') allow('PutPhotoUploads', ['s3:PutObject'], INCOMING_PREFIX);
    if (part === 'upload' || part === 'view') allow('ReadPhotos', ['s3:GetObject'], 'photos/');
    if (part === 'process') {
      allow('TakePhotoUploads', ['s3:GetObject', 's3:DeleteObject'], INCOMING_PREFIX);
      allow('WritePhotos', ['s3:PutObject'], 'photos/');
    }
    NagSuppressions.addResourceSuppressions(
      this.role,
      [{ id: 'AwsSolutions-IAM5', reason: 'Photo objects are named per case and photo: the grant covers one key prefix of the photos bucket (incoming/* or photos/*)', appliesTo: [{ regex: '/^Resource::<.*Photos.*\\.Arn>\\/(incoming|photos)\\/\\*$/g' }] }],
      true,
    );
    return this;
  }

  /**
   * Gives the function the public site's bucket as the site publisher writes it: its name in
   * `SITE_BUCKET` (`SITE_DIRECTORY_KEYS=1` on the China site, whose pages are also written under
   * their directory keys), putting any file of the site, listing it, and deleting only under the
   * folders of village files (`villageFolders`: `v/`, `en/v/`, `posters/`, `qr/`, ...).
   */
  useSite(bucket: s3.IBucket, options: { readonly villageFolders: readonly string[]; readonly directoryKeys?: boolean }): this {
    this.function.addEnvironment('SITE_BUCKET', bucket.bucketName);
    if (options.directoryKeys) this.function.addEnvironment('SITE_DIRECTORY_KEYS', '1');
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'PublishSitePages', actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')] }));
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'ListSitePages', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'DeleteVillagePages', actions: ['s3:DeleteObject'], resources: options.villageFolders.map((folder) => bucket.arnForObjects(`${folder}*`)) }),
    );
    NagSuppressions.addResourceSuppressions(
      this.role,
      [{ id: 'AwsSolutions-IAM5', reason: 'The site publisher writes the pages of the site bucket (any key: every page shows the roster) and deletes a dropped village\'s files under the village folders only', appliesTo: [{ regex: '/^Resource::<.*Site.*Bucket.*\\.Arn>\\/.*\\*$/g' }] }],
      true,
    );
    return this;
  }

  /**
   * Lets the function send SMS, through Amazon SNS (`sns:Publish`, the sender id where the destination
   * country supports one) or through a domestic provider (its settings and read access to the
   * Secrets Manager secret with its credentials, and no SNS permission at all).
   */
  useSms(options: UseSmsOptions = {}): this {
    if (this.#sms) throw new Error(`${this.node.path} already sends SMS`);
    this.#sms = true;
    const provider = options.provider ?? 'sns';
    this.function.addEnvironment('SMS_ADAPTER', provider);
    if (provider !== 'sns') {
      if (!options.credentials || !options.signName) throw new Error(`${this.node.path}: the ${provider} SMS provider needs its credentials secret and sign name`);
      if (provider === 'tencent' && !options.sdkAppId) throw new Error(`${this.node.path}: the tencent SMS provider needs the SmsSdkAppId`);
      this.function.addEnvironment('SMS_SECRET_ARN', options.credentials.secretArn);
      this.function.addEnvironment('SMS_SIGN_NAME', options.signName);
      if (options.sdkAppId) this.function.addEnvironment('SMS_APP_ID', options.sdkAppId);
      if (options.region) this.function.addEnvironment('SMS_REGION', options.region);
      if (options.locale) this.function.addEnvironment('SMS_LOCALE', options.locale);
      options.credentials.grantRead(this.function);
      return this;
    }
    if (options.senderId) this.function.addEnvironment('SMS_SENDER_ID', options.senderId);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PublishSmsToPhoneNumbers',
        actions: ['sns:Publish'],
        // Publishing straight to a phone number (PhoneNumber parameter, no topic) has no resource
        // ARN to scope to: SNS authorizes it against "*". The function publishes to no topic.
        resources: ['*'],
      }),
    );
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'sns:Publish to a phone number (SMS) has no resource ARN: SNS authorizes it against "*"',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    return this;
  }
}

/**
 * The function's code: `entry` bundled by the local esbuild into `index.mjs` and its chunks, with
 * the hooks' commands before and after (the photos function copies sharp's arm64 build next to it).
 * Like NodejsFunction's own bundling, it runs when `cdk synth` bundles the stack, never in Docker.
 */
function bundledCode(entry: string, bundling: CunjingFunctionProps['bundling'], smsProvider: SmsProvider): lambda.Code {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local bundling below always bundles (or throws).
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir: string): boolean {
          // Hook output goes to stderr: `cdk synth` prints the template on stdout.
          const run = (commands: readonly string[]) => {
            for (const command of commands) execFileSync('bash', ['-c', command], { cwd: PROJECT_ROOT, stdio: ['ignore', process.stderr, 'inherit'] });
          };
          run(bundling?.commandHooks?.beforeBundling(PROJECT_ROOT, outputDir) ?? []);
          buildSync(bundleOptions(entry, outputDir, bundling?.externalModules ?? [], smsProvider));
          bundleSmsSdk(smsProvider, outputDir);
          run(bundling?.commandHooks?.afterBundling(PROJECT_ROOT, outputDir) ?? []);
          return true;
        },
      },
    },
  });
}
