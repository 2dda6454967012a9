/**
 * The public web site on one domain: the Astro build (`web/dist`) in a private S3 bucket that only
 * CloudFront may read (origin access control), and the paths the Hono app renders itself
 * (`SERVER_PATHS`: `/api/*`, receipts, officers' pages, tracking, ...) forwarded to the HTTP API
 * uncached.
 * Same origin for pages and API: no CORS, and cookies stay first-party.
 *
 * Security headers on every response: HSTS (two years, subdomains), `X-Content-Type-Options`,
 * `X-Frame-Options: DENY` and `frame-ancestors 'none'`, `Referrer-Policy: no-referrer` (officers'
 * one-tap links carry a signature in the URL), and a Content-Security-Policy. The static pages'
 * CSP allows only this origin plus the SHA-256 of each inline script found in the build; the
 * server-rendered paths get a strict default the app may replace with its own header.
 *
 * A county with `site.domainName` and `site.certificateArn` (ACM, us-east-1) in its file gets that
 * domain with TLS 1.2 at least; otherwise the site answers on its `*.cloudfront.net` name.
 */
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ORIGIN_VERIFY_HEADER } from '../../functions/edge/origin.ts';
import { VIEWER_ADDRESS_HEADER } from '../../functions/edge/address.ts';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { SITE_MAX_AGE_SECONDS } from '../../functions/store/site-bucket.ts';
import { SERVER_PATHS } from '../project.ts';
import { siteBucket } from './private-bucket.ts';
import type { SiteContent } from '../site-content.ts';

/** Two years, as HSTS preload lists expect. */
export const HSTS_MAX_AGE = Duration.days(730);

/** CloudFront refuses a Content-Security-Policy header value longer than this. */
export const CSP_MAX_LENGTH = 1783;

/** Browser and CDN cache lifetime of the static files (every deploy also invalidates CloudFront). */
export const STATIC_MAX_AGE = Duration.seconds(SITE_MAX_AGE_SECONDS);

export interface SiteDomain {
  /** e.g. `cunjing.example.gov.cn` */
  readonly domainName: string;
  /** ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn: string;
}

export interface SiteProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  /** The built site (see site-content.ts). */
  readonly content: SiteContent;
  /** Host name of the HTTP API (`{apiId}.execute-api.{region}.amazonaws.com`). */
  readonly apiDomainName: string;
  /**
   * Sent to the API in `X-Origin-Verify` on every forwarded request (the API refuses requests without it).
   * @default - no header (an API that checks none)
   */
  readonly originSecret?: secretsmanager.ISecret;
  /** @default - the distribution's `*.cloudfront.net` name only */
  readonly domain?: SiteDomain;
  /**
   * A real county's bucket survives the stack (delete it by hand); a throw-away stack empties and
   * deletes it.
   * @default true
   */
  readonly production?: boolean;
  /** @default SERVER_PATHS */
  readonly serverPaths?: readonly string[];
  /**
   * Origins the static pages' script may send to besides this one: the photos bucket, where the
   * report form uploads photos with a presigned POST.
   * @default - none (`default-src 'self'`)
   */
  readonly connectSrc?: readonly string[];
  /**
   * ARN of a web ACL (scope CLOUDFRONT, in us-east-1) on the distribution: the county file's
   * `site.waf` rate-based rule (waf.ts).
   * @default - no web ACL
   */
  readonly webAclArn?: string;
  /** Retention of the deployment helper's logs. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly deployment: s3deploy.BucketDeployment;
  readonly staticHeaders: cloudfront.ResponseHeadersPolicy;
  readonly serverHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://` + the custom domain, or the distribution's domain name; no trailing slash. */
  readonly url: string;
  /** The Content-Security-Policy of the static pages. */
  readonly staticCsp: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const production = props.production ?? true;

    this.bucket = siteBucket(this, production, 'origin access control');

