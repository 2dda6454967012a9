/**
 * The public web site of a county in an AWS China region (cn-north-1, cn-northwest-1): the same
 * bucket, files and paths as the global Site (site.ts), with what CloudFront in China offers.
 *
 * What CloudFront in China lacks, and what stands in for it:
 *  - CloudFront Functions and Lambda@Edge: no function maps `/dir/` to `/dir/index.html`; a
 *    deploy-time custom resource writes each page under its directory keys too (handlers/site-index.ts).
 *  - Origin access control: the bucket is read through an origin access identity (OAI), the one
 *    scheme there; the bucket stays private (its policy names the OAI only).
 *  - Cache, origin request and response headers policies (a distribution there refuses a
 *    CachePolicyId): the behaviours use the legacy settings (`ForwardedValues`, TTLs), so the API
 *    paths forward a fixed list of headers (`CHINA_FORWARDED_HEADERS`), every cookie and query
 *    string, and are never cached. No security headers policy: the site's headers are only what S3
 *    and the app send (docs/deploy.md, China).
 *  - The default `*.cloudfront.cn` name serves nothing: the distribution answers on the county's
 *    ICP-filed domain only, with a certificate from the IAM certificate store (no ACM there).
 *
 * The edge headers the app trusts (functions/edge): `X-Origin-Verify` is an origin custom header
 * of the distribution, which CloudFront sets on every request to the API, replacing any value a
 * viewer sent, so it stays CloudFront's. `X-Viewer-Address` has no function to write it: the API
 * functions run with `VIEWER_ADDRESS_FROM=cloudfront` and ignore it, reading the viewer's address
 * from `CloudFront-Viewer-Address`, which these behaviours ask CloudFront to add.
 */
