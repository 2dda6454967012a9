/**
 * The HTTP API: three Lambda functions running Hono apps behind one API Gateway HTTP API, which the
 * site's CloudFront distribution serves on the site's own domain (see site.ts). `/api/v1/admin/*`
 * and the officer's case page `/o/*` go to the admin function (`functions/handlers/admin.ts`), the
 * only one that writes the roster and sends sign-in codes; Open311 GeoReport v2 (`/open311/*`) to
 * its own function (`functions/handlers/open311.ts`), which reads cases and the roster and files
 * requests; everything else (`$default`) to the public one (`functions/handlers/api.ts`).
 * Hono routes within each; the `$default` stage is throttled to cap what a flood can cost.
 *
 * Request size: an HTTP API accepts at most 10 MB and Lambda 6 MB, so the real limit is the Hono
 * app's body limit (16 KB, `BODY_LIMIT_BYTES` in functions/api/app.ts), answered with a 413 before
 * anything is parsed. A WAF size rule would cost about $6 a month even when idle.
 *
 * Access logs leave out the caller's IP address and user agent: an anonymous tip must stay
 * anonymous, and the API's own logs are the only place that could undo that.
 */
import { RemovalPolicy, Stack, type Duration } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CASES_TABLE, RATINGS_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

export interface CasesApiProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
  /** The key that signs officers' one-tap links (the API checks them). */
  readonly linkSecret: secretsmanager.ISecret;
  /** Variables every function of the county gets, e.g. `COUNTY_CODE`. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Steady-state requests per second across the whole API.
   * @default 20
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the API accepts in a burst above the steady rate.
   * @default 40
   */
  readonly throttlingBurstLimit?: number;
  /** @default Duration.seconds(10) (CunjingFunction's default; API Gateway gives up after 30 s) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default 'INFO' */
  readonly logLevel?: LogLevel;
}

export class CasesApi extends Construct {
  /** The public API and server-rendered pages. */
  readonly handler: CunjingFunction;
  /** The admin console's API. */
  readonly adminHandler: CunjingFunction;
  /** Open311 GeoReport v2 for the county's other systems. */
  readonly open311Handler: CunjingFunction;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** The API's invoke URL (the `$default` stage), ending in `/`. */
  readonly url: string;
  /** The host name CloudFront forwards to: `{apiId}.execute-api.{region}.amazonaws.com`. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: CasesApiProps) {
    super(scope, id);

    /** One of the API's functions: the same settings for each, its own entry, name and grants. */
    const apiFunction = (functionId: string, entry: string, name: string, description: string) =>
      new CunjingFunction(this, functionId, {
        entry,
        serviceName: `${props.prefix}-${name}`,
        description: `${props.prefix}: ${description}`,
        environment: props.environment,
        timeout: props.timeout,
        logRetention: props.logRetention,
        logRemovalPolicy: props.logRemovalPolicy,
        logLevel: props.logLevel,
      });

    this.handler = apiFunction('Handler', 'functions/handlers/api.ts', 'api', 'public HTTP API and server-rendered pages')
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      .useTable(props.data.table(RATINGS_TABLE), RATINGS_TABLE, 'readWrite')
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read')
      .useSecret('LINK_SECRET_ARN', props.linkSecret);

    this.adminHandler = apiFunction('AdminHandler', 'functions/handlers/admin.ts', 'admin', 'admin console API')
      // Cases (and the sign-in codes, rate limits and audit log beside them).
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      // Roster imports and edits, and alerts, are written here.
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'readWrite')
      .useSecret('LINK_SECRET_ARN', props.linkSecret);

    this.open311Handler = apiFunction('Open311Handler', 'functions/handlers/open311.ts', 'open311', 'Open311 GeoReport v2')
      // Files requests as the portal does (case, idempotency record) and counts POSTs per API key (RATE# windows).
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      // The roster, with the integrating systems' key hashes.
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read')
      // Tracking codes derived from an Idempotency-Key are keyed with the deployment's secret.
      .useSecret('LINK_SECRET_ARN', props.linkSecret);

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: `${props.prefix}: Cunjing public and admin API`,
      defaultIntegration: new HttpLambdaIntegration('Handler', this.handler.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      // The default stage is created below: HttpApi's own has no throttling settings.
      createDefaultStage: false,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttlingRateLimit ?? 20,
        burstLimit: props.throttlingBurstLimit ?? 40,
      },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const adminIntegration = new HttpLambdaIntegration('AdminHandler', this.adminHandler.function, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0 });
    for (const path of STAFF_PATHS) {
      const [route] = this.httpApi.addRoutes({ path, methods: [apigwv2.HttpMethod.ANY], integration: adminIntegration });
      NagSuppressions.addResourceSuppressions(route!, [
        { id: 'AwsSolutions-APIG4', reason: 'Staff authenticate in the app: SMS-code sessions (signed cookie + CSRF) for the console, a signed one-tap link for /o/*' },
      ], true);
    }
    const open311Integration = new HttpLambdaIntegration('Open311Handler', this.open311Handler.function, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0 });
    for (const route of this.httpApi.addRoutes({ path: OPEN311_PATH, methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration: open311Integration })) {
      NagSuppressions.addResourceSuppressions(route, [
        { id: 'AwsSolutions-APIG4', reason: 'Open311 GeoReport v2: reading is public by the specification; POST checks the integrating system API key in the app' },
      ], true);
    }
    this.url = this.stage.url;
    this.domainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    // The one route (`$default`): the finding is on it.
    NagSuppressions.addResourceSuppressions(this.httpApi.node.findChild('DefaultRoute'), [
      {
        id: 'AwsSolutions-APIG4',
        reason: 'A public portal: residents report without an account; the Hono app authenticates officers and admins itself',
      },
    ], true);
  }
}

/** What the admin function serves: the console's API and the officer's case page behind the SMS link. */
export const STAFF_PATHS = ['/api/v1/admin/{proxy+}', '/o/{proxy+}'] as const;

/** What the Open311 function serves: GeoReport v2 (`/open311/v2/…`). */
export const OPEN311_PATH = '/open311/{proxy+}';

/**
 * One JSON object per request. No `$context.identity.sourceIp` and no user agent, on purpose (see the
 * file comment); the path is kept: it names a case at most, never a resident.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: AccessLogField.contextRequestId(),
  time: AccessLogField.contextRequestTime(),
  method: AccessLogField.contextHttpMethod(),
  path: AccessLogField.contextPath(),
  status: AccessLogField.contextStatus(),
  responseLength: AccessLogField.contextResponseLength(),
  latencyMs: AccessLogField.contextResponseLatency(),
  integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
  integrationError: AccessLogField.contextIntegrationErrorMessage(),
} as const;