    this.staticCsp = contentSecurityPolicy({
      'script-src': ["'self'", ...props.content.scriptHashes],
      'style-src': ["'self'", ...props.content.styleHashes],
      ...(props.connectSrc && props.connectSrc.length > 0 && { 'connect-src': ["'self'", ...props.connectSrc] }),
    });
    this.staticHeaders = new cloudfront.ResponseHeadersPolicy(this, 'StaticHeaders', {
      responseHeadersPolicyName: `${props.prefix}-static-headers`,
      comment: `${props.prefix}: security headers of the static pages`,
      securityHeadersBehavior: securityHeaders(this.staticCsp, true),
    });
    this.serverHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ServerHeaders', {
      responseHeadersPolicyName: `${props.prefix}-server-headers`,
      comment: `${props.prefix}: security headers of the API and server-rendered pages`,
      // `override: false` for the CSP only: a page the app renders may send its own.
      securityHeadersBehavior: securityHeaders(contentSecurityPolicy({}), false),
    });

    // S3 with origin access control answers `/track/` with an error unless asked for the file
    // itself: map directory URLs to their index.html, as a static host would.
    const paths = new cloudfront.Function(this, 'IndexPaths', {
      functionName: `${props.prefix}-index-paths`,
      comment: 'Maps /dir/ and /dir to /dir/index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(INDEX_PATHS_FUNCTION),
    });

    const api = new origins.HttpOrigin(props.apiDomainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // A CloudFormation dynamic reference: the value is resolved at deploy time, not in the template.
      ...(props.originSecret && { customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValue.unsafeUnwrap() } }),
    });
    // The client's address as CloudFront saw it, in a header of ours that the function always
    // overwrites: what a client writes there (or in X-Forwarded-For) never reaches the app.
    const viewerAddress = new cloudfront.Function(this, 'ViewerAddress', {
      functionName: `${props.prefix}-viewer-address`,
      comment: `Sets ${VIEWER_ADDRESS_HEADER} to the viewer's IP address`,
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(VIEWER_ADDRESS_FUNCTION),
    });
    const serverBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every header (but Host, which must name the API), query string and cookie.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.serverHeaders,
      functionAssociations: [{ function: viewerAddress, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      compress: true,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.prefix}: public site and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        // LIST lets S3 answer 404 (not 403) for a missing page; viewers cannot list: CloudFront
        // sends S3 no query string on this behaviour. A 404 from the bucket (a village the roster
        // no longer has, a mistyped address) is asked of the api function instead, which answers
        // with the site's 404 page (functions/api/not-found.tsx). A distribution's custom error
        // responses would do it too, but for every behaviour: they would turn the API's
        // problem+json 404s into HTML.
        origin: new origins.OriginGroup({
          primaryOrigin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
            originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
          }),
          fallbackOrigin: api,
          fallbackStatusCodes: [404],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.staticHeaders,
        functionAssociations: [{ function: paths, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: Object.fromEntries((props.serverPaths ?? SERVER_PATHS).map((path) => [path, serverBehavior])),
      ...(props.domain && {
        domainNames: [props.domain.domainName],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      // North America, Europe, Asia (Hong Kong, Singapore, Japan, ...): the edges near Chinese
      // residents, without the dearest regions.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      ...(props.webAclArn && { webAclId: props.webAclArn }),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'defaultRootObject is index.html and the function above maps directories to their index.html: no request lists the bucket',
    );
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Residents report from wherever they are (migrant workers too); no geo restriction' },
      ...(props.webAclArn
        ? []
        : [{ id: 'AwsSolutions-CFR2', reason: 'A web ACL costs about $6 a month even when idle, so it is opt-in (county file site.waf); API throttling, the app\'s per-client limits and body limit cap abuse' }]),
      { id: 'AwsSolutions-CFR3', reason: 'Access logs would keep residents\' IP addresses beside anonymous tips; not kept, by design' },
      ...(props.domain
        ? []
        : [{ id: 'AwsSolutions-CFR4', reason: 'The default *.cloudfront.net certificate allows no minimum TLS version; with site.domainName the minimum is TLSv1.2_2021' }]),
    ]);

    this.deployment = deploySiteFiles(this, { bucket: this.bucket, distribution: this.distribution, content: props.content, logRetention: props.logRetention, production });
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
  }
}

