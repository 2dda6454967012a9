/**
 * The public and admin HTTP API: one Lambda function running the Hono app
 * (`functions/handlers/api.ts`) behind an API Gateway HTTP API. Hono does the routing, so the API
 * has only the `$default` route; the `$default` stage is throttled to cap what a flood can cost.
 */
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CASES_TABLE, RATINGS_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import type { DataTables } from './data.ts';
import { CunjingFunction, type LogLevel } from './function.ts';

export interface CasesApiProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  readonly data: DataTables;
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
  readonly handler: CunjingFunction;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** The API's invoke URL (the `$default` stage), ending in `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CasesApiProps) {
    super(scope, id);

    this.handler = new CunjingFunction(this, 'Handler', {
      entry: 'functions/handlers/api.ts',
      serviceName: `${props.prefix}-api`,
      description: `${props.prefix}: public and admin HTTP API`,
      environment: props.environment,
      timeout: props.timeout,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      logLevel: props.logLevel,
    })
      .useTable(props.data.table(CASES_TABLE), CASES_TABLE, 'readWrite')
      .useTable(props.data.table(RATINGS_TABLE), RATINGS_TABLE, 'readWrite')
      .useTable(props.data.table(ROSTER_TABLE), ROSTER_TABLE, 'read');

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: `${props.prefix}: Cunjing public and admin API`,
      defaultIntegration: new HttpLambdaIntegration('Handler', this.handler.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      // The default stage is created below: HttpApi's own has no throttling settings.
      createDefaultStage: false,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttlingRateLimit ?? 20,
        burstLimit: props.throttlingBurstLimit ?? 40,
      },
    });
    this.url = this.stage.url;
  }
}
