/**
 * One county's deployment. Each concern is a construct of its own, wired together here and nowhere
 * else:
 *
 *   data        the tables (on-demand, PITR, encryption, TTL, the cases stream) and the roster seed
 *   links       the secret that signs officers' one-tap links
 *   api         the Hono app on Lambda behind a throttled HTTP API
 *   site        the Astro build on S3 + CloudFront, with the API's paths on the same domain (in the
 *               AWS China regions, what CloudFront offers there: constructs/china-site.ts)
 *   routing     the cases stream → route-case (SMS), with its dead-letter queue
 *   escalation  EventBridge Scheduler → escalate, every minute
 *   sms         who may publish SMS, sender id, spend budget, failure metric
 *   operations  the alarm topic and alarms
 *
 * Several counties can share an account and region: the stack name and every physical name carry the
 * county id. Nothing here runs when idle: no NAT gateway, no provisioned capacity, no servers.
 */
import { Annotations, CfnOutput, RemovalPolicy, Stack, Tags, Token, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { isChinaRegion, type County } from '../functions/domain/county.ts';
import { ChinaSite } from './constructs/china-site.ts';
import { CasesApi } from './constructs/api.ts';
import { DataTables } from './constructs/data.ts';
import { EscalationSchedule } from './constructs/escalation.ts';
import { LinkSecret } from './constructs/link-secret.ts';
import { Operations } from './constructs/operations.ts';
import { RosterSeed } from './constructs/roster-seed.ts';
import { CaseRouting } from './constructs/routing.ts';
import { Photos } from './constructs/photos.ts';
import { Site } from './constructs/site.ts';
import { SitePublisher } from './constructs/site-publisher.ts';
import { SmsSending } from './constructs/sms.ts';
import { CLOUDFRONT_WAF_REGION, CloudFrontWafStack, RateLimitWebAcl } from './constructs/waf.ts';
import { SMS_PROVIDER_CONTEXT } from './constructs/function.ts';
import { COUNTY_ID, resourcePrefix } from './project.ts';
import { DEFAULT_SITE_DIR, readSiteContent, villagesMissingFromSite } from './site-content.ts';

export interface CountyStackProps extends StackProps {
  /** The county file's name, e.g. `demo` for `counties/demo.json`. */
  readonly countyId: string;
  /** The validated county file. */
  readonly county: County;
  /**
   * A real county's stack: tables keep deletion protection and survive the stack, and so do the
   * log groups, the link secret and the site bucket. Set false for stacks meant to be thrown away.
   * @default true
   */
  readonly production?: boolean;
  /**
   * The built web site (`npm run build:web`). Synth fails, naming the command, when it is missing.
   * @default web/dist
   */
  readonly siteDir?: string;
}

/** A county file setting this deployment cannot honour as it is run: the message says what to do. */
export class DeploymentSettingError extends Error {
  override readonly name = 'DeploymentSettingError';
}

export class CountyStack extends Stack {
  readonly prefix: string;
  readonly data: DataTables;
  readonly rosterSeed: RosterSeed;
  readonly linkSecret: LinkSecret;
  readonly api: CasesApi;
  /** The global site, or in the AWS China regions the China site (infra/constructs/china-site.ts). */
  readonly site: Site | ChinaSite;
  /** Renders the public pages again from the roster table when it changes, and after every deploy. */
  readonly publisher: SitePublisher;
  readonly photos: Photos;
  readonly routing: CaseRouting;
  readonly escalation: EscalationSchedule;
  readonly sms: SmsSending;
  readonly operations: Operations;
  /** The county file's `site.waf` rule: in this stack in us-east-1, else in the `<stack>-waf` stack there. */
  readonly webAcl?: RateLimitWebAcl;

  constructor(scope: Construct, id: string, props: CountyStackProps) {
    if (!COUNTY_ID.test(props.countyId)) {
      throw new Error(`County id "${props.countyId}" must be lowercase letters, digits and dashes (at most 30), like the county file's name`);
    }
    // Read the site before creating anything: a missing build fails synth with what to run.
    const siteContent = readSiteContent(props.siteDir ?? DEFAULT_SITE_DIR);
    const region = props.county.deployment?.region;
    super(scope, id, {
      description: `Cunjing community policing portal for county ${props.county.code} (${props.countyId})`,
      // The WAF's web ACL lives in us-east-1; outside it the distribution reads its ARN across regions.
      crossRegionReferences: props.county.site?.waf !== undefined,
      // A county file that names its region pins the stack there (synth still needs no account).
      ...(region && { env: { region } }),
      ...props,
    });
    const { county } = props;
    const china = isChinaRegion(region);
    // Before any construct: every function's bundle follows the county's SMS provider (function.ts).
    this.node.setContext(SMS_PROVIDER_CONTEXT, county.sms.provider);
    const production = props.production ?? true;
    const logRemovalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.prefix = resourcePrefix(props.countyId);

    Tags.of(this).add('cunjing:county', props.countyId);

    // Construct ids below fix logical ids: renaming one replaces its resources.
    this.data = new DataTables(this, 'Data', { prefix: this.prefix, production });
    this.rosterSeed = new RosterSeed(this, 'RosterSeed', { prefix: this.prefix, data: this.data, county, logRemovalPolicy });
    this.linkSecret = new LinkSecret(this, 'LinkSecret', { prefix: this.prefix, production });

    const environment = { COUNTY_CODE: county.code };

    this.api = new CasesApi(this, 'Api', {
      prefix: this.prefix,
      data: this.data,
      linkSecret: this.linkSecret.secret,
      // China: no CloudFront function writes X-Viewer-Address (functions/edge/address.ts).
      environment: china ? { ...environment, VIEWER_ADDRESS_FROM: 'cloudfront' } : environment,
      logRemovalPolicy,
    });

    // Residents' photos: the api function stores form uploads and presigns direct ones; the officer
    // page (admin function) shows them by signed URLs; the photos function processes each upload.
    this.photos = new Photos(this, 'Photos', { prefix: this.prefix, data: this.data, environment, production, logRemovalPolicy });
    this.api.handler.usePhotos(this.photos.bucket, 'upload');
    this.api.adminHandler.usePhotos(this.photos.bucket, 'view');

    this.webAcl = this.#webAcl(scope, id, county);
    const siteProps = { prefix: this.prefix, content: siteContent, apiDomainName: this.api.domainName, originSecret: this.api.originSecret, production };
    const deployment = county.deployment;
    this.site =
      china && deployment?.domainName && deployment.iamCertificateId
        ? new ChinaSite(this, 'Site', { ...siteProps, domainName: deployment.domainName, iamCertificateId: deployment.iamCertificateId, logRemovalPolicy })
        : new Site(this, 'Site', {
            ...siteProps,
            // The report form's script uploads photos straight to the photos bucket (presigned POST).
            connectSrc: [`https://${this.photos.bucket.bucketRegionalDomainName}`],
            domain: county.site?.domainName && county.site.certificateArn ? { domainName: county.site.domainName, certificateArn: county.site.certificateArn } : undefined,
            ...(this.webAcl && { webAclArn: this.webAcl.arn }),
          });
    const missing = villagesMissingFromSite(siteContent, county);
    if (missing.length > 0) {
      Annotations.of(this.site).addWarningV2(
        'cunjing:site-county',
        `The built site does not offer ${missing.length} of this county's villages (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): ` +
          `was it built for another county? Run \`COUNTY=${props.countyId} npm run build:web\` before deploying.`,
      );
    }

    // The table the console edits is the roster of the public pages too: every save, and every
    // deploy of the build's files, publishes them again from it (site-publisher.ts).
    this.publisher = new SitePublisher(this, 'SitePublisher', {
      prefix: this.prefix,
      data: this.data,
      environment,
      bucket: this.site.bucket,
      publicUrl: this.site.url,
      deployment: this.site.deployment,
      rosterSeed: this.rosterSeed,
      ...(this.site instanceof ChinaSite && { directoryKeys: true, after: [this.site.indexKeys] }),
      logRemovalPolicy,
    });

    // The SMS links point at the site (route-case is no CloudFront origin, so no dependency cycle);
    // the api function builds relative links and never needs the site's domain.
    this.routing = new CaseRouting(this, 'Routing', {
      prefix: this.prefix,
      data: this.data,
      linkSecret: this.linkSecret.secret,
      publicUrl: this.site.url,
      environment,
      logRemovalPolicy,
    });

    this.escalation = new EscalationSchedule(this, 'Escalation', {
      prefix: this.prefix,
      data: this.data,
      environment,
      publicUrl: this.site.url,
      logRemovalPolicy,
    });

    this.sms = new SmsSending(this, 'Sms', {
      // route-case sends every case SMS; the admin function sends sign-in codes; escalate sends the
      // village digests of the SMS circuit breaker.
      senders: [this.routing.handler, this.api.adminHandler, this.escalation.handler],
      failureLogs: [this.routing.handler],
      senderId: county.sms.senderId,
      // SNS sends no SMS in the China regions: its account spend metric means nothing there.
      monthlySpendLimitUsd: china ? undefined : county.sms.monthlySpendLimitUsd,
      provider: { provider: county.sms.provider, signName: county.sms.signName, sdkAppId: county.sms.sdkAppId, region: county.sms.region, locale: county.locale },
      prefix: this.prefix,
    });

    this.operations = new Operations(this, 'Operations', {
      prefix: this.prefix,
      alarmEmail: county.ops?.alarmEmail,
      functions: { api: this.api.handler, admin: this.api.adminHandler, 'route-case': this.routing.handler, escalate: this.escalation.handler, photos: this.photos.processor },
      streamConsumer: this.routing.handler,
      deadLetterQueue: this.routing.deadLetterQueue,
      sms: this.sms,
      httpApi: this.api.httpApi,
    });
    if (!county.ops?.alarmEmail) {
      Annotations.of(this.operations).addWarningV2(
        'cunjing:no-alarm-email',
        'The county file has no ops.alarmEmail: alarms go to a topic nobody is subscribed to.',
      );
    }

    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The public site (and, under /api/, the API)' });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.site instanceof ChinaSite ? this.site.distributionDomainName : this.site.distribution.distributionDomainName,
      description: 'Point the custom domain (CNAME) here',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Invoke URL of the HTTP API (the site serves it under /api/)' });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.routing.deadLetterQueue.queueUrl,
      description: 'Stream batches that could not be routed after every retry',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn, description: 'Subscribe more people here' });
  }

  #webAcl(scope: Construct, id: string, county: County): RateLimitWebAcl | undefined {
    const waf = county.site?.waf;
    if (!waf) return undefined;
    const props = { prefix: this.prefix, requestsPer5Minutes: waf.requestsPer5Minutes, emergencyNumber: county.emergencyNumber };
    if (Token.isUnresolved(this.region)) {
      throw new DeploymentSettingError(
        `site.waf needs the stack's region (CloudFront's web ACL lives in ${CLOUDFRONT_WAF_REGION}): deploy with a region set (AWS_REGION or a profile's region), or remove site.waf`,
      );
    }
    if (this.region === CLOUDFRONT_WAF_REGION) return new RateLimitWebAcl(this, 'Waf', props);
    return new CloudFrontWafStack(scope, `${id}-waf`, {
      ...props,
      description: `Cunjing: the web ACL of ${id}'s CloudFront distribution (WAF for CloudFront lives in ${CLOUDFRONT_WAF_REGION})`,
      ...(!Token.isUnresolved(this.account) && { env: { account: this.account } }),
    }).rateLimit;
  }
}
