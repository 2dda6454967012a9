/**
 * The optional WAF in front of the site (county file `site.waf`): a web ACL on the CloudFront
 * distribution with one rate-based rule. Past `requestsPer5Minutes` requests from one address in
 * five minutes, CloudFront answers 429 itself (with `Retry-After` and a message that repeats the
 * emergency number) until the address slows down; nothing of it reaches the API, the functions or
 * the SMS bill. The app's own per-client limits (`limits.intake`, `limits.signIn`) stay: the WAF
 * is a coarse outer fence, priced per month (docs/deploy.md), so it is off unless a county asks.
 *
 * CloudFront takes web ACLs of scope CLOUDFRONT, which exist only in us-east-1: a county stack in
 * us-east-1 holds its web ACL itself; elsewhere `CloudFrontWafStack` holds it in us-east-1 and the
 * county stack reads its ARN through CDK's cross-region references (an SSM parameter in us-east-1
 * and a reader in the county's region, written on deploy).
 *
 * No sampled requests and no logging: WAF samples keep client IP addresses, which must never sit
 * beside anonymous tips. The rule's CloudWatch metrics (counts only) are kept.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The region of every web ACL CloudFront can use. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

export interface RateLimitWebAclProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  /** Requests one address may make in any five minutes before it is answered 429 (AWS allows 10 or more). */
  readonly requestsPer5Minutes: number;
  /** Named in the 429 answer, e.g. `110`. */
  readonly emergencyNumber: string;
}

export class RateLimitWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** What the distribution's `webAclId` takes. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: RateLimitWebAclProps) {
    super(scope, id);
    const metrics = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName: `${props.prefix}-${name}`, sampledRequestsEnabled: false });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.prefix}-rate-limit`,
      description: `${props.prefix}: answers 429 to an address past ${props.requestsPer5Minutes} requests in 5 minutes`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metrics('web-acl'),
      customResponseBodies: {
        tooMany: {
          contentType: 'TEXT_PLAIN',
          content: `请求过多，请过几分钟再试。紧急情况请立即拨打 ${props.emergencyNumber}。\nToo many requests: try again in a few minutes. In an emergency call ${props.emergencyNumber} now.\n`,
        },
      },
      rules: [
        {
          name: 'requests-per-address',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.requestsPer5Minutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
          action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany', responseHeaders: [{ name: 'Retry-After', value: '300' }] } } },
          visibilityConfig: metrics('requests-per-address'),
        },
      ],
    });
    this.arn = this.webAcl.attrArn;
  }
}

export interface CloudFrontWafStackProps extends StackProps, RateLimitWebAclProps {}

/** The web ACL of a county stack outside us-east-1, in a stack of its own in us-east-1. */
export class CloudFrontWafStack extends Stack {
  readonly rateLimit: RateLimitWebAcl;

  constructor(scope: Construct, id: string, props: CloudFrontWafStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: CLOUDFRONT_WAF_REGION }, crossRegionReferences: true });
    this.rateLimit = new RateLimitWebAcl(this, 'RateLimit', props);
  }
}
