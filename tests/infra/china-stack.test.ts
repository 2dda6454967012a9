/**
 * demo-cn, a county in the AWS China regions (Ningxia), asserted resource by resource: what
 * CloudFront there lacks (functions, origin access control, cache/origin/headers policies, a usable
 * default name, ACM) is replaced, the partition is never written by hand, and synth says nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CHINA_FORWARDED_HEADERS, ChinaSite } from '../../infra/constructs/china-site.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import { SERVER_PATHS } from '../../infra/project.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { demoStack, logicalId, statementsOf, testSiteDir } from './support.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: string[] }>;

describe('CountyStack for demo-cn (cn-northwest-1)', () => {
  const county = loadCountyFile('demo-cn');
  let stack: CountyStack;
  let site: ChinaSite;
  let template: Template;
  let resources: Resources;
  let distribution: Record<string, any>;

  beforeAll(() => {
    // Arrange + Act: synthesize demo-cn once for every test below.
    stack = demoStack({ countyId: 'demo-cn', county, siteDir: testSiteDir() });
    site = stack.site as ChinaSite;
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
    distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties!.DistributionConfig;
  });

  it('is pinned to the county file\'s region, in the aws-cn partition', () => {
    expect(stack.region).toBe('cn-northwest-1');
    expect(stack.partition).toBe('aws-cn');
    expect(site).toBeInstanceOf(ChinaSite);
  });

  it('synthesizes with no warning and no error (CDK validates resource types against the region)', () => {
    const annotations = Annotations.fromStack(stack);

    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('uses no resource type the China regions lack: no CloudFront function, no origin access control, no CloudFront policies', () => {
    for (const type of ['AWS::CloudFront::Function', 'AWS::CloudFront::OriginAccessControl', 'AWS::CloudFront::CachePolicy', 'AWS::CloudFront::OriginRequestPolicy', 'AWS::CloudFront::ResponseHeadersPolicy']) {
      template.resourceCountIs(type, 0);
    }
    const text = JSON.stringify(distribution);
    for (const key of ['CachePolicyId', 'OriginRequestPolicyId', 'ResponseHeadersPolicyId', 'FunctionAssociations', 'LambdaFunctionAssociations', 'OriginAccessControlId']) {
      expect(text).not.toContain(key);
    }
  });

  it('answers on the ICP-filed domain with the IAM certificate, TLS 1.2 at least', () => {
    expect(distribution.Aliases).toEqual([county.deployment!.domainName]);
    expect(distribution.ViewerCertificate).toEqual({ IamCertificateId: county.deployment!.iamCertificateId, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    template.hasOutput('SiteUrl', { Value: `https://${county.deployment!.domainName}` });
    template.hasOutput('DistributionDomainName', { Value: { 'Fn::GetAtt': [stack.getLogicalId(site.distribution), 'DomainName'] } });
  });

  it('reads the private bucket through an origin access identity, the only reader its policy names', () => {
    const s3Origin = distribution.Origins.find((o: any) => o.Id === 'site');
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toEqual({ 'Fn::Join': ['', ['origin-access-identity/cloudfront/', { Ref: logicalId(site.originAccessIdentity) }]] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(site.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: 's3:GetObject', Principal: { CanonicalUser: { 'Fn::GetAtt': [logicalId(site.originAccessIdentity), 'S3CanonicalUserId'] } } }),
        ]),
      },
    });
  });

  it('asks the API for a file the bucket does not have (403 or 404), so a resident gets the site’s 404 page', () => {
    expect(distribution.OriginGroups).toEqual({
      Quantity: 1,
      Items: [{ Id: 'site-else-api', FailoverCriteria: { StatusCodes: { Quantity: 2, Items: [403, 404] } }, Members: { Quantity: 2, Items: [{ OriginId: 'site' }, { OriginId: 'api' }] } }],
    });
    expect(distribution.DefaultCacheBehavior.TargetOriginId).toBe('site-else-api');
    expect(distribution.CustomErrorResponses).toBeUndefined();
  });

  it('sends the API paths to the HTTP API uncached, with the origin secret CloudFront sets and a fixed list of viewer headers without Host', () => {
    const api = distribution.Origins.find((o: any) => o.Id === 'api');
    expect(api.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: expect.objectContaining({ 'Fn::Join': expect.anything() }) }]);
    expect(JSON.stringify(api.OriginCustomHeaders)).toContain('resolve:secretsmanager');
    expect(distribution.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual([...SERVER_PATHS]);
    for (const behaviour of distribution.CacheBehaviors) {
      expect(behaviour).toMatchObject({ TargetOriginId: 'api', ViewerProtocolPolicy: 'redirect-to-https', MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 });
      expect(behaviour.ForwardedValues).toEqual({ QueryString: true, Cookies: { Forward: 'all' }, Headers: [...CHINA_FORWARDED_HEADERS] });
    }
    expect(CHINA_FORWARDED_HEADERS.length).toBeLessThanOrEqual(10);
    expect(CHINA_FORWARDED_HEADERS.map((h) => h.toLowerCase())).not.toContain('host');
    expect(CHINA_FORWARDED_HEADERS.map((h) => h.toLowerCase())).not.toContain('x-viewer-address');
  });

  it('tells the API functions that no CloudFront function writes X-Viewer-Address, and only them', () => {
    for (const fn of [stack.api.handler, stack.api.adminHandler, stack.api.open311Handler]) {
      expect(resources[logicalId(fn.function)]!.Properties!.Environment.Variables.VIEWER_ADDRESS_FROM).toBe('cloudfront');
    }
    expect(resources[logicalId(stack.routing.handler.function)]!.Properties!.Environment.Variables.VIEWER_ADDRESS_FROM).toBeUndefined();
  });

  it('writes each page under its directory keys after the site files are deployed, again whenever they change', () => {
    const [id, indexKeys] = Object.entries(template.findResources('Custom::CunjingSiteIndexKeys'))[0]!;
    expect(indexKeys.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [logicalId(site.indexKeysHandler.function), 'Arn'] },
      Bucket: { Ref: logicalId(site.bucket) },
      Pages: ['about/index.html'],
      SiteVersion: { 'Fn::Join': [',', { 'Fn::GetAtt': [expect.stringMatching(/^SiteDeploymentCustomResource/), 'SourceObjectKeys'] }] },
    });
    expect(resources[id]!.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SiteDeploymentCustomResource/)]));
    const statements = statementsOf(template, site.indexKeysHandler);
    expect(statements.find((s) => s.Action.includes('s3:PutObject'))!.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(site.bucket), 'Arn'] }, '/*']] }]);
  });

  it('writes no ARN of the global partition and no phone number of the roster', () => {
    const text = JSON.stringify(template.toJSON());
    const phones = [...new Set(JSON.stringify(county).match(/\+\d{7,15}/g))];

    expect(text).not.toMatch(/arn:aws:/);
    for (const phone of phones) expect(text).not.toContain(phone);
  });

  it('keeps no alarm on SNS SMS spend, which SNS in China does not send', () => {
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties!.AlarmName)).not.toContain('cunjing-demo-cn-sms-spend');
  });
});

describe('a county without a deployment section', () => {
  it('stays region-agnostic, on the global site, with X-Viewer-Address trusted', () => {
    const stack = demoStack();

    expect(stack.region).toMatch(/^\$\{Token/);
    expect(stack.site).not.toBeInstanceOf(ChinaSite);
    expect(Template.fromStack(stack).toJSON().Resources[logicalId(stack.api.handler.function)].Properties.Environment.Variables.VIEWER_ADDRESS_FROM).toBeUndefined();
  });
});
