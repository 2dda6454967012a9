/**
 * The AWS side of the limits against abuse: only CloudFront reaches the API (origin-verify header),
 * the client address comes from CloudFront (a viewer-request function), and the routes floods aim
 * at have throttles of their own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { INTAKE_ROUTE, SIGN_IN_ROUTE } from '../../infra/constructs/api.ts';
import { VIEWER_ADDRESS_FUNCTION } from '../../infra/constructs/site.ts';
import { SERVER_PATHS } from '../../infra/project.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { demoStack, logicalId } from './support.ts';

let stack: CountyStack;
let template: Template;
const distribution = () => Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

beforeAll(() => {
  stack = demoStack();
  template = Template.fromStack(stack);
});

describe('only CloudFront reaches the API', () => {
  it('generates an origin-verify secret that CloudFront sends to the API origin as X-Origin-Verify', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'cunjing-demo/origin-verify', GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
    const apiOrigin = (distribution().Origins as any[]).find((o) => o.CustomOriginConfig);

    expect(apiOrigin.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: expect.anything() }]);
    expect(JSON.stringify(apiOrigin.OriginCustomHeaders[0].HeaderValue)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(apiOrigin.OriginCustomHeaders[0].HeaderValue)).toContain(logicalId(stack.api.originSecret));
  });

  it('gives the API functions (public, admin, Open311) the origin secret to check', () => {
    for (const fn of [stack.api.handler, stack.api.adminHandler, stack.api.open311Handler]) {
      const variables = template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;
      expect(variables.ORIGIN_SECRET_ARN).toEqual({ Ref: logicalId(stack.api.originSecret) });
    }
  });
});

describe('the client address on AWS', () => {
  it.each(SERVER_PATHS.map((p) => [p]))('sets X-Viewer-Address from CloudFront\'s viewer IP on %s', (pathPattern) => {
    const behavior = (distribution().CacheBehaviors as any[]).find((b) => b.PathPattern === pathPattern);

    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringContaining('ViewerAddress'), 'FunctionARN'] } }]);
  });

  it('writes the viewer IP over anything the client sent in that header', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: VIEWER_ADDRESS_FUNCTION });
    const request = { headers: { 'x-viewer-address': { value: '192.0.2.1' } } };

    const out = new Function(`${VIEWER_ADDRESS_FUNCTION}; return handler;`)()({ request, viewer: { ip: '198.51.100.7' } });

    expect(out.headers['x-viewer-address']).toEqual({ value: '198.51.100.7' });
  });
});

describe('per-route throttles', () => {
  it('gives case submissions and the sign-in steps their own routes and throttles, under the stage default', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;

    expect(stage.RouteSettings).toEqual({
      [`${INTAKE_ROUTE.method} ${INTAKE_ROUTE.path}`]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 20 },
      [`${SIGN_IN_ROUTE.method} ${SIGN_IN_ROUTE.path}`]: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 10 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${INTAKE_ROUTE.method} ${INTAKE_ROUTE.path}` });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${SIGN_IN_ROUTE.method} ${SIGN_IN_ROUTE.path}` });
  });

  it('sends submissions to the public function and the sign-in steps to the admin function', () => {
    const integrationOf = (routeKey: string) => {
      const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
      const target = JSON.stringify(route!.Properties.Target);
      return JSON.stringify(Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(([id]) => target.includes(id))![1].Properties.IntegrationUri);
    };

    expect(integrationOf(`${INTAKE_ROUTE.method} ${INTAKE_ROUTE.path}`)).toContain(logicalId(stack.api.handler.function));
    expect(integrationOf(`${SIGN_IN_ROUTE.method} ${SIGN_IN_ROUTE.path}`)).toContain(logicalId(stack.api.adminHandler.function));
  });
});