import { CustomResource, Duration, Fn, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/edge/origin.ts';
import { SERVER_PATHS } from '../project.ts';
import type { SiteContent } from '../site-content.ts';
import { CunjingFunction } from './function.ts';
import { siteBucket } from './private-bucket.ts';
import { deploySiteFiles, STATIC_MAX_AGE } from './site.ts';

/**
 * The viewer headers the API paths forward (legacy settings allow at most 10): what the app reads
 * (content type, idempotency key, CSRF token, tracking code, languages) and the viewer's address
 * as CloudFront adds it. Host is not among them: the API Gateway origin needs its own.
 */
export const CHINA_FORWARDED_HEADERS = [
  'Accept',
  'Accept-Language',
  'Content-Type',
  'Idempotency-Key',
  'Origin',
  'Referer',
  'X-CSRF-Token',
  'X-Tracking-Code',
  'CloudFront-Viewer-Address',
] as const;

export interface ChinaSiteProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo-cn`. */
  readonly prefix: string;
  /** The built site (see site-content.ts). */
  readonly content: SiteContent;
  /** Host name of the HTTP API (`{apiId}.execute-api.{region}.amazonaws.com.cn`). */
  readonly apiDomainName: string;
  /**
   * Sent to the API in `X-Origin-Verify` on every forwarded request.
   * @default - no header (an API that checks none)
   */
  readonly originSecret?: secretsmanager.ISecret;
  /** The ICP-filed domain, e.g. `cunjing.qingshan.example.cn`. */
  readonly domainName: string;
  /** The domain's certificate in the IAM certificate store (its ServerCertificateId, `ASCA...`). */
  readonly iamCertificateId: string;
  /** @default true */
  readonly production?: boolean;
  /** @default SERVER_PATHS */
  readonly serverPaths?: readonly string[];
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class ChinaSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly originAccessIdentity: cloudfront.OriginAccessIdentity;
  readonly distribution: cloudfront.CfnDistribution;
  readonly deployment: s3deploy.BucketDeployment;
  /** Writes each page under its directory keys after every deploy of the files. */
  readonly indexKeys: CustomResource;
  readonly indexKeysHandler: CunjingFunction;
  /** `https://` + the ICP-filed domain. */
  readonly url: string;
  /** The distribution's own name (`*.cloudfront.cn`): point the domain's CNAME here. */
  readonly distributionDomainName: string;

  constructor(scope: Construct, id: string, props: ChinaSiteProps) {
    super(scope, id);
    const production = props.production ?? true;

    this.bucket = siteBucket(this, production, 'origin access identity');
    this.originAccessIdentity = new cloudfront.OriginAccessIdentity(this, 'OriginAccessIdentity', { comment: `${props.prefix}: CloudFront reads the site bucket` });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')], principals: [this.originAccessIdentity.grantPrincipal] }),
    );

    const staticTtl = STATIC_MAX_AGE.toSeconds();
    const serverBehaviour = (pathPattern: string): cloudfront.CfnDistribution.CacheBehaviorProperty => ({
      pathPattern,
      targetOriginId: 'api',
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      forwardedValues: { queryString: true, cookies: { forward: 'all' }, headers: [...CHINA_FORWARDED_HEADERS] },
      minTtl: 0,
      defaultTtl: 0,
      maxTtl: 0,
    });

    this.distribution = new cloudfront.CfnDistribution(this, 'Distribution', {
      distributionConfig: {
        enabled: true,
        comment: `${props.prefix}: public site and API`,
        aliases: [props.domainName],
        viewerCertificate: { iamCertificateId: props.iamCertificateId, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
        defaultRootObject: 'index.html',
        httpVersion: 'http2',
        origins: [
          {
            id: 'site',
            domainName: this.bucket.bucketRegionalDomainName,
            s3OriginConfig: { originAccessIdentity: `origin-access-identity/cloudfront/${this.originAccessIdentity.originAccessIdentityId}` },
          },
          {
            id: 'api',
            domainName: props.apiDomainName,
            customOriginConfig: { originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
            // A CloudFormation dynamic reference: the value is resolved at deploy time, not in the template.
            ...(props.originSecret && { originCustomHeaders: [{ headerName: ORIGIN_VERIFY_HEADER, headerValue: props.originSecret.secretValue.unsafeUnwrap() }] }),
          },
        ],
        // A file the bucket does not have (403: the identity may only get objects, not list them)
        // is asked of the api function, which answers with the site's 404 page
        // (functions/api/not-found.tsx), as on the global site.
        originGroups: {
          quantity: 1,
          items: [
            {
              id: 'site-else-api',
              failoverCriteria: { statusCodes: { quantity: 2, items: [403, 404] } },
              members: { quantity: 2, items: [{ originId: 'site' }, { originId: 'api' }] },
            },
          ],
        },
        defaultCacheBehavior: {
          targetOriginId: 'site-else-api',
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          // No query string or cookie reaches S3, and none splits the cache.
          forwardedValues: { queryString: false, cookies: { forward: 'none' } },
          minTtl: 0,
          defaultTtl: staticTtl,
          maxTtl: staticTtl,
        },
        cacheBehaviors: (props.serverPaths ?? SERVER_PATHS).map(serverBehaviour),
      },
    });
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Residents report from wherever they are (migrant workers too); no geo restriction' },
      { id: 'AwsSolutions-CFR2', reason: 'No WAF web ACL on this distribution: API throttling and the app\'s per-client limits and body limit cap abuse (docs/deploy.md)' },
      { id: 'AwsSolutions-CFR3', reason: 'Access logs would keep residents\' IP addresses beside anonymous tips; not kept, by design' },
      { id: 'AwsSolutions-CFR7', reason: 'Origin access control does not exist in the AWS China regions: the origin access identity is the way CloudFront reads a private bucket there' },
    ]);
    this.distributionDomainName = this.distribution.attrDomainName;
    this.url = `https://${props.domainName}`;

    this.deployment = deploySiteFiles(this, {
      bucket: this.bucket,
      distribution: cloudfront.Distribution.fromDistributionAttributes(this, 'Imported', { distributionId: this.distribution.ref, domainName: this.distribution.attrDomainName }),
      content: props.content,
      logRetention: props.logRetention,
      production,
    });

    this.indexKeysHandler = new CunjingFunction(this, 'IndexKeysHandler', {
      entry: 'infra/handlers/site-index-keys.ts',
      serviceName: `${props.prefix}-site-index-keys`,
      description: `${props.prefix}: writes each site page under its directory keys (deploy time only)`,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    const pages = props.content.pages.filter((page) => page.endsWith('/index.html'));
    this.indexKeysHandler.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    NagSuppressions.addResourceSuppressions(
      this.indexKeysHandler.role,
      [{ id: 'AwsSolutions-IAM5', reason: 'Copies the site bucket\'s pages to their directory keys: objects of that one bucket', appliesTo: [{ regex: '/^Resource::<.*SiteBucket.*\\.Arn>\\/\\*$/g' }] }],
      true,
    );
    this.indexKeys = new CustomResource(this, 'IndexKeys', {
      serviceToken: this.indexKeysHandler.function.functionArn,
      resourceType: 'Custom::CunjingSiteIndexKeys',
      properties: { Bucket: this.bucket.bucketName, Pages: pages, SiteVersion: Fn.join(',', this.deployment.objectKeys) },
    });
    // After the files are in the bucket (the deployment prunes keys that are not in the build).
    this.indexKeys.node.addDependency(this.deployment);
  }
}
