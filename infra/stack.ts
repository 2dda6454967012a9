/**
 * One county's deployment. Each concern is a construct of its own (data, api, routing; the web site,
 * SMS settings, escalation schedule and alarms slot in beside them), wired together here and nowhere
 * else. Several counties can share an account and region: the stack name and every physical name
 * carry the county id.
 */
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { County } from '../functions/domain/county.ts';
import { CasesApi } from './constructs/api.ts';
import { DataTables } from './constructs/data.ts';
import { CaseRouting } from './constructs/routing.ts';
import { COUNTY_ID, resourcePrefix } from './project.ts';

export interface CountyStackProps extends StackProps {
  /** The county file's name, e.g. `demo` for `counties/demo.json`. */
  readonly countyId: string;
  /** The validated county file. */
  readonly county: County;
  /**
   * A real county's stack: tables keep deletion protection and survive the stack, log groups too.
   * Set false for stacks meant to be thrown away.
   * @default true
   */
  readonly production?: boolean;
}

export class CountyStack extends Stack {
  readonly prefix: string;
  readonly data: DataTables;
  readonly api: CasesApi;
  readonly routing: CaseRouting;

  constructor(scope: Construct, id: string, props: CountyStackProps) {
    if (!COUNTY_ID.test(props.countyId)) {
      throw new Error(`County id "${props.countyId}" must be lowercase letters, digits and dashes (at most 30), like the county file's name`);
    }
    super(scope, id, {
      description: `Cunjing community policing portal for county ${props.county.code} (${props.countyId})`,
      ...props,
    });
    const production = props.production ?? true;
    const logRemovalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.prefix = resourcePrefix(props.countyId);

    Tags.of(this).add('cunjing:county', props.countyId);

    // Construct ids below fix logical ids: renaming one replaces its resources.
    this.data = new DataTables(this, 'Data', { prefix: this.prefix, production });

    const environment = { COUNTY_CODE: props.county.code };

    this.api = new CasesApi(this, 'Api', {
      prefix: this.prefix,
      data: this.data,
      environment,
      logRemovalPolicy,
    });

    this.routing = new CaseRouting(this, 'Routing', {
      prefix: this.prefix,
      data: this.data,
      environment,
      smsSenderId: props.county.sms.senderId,
      logRemovalPolicy,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Invoke URL of the HTTP API' });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.routing.deadLetterQueue.queueUrl,
      description: 'Stream batches that could not be routed after every retry',
    });
  }
}
