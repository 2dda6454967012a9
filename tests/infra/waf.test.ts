/**
 * The county file's opt-in WAF (`site.waf`): a rate-based web ACL on the CloudFront distribution,
 * built in us-east-1 (the only region CloudFront takes web ACLs from) whatever the county's region.
 */
import { describe, expect, it } from 'vitest';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import { CountyStack, DeploymentSettingError } from '../../infra/stack.ts';
import { demoCounty, testApp, testSiteDir } from './support.ts';

const withWaf = (requestsPer5Minutes = 1000): County => ({ ...demoCounty(), site: { ...demoCounty().site, waf: { requestsPer5Minutes } } });

function arrange(county: County, region?: string) {
  const app = testApp();
  const stack = new CountyStack(app, 'Cunjing-demo', { countyId: 'demo', county, siteDir: testSiteDir(), ...(region && { env: { account: '123456789012', region } }) });
  return { app, stack };
}

describe('the WAF switch (county file site.waf)', () => {
  it('puts a rate-based web ACL of scope CLOUDFRONT on the distribution of a stack in us-east-1', () => {
    // Arrange + Act
    const { stack } = arrange(withWaf(600), 'us-east-1');

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: Match.objectLike({ SampledRequestsEnabled: false }),
      Rules: [
        Match.objectLike({
          Statement: { RateBasedStatement: { Limit: 600, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } },
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }] }) } },
        }),
      ],
    });
    const webAclId = stack.getLogicalId(stack.webAcl!.webAcl);
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [webAclId, 'Arn'] } }) });
  });

  it('builds the web ACL in a stack of its own in us-east-1 for a county stack elsewhere, and the distribution reads its ARN across regions', () => {
    // Arrange + Act
    const { app, stack } = arrange(withWaf(), 'ap-east-1');

    // Assert
    const wafStack = app.node.findChild('Cunjing-demo-waf') as Stack;
    expect(wafStack.region).toBe('us-east-1');
    Template.fromStack(wafStack).resourceCountIs('AWS::WAFv2::WebACL', 1);
    const county = Template.fromStack(stack);
    county.resourceCountIs('AWS::WAFv2::WebACL', 0);
    const distribution = Object.values(county.findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: { WebACLId?: unknown } } };
    expect(distribution.Properties.DistributionConfig.WebACLId).toMatchObject({ 'Fn::GetStackOutput': { StackName: wafStack.stackName, Region: 'us-east-1' } });
    expect(stack.dependencies).toContain(wafStack);
  });

  it('builds no web ACL without the switch, and the stack stays environment-agnostic', () => {
    const { app, stack } = arrange(demoCounty());

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.absent() }) });
    expect(app.node.tryFindChild('Cunjing-demo-waf')).toBeUndefined();
  });

  it('refuses the switch on a stack that does not know its region, saying what to do', () => {
    expect(() => arrange(withWaf())).toThrow(DeploymentSettingError);
    expect(() => arrange(withWaf())).toThrow(/site\.waf needs the stack's region/);
  });

  it('takes a limit of at least 10 requests per 5 minutes in the county file, as AWS does', () => {
    const file = (requestsPer5Minutes: number) => ({ ...JSON.parse(JSON.stringify(demoCounty())), site: { waf: { requestsPer5Minutes } } });

    expect(parseCounty(file(1000)).site?.waf).toEqual({ requestsPer5Minutes: 1000 });
    expect(() => parseCounty(file(5))).toThrow(/site\.waf\.requestsPer5Minutes/);
  });
});