/**
 * Copies the built site into the bucket at deploy time and invalidates the distribution (CDK's
 * BucketDeployment). Shared by the global and the China site.
 */
export function deploySiteFiles(
  scope: Construct,
  props: { bucket: s3.IBucket; distribution: cloudfront.IDistribution; content: SiteContent; logRetention?: logs.RetentionDays | undefined; production: boolean },
): s3deploy.BucketDeployment {
  const deployment = new s3deploy.BucketDeployment(scope, 'Deployment', {
    sources: [s3deploy.Source.asset(props.content.dir)],
    destinationBucket: props.bucket,
    distribution: props.distribution,
    distributionPaths: ['/*'],
    cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(STATIC_MAX_AGE)],
    memoryLimit: 256,
    logGroup: new logs.LogGroup(scope, 'DeploymentLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
  // CDK's own deploy-time helpers live at the stack's root: the site's files copier and, for a
  // throw-away stack, the bucket emptier. They run during deploys only.
  for (const helper of stackChildren(Stack.of(scope), /^Custom::(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/)) {
    NagSuppressions.addResourceSuppressions(helper, CDK_HELPER_SUPPRESSIONS, true);
  }
  if (props.production && props.content.pages.length === 0) {
    Annotations.of(scope).addWarningV2('cunjing:site-empty', 'The built site has no HTML page');
  }
  return deployment;
}

/** Suppressions for the CDK-provided deploy-time functions (not ours to change). */
const CDK_HELPER_SUPPRESSIONS = [
  { id: 'AwsSolutions-IAM4', reason: 'CDK deploy-time helper: its role uses AWSLambdaBasicExecutionRole to write its logs' },
  { id: 'AwsSolutions-IAM5', reason: 'CDK deploy-time helper: copies the site files into this stack\'s bucket (object wildcards) from the CDK asset bucket' },
  { id: 'AwsSolutions-L1', reason: 'CDK deploy-time helper: its runtime is chosen by aws-cdk-lib and moves with it' },
];

function stackChildren(stack: Stack, id: RegExp): IConstruct[] {
  return stack.node.children.filter((child) => id.test(child.node.id));
}

/**
 * The Content-Security-Policy header value. Defaults: only this origin, images also as `data:` URLs
 * (the empty favicon), no plugins, no framing, forms post only here, no `<base>`.
 */
export function contentSecurityPolicy(overrides: Partial<Record<'script-src' | 'style-src' | 'connect-src', string[]>>): string {
  const directives: [string, string[] | undefined][] = [
    ['default-src', ["'self'"]],
    ['script-src', overrides['script-src']],
    ['style-src', overrides['style-src']],
    ['img-src', ["'self'", 'data:']],
    ['connect-src', overrides['connect-src']],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'self'"]],
    ['base-uri', ["'none'"]],
  ];
  const csp = directives
    .filter((d): d is [string, string[]] => d[1] !== undefined)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
  if (csp.length > CSP_MAX_LENGTH) {
    throw new Error(
      `The site's Content-Security-Policy is ${csp.length} characters, over CloudFront's ${CSP_MAX_LENGTH}: ` +
        'too many distinct inline scripts or styles in web/dist; move some into files',
    );
  }
  return csp;
}

function securityHeaders(csp: string, overrideCsp: boolean): cloudfront.ResponseSecurityHeadersBehavior {
  return {
    contentSecurityPolicy: { contentSecurityPolicy: csp, override: overrideCsp },
    strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
  };
}

/** CloudFront Functions (JavaScript 2.0 runtime): the viewer's IP address into the app's header, overwriting any sent. */
export const VIEWER_ADDRESS_FUNCTION = `function handler(event) {
  var request = event.request;
  request.headers['${VIEWER_ADDRESS_HEADER.toLowerCase()}'] = { value: event.viewer.ip };
  return request;
}`;

/** CloudFront Functions (JavaScript 2.0 runtime): `/a/` → `/a/index.html`, `/a` → `/a/index.html`. */
export const INDEX_PATHS_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;
