/**
 * The HTTP API: three Lambda functions running Hono apps behind one API Gateway HTTP API, which the
 * site's CloudFront distribution serves on the site's own domain (see site.ts). `/api/v1/admin/*`
 * and the officer's case page `/o/*` go to the admin function (`functions/handlers/admin.ts`), the
 * only one that writes the roster and sends sign-in codes; Open311 GeoReport v2 (`/open311/*`) to
 * its own function (`functions/handlers/open311.ts`), which reads cases and the roster and files
 * requests; everything else (`$default`) to the public one (`functions/handlers/api.ts`).
 * Hono routes within each; the `$default` stage is throttled to cap what a flood can cost, and the
 * routes a flood aims at (`POST /api/v1/cases`, the sign-in steps) have tighter throttles of their own.
 *
 * Only CloudFront may call the API: CloudFront sends a generated secret in `X-Origin-Verify`
 * (`originSecret`) and the functions answer 403 without it (functions/edge/origin.ts). The
 * `execute-api` endpoint itself stays on because it IS CloudFront's origin: turning it off would need
 * a custom domain for the API (a regional certificate and a DNS name a county may not have).
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
  /**
   * Throttle of `POST /api/v1/cases` (submissions), across all clients: per-client limits are the
   * app's (county file `limits.intake`); this caps what a distributed flood can cost per second.
   * @default { rateLimit: 5, burstLimit: 20 }
   */
  readonly intakeThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Throttle of the sign-in steps (`POST /api/v1/admin/login/{step}`), across all clients.
   * @default { rateLimit: 2, burstLimit: 10 }
   */
  readonly signInThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
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
  /** What CloudFront sends in `X-Origin-Verify`; requests without it get a 403. */
  readonly originSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: CasesApiProps) {
    super(scope, id);

    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      secretName: `${props.prefix}/origin-verify`,
      description: `${props.prefix}: CloudFront sends this in X-Origin-Verify; the API refuses requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.originSecret, [
      { id: 'AwsSolutions-SMG4', reason: 'Rotating it needs CloudFront\'s origin header changed in step (a deploy): rotated by redeploying, see docs/deploy.md' },
    ]);

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
      .useSecret('LINK_SECRET_ARN', props.linkSecret)
      .useSecret('ORIGIN_SECRET_ARN', this.originSecret);

    this.adminHandler = apiFunction('AdminHandler', 'functions/handlers/admin.ts', 'admin', 'admin console API')
      // Cases (and the sign-in codes, rate limits and audit log beside them).
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      // Roster imports and edits, and alerts, are written here.
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'readWrite')
      .useSecret('LINK_SECRET_ARN', props.linkSecret)
      .useSecret('ORIGIN_SECRET_ARN', this.originSecret);

    this.open311Handler = apiFunction('Open311Handler', 'functions/handlers/open311.ts', 'open311', 'Open311 GeoReport v2')
      // Files requests as the portal does (case, idempotency record) and counts POSTs per API key (RATE# windows).
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      // The roster, with the integrating systems' key hashes.
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read')
      // Tracking codes derived from an Idempotency-Key are keyed with the deployment's secret.
      .useSecret('LINK_SECRET_ARN', props.linkSecret)
      .useSecret('ORIGIN_SECRET_ARN', this.originSecret);

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
    // Routes of their own for what floods aim at, so each can have its own throttle.
    const publicIntegration = new HttpLambdaIntegration('IntakeHandler', this.handler.function, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0 });
    const throttled = [
      { path: INTAKE_ROUTE.path, method: apigwv2.HttpMethod.POST, integration: publicIntegration, throttle: props.intakeThrottle ?? { rateLimit: 5, burstLimit: 20 } },
      { path: SIGN_IN_ROUTE.path, method: apigwv2.HttpMethod.POST, integration: adminIntegration, throttle: props.signInThrottle ?? { rateLimit: 2, burstLimit: 10 } },
    ];
    // RouteSettings is a free-form map in CloudFormation: CDK passes its keys as written.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const r of throttled) {
      const [route] = this.httpApi.addRoutes({ path: r.path, methods: [r.method], integration: r.integration });
      NagSuppressions.addResourceSuppressions(route!, [
        { id: 'AwsSolutions-APIG4', reason: 'Residents report without an account, and signing in is how staff get one; the app limits both per client' },
      ], true);
      routeSettings[`${r.method} ${r.path}`] = { ThrottlingRateLimit: r.throttle.rateLimit, ThrottlingBurstLimit: r.throttle.burstLimit };
    }
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = routeSettings;

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

/** Case submissions: a route of its own for its own throttle (the public function serves it). */
export const INTAKE_ROUTE = { method: 'POST', path: '/api/v1/cases' } as const;
/** The two sign-in steps (`code`, `verify`): the admin function's, with their own throttle. */
export const SIGN_IN_ROUTE = { method: 'POST', path: '/api/v1/admin/login/{step}' } as const;

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
