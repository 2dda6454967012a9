/**
 * CountyStack, asserted resource by resource (no whole-template snapshots): every security and
 * reliability property the deployment promises. Each describe block synthesizes its stack once;
 * functions are not bundled here (the CLI synth test in county-file.test.ts bundles them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { CASES_TABLE, TABLES, tableName, type TableDefinition } from '../../functions/store/tables.ts';
import { ESCALATION_INTERVAL_MINUTES } from '../../infra/constructs/escalation.ts';
import { ROUTER_PATTERNS } from '../../functions/store/stream-filter.ts';
import { HSTS_MAX_AGE, type Site } from '../../infra/constructs/site.ts';
import { SMS_FAILED_LOG_MESSAGE } from '../../infra/constructs/sms.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import { SERVER_PATHS } from '../../infra/project.ts';
import { cspHash } from '../../infra/site-content.ts';
import { CountyStack } from '../../infra/stack.ts';
import { scaffoldCounty } from '../../scripts/county/lib.ts';
import {
  CUSTOM_DOMAIN,
  TEST_INLINE_SCRIPT,
  TEST_INLINE_STYLE,
  WRITE_ACTIONS,
  actionsOn,
  allActions,
  demoCounty,
  demoStack,
  logicalId,
  statementsOf,
  testApp,
  testSiteDir,
} from './support.ts';

function expectedTable(def: TableDefinition) {
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
  ];
  const keyAttributes = [def, ...def.globalSecondaryIndexes].flatMap((k) => [k.partitionKey, ...(k.sortKey ? [k.sortKey] : [])]);
  const attributeDefinitions = [...new Map(keyAttributes.map((k) => [k.name, { AttributeName: k.name, AttributeType: k.type }])).values()];
  return {
    TableName: `cunjing-demo-${def.name}`,
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    AttributeDefinitions: Match.arrayEquals(attributeDefinitions),
    GlobalSecondaryIndexes:
      def.globalSecondaryIndexes.length === 0
        ? Match.absent()
        : def.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection:
              typeof index.projection === 'string'
                ? { ProjectionType: index.projection }
                : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
          })),
    StreamSpecification: def.stream ? { StreamViewType: def.stream } : Match.absent(),
    TimeToLiveSpecification: def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : Match.absent(),
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string }>;

describe('CountyStack for a production county', () => {
  let stack: CountyStack;
  let template: Template;
  let resources: Resources;
  const variablesOf = (fn: { function: unknown }) =>
    resources[logicalId((fn as { function: Parameters<typeof logicalId>[0] }).function)]!.Properties!.Environment.Variables as Record<string, unknown>;
  /** What every function is given besides its own settings: the county code and Powertools' settings. */
  const everyFunction = (service: string) => ({
    COUNTY_CODE: 'DEMO',
    POWERTOOLS_SERVICE_NAME: `cunjing-demo-${service}`,
    POWERTOOLS_METRICS_NAMESPACE: 'Cunjing',
    LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  });
  /** The site's address, from the distribution's domain. */
  const siteUrl = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }]] });

  beforeAll(() => {
    // Arrange + Act: synthesize the demo county once for every test below.
    stack = demoStack();
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
  });

  describe('tables', () => {
    it('creates exactly one table per shared definition', () => {
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLES.length);
    });

    it.each(TABLES.map((def) => [def.name, def] as const))(
      'builds the %s table with the keys, indexes, stream and TTL of its definition',
      (_name, def) => {
        template.hasResourceProperties('AWS::DynamoDB::GlobalTable', expectedTable(def));
      },
    );

    it('exposes each table under its definition name', () => {
      for (const def of TABLES) {
        const resource = resources[logicalId(stack.data.table(def))]!;
        expect(resource.Properties!.TableName).toBe(tableName('cunjing-demo', def));
      }
    });

    it('expires cases-table items by the TTL attribute of the shared definition', () => {
      expect(CASES_TABLE.ttlAttribute).toBeTruthy();
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: 'cunjing-demo-cases',
        TimeToLiveSpecification: { AttributeName: CASES_TABLE.ttlAttribute, Enabled: true },
      });
    });

    it('streams new images of cases-table items', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: 'cunjing-demo-cases',
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    });

    it('bills every table per request and encrypts it with the AWS managed key', () => {
      template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      });
    });

    it('keeps point-in-time recovery on every table', () => {
      template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    });

    it('protects production tables from deletion and retains them when the stack goes', () => {
      template.allResources('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
      });
    });

    it('loads the county file into the roster table at deploy time from its asset, with write access to the roster only', () => {
      template.hasResourceProperties('Custom::CunjingRoster', {
        ServiceToken: { 'Fn::GetAtt': [logicalId(stack.rosterSeed.handler.function), 'Arn'] },
        RosterBucket: Match.anyValue(),
        RosterKey: stack.rosterSeed.asset.s3ObjectKey,
        County: Match.absent(),
      });
      const statements = statementsOf(template, stack.rosterSeed.handler);
      // The county file's one object, not the bootstrap bucket that holds every county's assets.
      const reads = statements.filter((s) => [s.Action].flat().includes('s3:GetObject'));
      expect(reads).toHaveLength(1);
      expect(JSON.stringify(reads[0]!.Resource)).toContain(`/${stack.rosterSeed.asset.s3ObjectKey}`);
      expect(JSON.stringify(reads[0]!.Resource)).not.toContain('*');
      expect([...actionsOn(statements, logicalId(stack.data.tables.roster))]).toEqual(expect.arrayContaining(WRITE_ACTIONS));
      expect(actionsOn(statements, logicalId(stack.data.tables.cases)).size).toBe(0);
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
    });

    it('carries no phone number and no name of the roster anywhere in the template', () => {
      const county = demoCounty();
      const phones = [...new Set(JSON.stringify(county).match(/\+\d{7,15}/g))];
      const people = [...county.officers, ...county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages.flatMap((v) => [v.assistant, ...v.defenceContacts])))];
      expect(phones.length).toBeGreaterThan(5);

      const text = JSON.stringify(template.toJSON());

      for (const phone of phones) {
        expect(text).not.toContain(phone);
        expect(text).not.toContain(phone.replace(/^\+86/, ''));
      }
      for (const person of people.filter(Boolean)) expect(text).not.toContain(JSON.stringify(person!.name));
    });
  });

  describe('functions', () => {
    const ours = () => [stack.api.handler, stack.routing.handler, stack.escalation.handler, stack.rosterSeed.handler];

    it('runs every function on Node.js 24, arm64, 256 MB, from an ESM bundle with source maps', () => {
      for (const fn of ours()) {
        const properties = resources[logicalId(fn.function)]!.Properties!;
        expect(properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256, Handler: 'index.handler' });
        expect(properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      }
    });

    it('gives each function its own log group kept for one month, like every other log group', () => {
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      const logGroups = ours().map((fn) => logicalId(fn.logGroup));
      expect(new Set(logGroups).size).toBe(ours().length);
      for (const fn of ours()) {
        expect(resources[logicalId(fn.function)]!.Properties!.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(fn.logGroup) } });
      }
    });

    it('passes the api function its tables, the link and origin secrets, the county code and Powertools settings', () => {
      expect(variablesOf(stack.api.handler)).toEqual({
        CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
        RATINGS_TABLE: stack.resolve(stack.data.tables.ratings.tableName),
        ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
        LINK_SECRET_ARN: stack.resolve(stack.linkSecret.secret.secretArn),
        PHOTOS_BUCKET: stack.resolve(stack.photos.bucket.bucketName),
        ORIGIN_SECRET_ARN: stack.resolve(stack.api.originSecret.secretArn),
        ...everyFunction('api'),
      });
    });

    it('passes route-case the cases and roster tables, the SNS adapter, the link secret and the site URL', () => {
      expect(variablesOf(stack.routing.handler)).toEqual({
        CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
        ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
        LINK_SECRET_ARN: stack.resolve(stack.linkSecret.secret.secretArn),
        PUBLIC_URL: siteUrl(),
        SMS_ADAPTER: 'sns',
        ...everyFunction('route-case'),
      });
    });

    it('passes escalate the cases and roster tables, the SNS adapter and the site URL (village digests), and no link secret', () => {
      expect(variablesOf(stack.escalation.handler)).toEqual({
        CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
        ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
        PUBLIC_URL: siteUrl(),
        SMS_ADAPTER: 'sns',
        ...everyFunction('escalate'),
      });
    });

    it('never gives the api function the site domain (CloudFront depends on the API: that would be a cycle)', () => {
      expect(JSON.stringify(variablesOf(stack.api.handler))).not.toContain(logicalId(stack.site.distribution));
    });
  });

  describe('permissions', () => {
    it('passes the admin function the cases and roster tables, the link and origin secrets, the SNS adapter and the county code', () => {
      expect(variablesOf(stack.api.adminHandler)).toEqual({
        CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
        ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
        LINK_SECRET_ARN: stack.resolve(stack.linkSecret.secret.secretArn),
        PHOTOS_BUCKET: stack.resolve(stack.photos.bucket.bucketName),
        ORIGIN_SECRET_ARN: stack.resolve(stack.api.originSecret.secretArn),
        SMS_ADAPTER: 'sns',
        ...everyFunction('admin'),
      });
    });

    it('lets the admin function write cases and the roster (imports, edits, alerts) and gives it no ratings', () => {
      const statements = statementsOf(template, stack.api.adminHandler);

      expect([...actionsOn(statements, logicalId(stack.data.tables.cases))]).toEqual(expect.arrayContaining(WRITE_ACTIONS));
      expect([...actionsOn(statements, logicalId(stack.data.tables.roster))]).toEqual(expect.arrayContaining(WRITE_ACTIONS));
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
    });

    it('routes /api/v1/admin/* and the officer page /o/* to the admin function and everything else to the public one', () => {
      const integrationOf = (routeKey: string) => {
        const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
        const target = JSON.stringify(route!.Properties.Target);
        const integration = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(([id]) => target.includes(id))!;
        return JSON.stringify(integration[1].Properties.IntegrationUri);
      };

      const admin = integrationOf('ANY /api/v1/admin/{proxy+}');

      expect(admin).toContain(logicalId(stack.api.adminHandler.function));
      expect(integrationOf('ANY /o/{proxy+}')).toBe(admin);
      expect(integrationOf('$default')).toContain(logicalId(stack.api.handler.function));
    });

    it('lets the public api function write cases and ratings but only read the roster', () => {
      const statements = statementsOf(template, stack.api.handler);
      const cases = actionsOn(statements, logicalId(stack.data.tables.cases));
      const ratings = actionsOn(statements, logicalId(stack.data.tables.ratings));
      const roster = actionsOn(statements, logicalId(stack.data.tables.roster));

      expect([...cases]).toEqual(expect.arrayContaining(['dynamodb:Query', ...WRITE_ACTIONS]));
      expect([...ratings]).toEqual(expect.arrayContaining(['dynamodb:GetItem', ...WRITE_ACTIONS]));
      expect([...roster]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
    });

    it('routes GET and POST /open311/* to the Open311 function, which files cases, reads the roster and has no ratings', () => {
      const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'GET /open311/{proxy+}' } }));
      const [post] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'POST /open311/{proxy+}' } }));
      const integration = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(([id]) => JSON.stringify(route!.Properties.Target).includes(id))!;
      const statements = statementsOf(template, stack.api.open311Handler);
      const roster = actionsOn(statements, logicalId(stack.data.tables.roster));

      expect(JSON.stringify(integration[1].Properties.IntegrationUri)).toContain(logicalId(stack.api.open311Handler.function));
      expect(post!.Properties.Target).toEqual(route!.Properties.Target);
      expect([...actionsOn(statements, logicalId(stack.data.tables.cases))]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', ...WRITE_ACTIONS]));
      expect([...roster]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
    });

    it('lets route-case read and write cases and read the roster, and gives it no access to ratings', () => {
      const statements = statementsOf(template, stack.routing.handler);

      expect([...actionsOn(statements, logicalId(stack.data.tables.cases))]).toEqual(expect.arrayContaining(WRITE_ACTIONS));
      const roster = actionsOn(statements, logicalId(stack.data.tables.roster));
      expect([...roster]).toContain('dynamodb:GetItem');
      expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
    });

    it('lets escalate read and write cases, read the roster and publish SMS (village digests), and nothing else', () => {
      const statements = statementsOf(template, stack.escalation.handler);

      expect([...actionsOn(statements, logicalId(stack.data.tables.cases))]).toEqual(expect.arrayContaining(['dynamodb:Query', ...WRITE_ACTIONS]));
      expect([...actionsOn(statements, logicalId(stack.data.tables.roster))].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
      expect([...allActions(statements)].filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual(['sns:Publish']);
    });

    it('lets only the api function and route-case read the link secret', () => {
      const secret = logicalId(stack.linkSecret.secret);
      const readers = [stack.api.handler, stack.routing.handler, stack.escalation.handler, stack.rosterSeed.handler].filter((fn) =>
        actionsOn(statementsOf(template, fn), secret).has('secretsmanager:GetSecretValue'),
      );
      expect(readers).toEqual([stack.api.handler, stack.routing.handler]);
    });

    it('allows sns:Publish to route-case, the admin function (sign-in codes) and escalate (village digests) alone, on * for phone numbers, and no other SNS action', () => {
      const senders = [stack.routing.handler, stack.api.adminHandler, stack.escalation.handler];
      for (const fn of senders) {
        const statements = statementsOf(template, fn);
        expect(statements).toContainEqual({ Effect: 'Allow', Action: ['sns:Publish'], Resource: ['*'] });
        expect([...allActions(statements)].filter((a) => a.startsWith('sns:'))).toEqual(['sns:Publish']);
      }
      const publishers = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
        JSON.stringify(policy.Properties.PolicyDocument.Statement).includes('"sns:'),
      );
      const roles = (list: unknown[]) => list.map((r) => JSON.stringify(r)).sort();
      expect(roles(publishers.map(([, policy]) => policy.Properties.Roles))).toEqual(roles(senders.map((fn) => [{ Ref: logicalId(fn.role) }])));
    });

    it('attaches no AWS managed policy to the functions\' roles', () => {
      for (const fn of [stack.api.handler, stack.api.adminHandler, stack.routing.handler, stack.escalation.handler, stack.rosterSeed.handler]) {
        expect(resources[logicalId(fn.role)]!.Properties!.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('case messaging from the cases stream', () => {
    /** The route-case function's mapping (the site publisher has one on the roster table: site-publisher.test.ts). */
    const mapping = () => Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: logicalId(stack.routing.handler.function) } } }))[0]!.Properties;
    const patterns = () => (mapping().FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));

    it('invokes route-case from the cases stream, reporting partial batch failures', () => {
      expect(Object.keys(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.data.tables.cases), 'StreamArn'] } } }))).toHaveLength(1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(stack.routing.handler.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.data.tables.cases), 'StreamArn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('filters with exactly the patterns the local stream poller applies, which Lambda ORs', () => {
      expect(patterns()).toEqual(ROUTER_PATTERNS);
    });

    it('lets through inserted case items', () => {
      expect(patterns()).toContainEqual({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['CASE'] } } } });
    });

    it('lets through new SMS items only while pending, never a modified item', () => {
      expect(patterns()).toContainEqual({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'SMS#' }] } }, NewImage: { status: { S: ['pending'] } } } });
      expect(patterns().every((p) => JSON.stringify(p.eventName) === '["INSERT"]')).toBe(true);
    });

    it('starts at the trim horizon, splits failing batches and retries a bounded number of times', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
      });
    });

    it('works on several batches of a shard at once, with no batching window', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ParallelizationFactor: 5, BatchSize: 20 });
      expect(mapping().MaximumBatchingWindowInSeconds).toBeUndefined();
    });

    it('sends batches that exhaust their retries to an encrypted, SSL-only dead-letter queue', () => {
      const queueId = logicalId(stack.routing.deadLetterQueue);
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  describe('HTTP API', () => {
    it('sends every request to the api function (Hono routes them)', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'cunjing-demo-api' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(stack.api.handler.function), 'Arn'] },
      });
    });

    it('throttles the auto-deployed $default stage', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      });
    });

    it('writes JSON access logs without the caller\'s IP address or user agent', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;
      expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(stack.api.accessLogGroup), 'Arn'] });
      const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
      expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
      expect(stage.AccessLogSettings.Format).not.toMatch(/sourceIp|userAgent/);
    });

    it('outputs the API URL', () => {
      template.hasOutput('ApiUrl', { Value: stack.resolve(stack.api.url) });
    });
  });

  describe('link secret', () => {
    it('generates a 48+ character key with no rotation, kept when the stack goes', () => {
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      const secret = template.toJSON().Resources[logicalId(stack.linkSecret.secret)];
      expect(secret!.DeletionPolicy).toBe('Retain');
      expect(secret!.Properties.Name).toBe('cunjing-demo/link-signing-key');
      expect(secret!.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(48);
    });
  });

  describe('site', () => {
    const distribution = () => Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const headers = (name: string) =>
      Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((p) => p.Properties.ResponseHeadersPolicyConfig.Name === name)!
        .Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

    it('keeps the files in a private, encrypted, SSL-only bucket that only this distribution may read', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        WebsiteConfiguration: Match.absent(),
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logicalId(stack.site.distribution) }])]) }) } },
            }),
          ]),
        },
      });
    });

    it('reaches the bucket through origin access control, signing every request', () => {
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
      });
      const origin = (distribution().Origins as any[]).find((o) => o.S3OriginConfig);
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    });

    it('keeps the bucket when a production stack is deleted', () => {
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    });

    it('serves the static pages over HTTPS, cached, compressed, with index.html for directories', () => {
      expect(distribution()).toMatchObject({
        DefaultRootObject: 'index.html',
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        DefaultCacheBehavior: {
          ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
          AllowedMethods: ['GET', 'HEAD'],
          Compress: true,
          ResponseHeadersPolicyId: { Ref: logicalId((stack.site as Site).staticHeaders) },
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
        },
      });
    });

    it('asks the API for a page the bucket does not have (its 404), so a resident gets the site’s 404 page, not S3’s error', () => {
      const s3Origin = (distribution().Origins as any[]).find((o) => o.S3OriginConfig);
      const apiOrigin = (distribution().Origins as any[]).find((o) => o.CustomOriginConfig);
      const groups = distribution().OriginGroups;

      expect(groups.Quantity).toBe(1);
      expect(groups.Items[0]).toMatchObject({
        FailoverCriteria: { StatusCodes: { Items: [404], Quantity: 1 } },
        Members: { Items: [{ OriginId: s3Origin.Id }, { OriginId: apiOrigin.Id }], Quantity: 2 },
      });
      expect(distribution().DefaultCacheBehavior.TargetOriginId).toBe(groups.Items[0].Id);
      // Not the distribution's custom error responses: they would answer the API's 404s with HTML too.
      expect(distribution().CustomErrorResponses).toBeUndefined();
    });

    it.each(SERVER_PATHS.map((p) => [p]))('sends %s to the API uncached, with every method, header but Host, query and cookie', (pathPattern) => {
      const behavior = (distribution().CacheBehaviors as any[]).find((b) => b.PathPattern === pathPattern);
      const apiOrigin = (distribution().Origins as any[]).find((o) => o.CustomOriginConfig);
      expect(behavior).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ResponseHeadersPolicyId: { Ref: logicalId((stack.site as Site).serverHeaders) },
      });
    });

    it('serves Open311 on the site’s own domain: /open311/* goes to the API like the rest of it', () => {
      const behavior = (distribution().CacheBehaviors as any[]).find((b) => b.PathPattern === '/open311/*');
      const apiOrigin = (distribution().Origins as any[]).find((o) => o.CustomOriginConfig);

      expect(behavior).toMatchObject({ TargetOriginId: apiOrigin.Id, AllowedMethods: expect.arrayContaining(['GET', 'POST']), CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId });
    });

    it('routes no other path to the API', () => {
      expect((distribution().CacheBehaviors as any[]).map((b) => b.PathPattern)).toEqual([...SERVER_PATHS]);
    });

    it('reaches the API over HTTPS with TLS 1.2 on its execute-api host', () => {
      const apiOrigin = (distribution().Origins as any[]).find((o) => o.CustomOriginConfig);
      expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(stack.api.httpApi));
      expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
    });

    it('sends HSTS for two years with subdomains, nosniff, DENY framing and no referrer on every path', () => {
      for (const name of ['cunjing-demo-static-headers', 'cunjing-demo-server-headers']) {
        expect(headers(name)).toMatchObject({
          StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE.toSeconds(), IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        });
      }
      expect(HSTS_MAX_AGE.toDays()).toBeGreaterThanOrEqual(730);
    });

    it('allows the static pages only this origin, the hashes of the build\'s inline scripts and styles, and uploads to the photos bucket', () => {
      const csp = headers('cunjing-demo-static-headers').ContentSecurityPolicy;
      expect(csp.Override).toBe(true);
      // The bucket's domain name is known at deploy time: the value is an Fn::Join around its attribute.
      const parts = (csp.ContentSecurityPolicy as { 'Fn::Join': [string, (string | { 'Fn::GetAtt': string[] })[]] })['Fn::Join'][1];
      const value = parts.map((p) => (typeof p === 'string' ? p : `<${p['Fn::GetAtt'].join('.')}>`)).join('');
      const directives = Object.fromEntries(value.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(directives).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'", cspHash(TEST_INLINE_SCRIPT)],
        'style-src': ["'self'", cspHash(TEST_INLINE_STYLE)],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'", `https://<${logicalId(stack.photos.bucket)}.RegionalDomainName>`],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'base-uri': ["'none'"],
      });
    });

    it('gives server-rendered pages a strict CSP the app may replace with its own', () => {
      const csp = headers('cunjing-demo-server-headers').ContentSecurityPolicy;
      expect(csp.Override).toBe(false);
      expect(csp.ContentSecurityPolicy).toMatch(/^default-src 'self';.*frame-ancestors 'none'; form-action 'self'; base-uri 'none'$/);
      expect(csp.ContentSecurityPolicy).not.toContain('unsafe-inline');
    });

    it('uploads the built site and invalidates the distribution on every deploy', () => {
      template.hasResourceProperties('Custom::CDKBucketDeployment', {
        DestinationBucketName: { Ref: logicalId(stack.site.bucket) },
        DistributionId: { Ref: logicalId(stack.site.distribution) },
        DistributionPaths: ['/*'],
        Prune: true,
        SystemMetadata: { 'cache-control': 'public, max-age=300' },
      });
    });

    it('answers on the CloudFront domain with its default certificate when the county has no domain', () => {
      expect(distribution().Aliases).toBeUndefined();
      expect(distribution().ViewerCertificate).toBeUndefined();
      template.hasOutput('SiteUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }]] } });
    });
  });

  describe('escalation schedule', () => {
    it('invokes escalate every minute, exactly on time, without retries', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: 'cunjing-demo-escalate',
        ScheduleExpression: `rate(${ESCALATION_INTERVAL_MINUTES} minute)`,
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack.escalation.handler.function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      });
    });

    it('turns off Lambda\'s own async retries and ends each run before the next one starts', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(stack.escalation.handler.function) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
      });
      expect(resources[logicalId(stack.escalation.handler.function)]!.Properties!.Timeout).toBeLessThan(ESCALATION_INTERVAL_MINUTES * 60);
    });

    it('lets the scheduler invoke the escalate function and nothing else', () => {
      const roleArn = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]!.Properties.Target.RoleArn as { 'Fn::GetAtt': [string, string] };
      const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.Roles).includes(roleArn['Fn::GetAtt'][0]),
      );
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string; Resource: unknown[] }[]);
      expect(statements.map((s) => s.Action)).toEqual(['lambda:InvokeFunction']);
      expect(JSON.stringify(statements[0]!.Resource)).toContain(logicalId(stack.escalation.handler.function));
    });
  });

  describe('SMS', () => {
    it('counts failed sends from route-case\'s structured logs into a metric named by its service', () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: logicalId(stack.routing.handler.logGroup) },
        FilterPattern: `{ ($.level = "WARN") && ($.message = "${SMS_FAILED_LOG_MESSAGE}") }`,
        MetricTransformations: [{ MetricNamespace: 'Cunjing', MetricName: 'SmsFailed', MetricValue: '$.failed', Dimensions: [{ Key: 'service', Value: '$.service' }], Unit: 'Count' }],
      });
    });

    it('passes no sender id when the county file has none (mainland China supports none)', () => {
      expect(variablesOf(stack.routing.handler).SMS_SENDER_ID).toBeUndefined();
    });
  });

  describe('operations', () => {
    const alarm = (name: string) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === name)?.Properties;
    const topic = () => ({ Ref: logicalId(stack.operations.topic) });

    it('has an SSL-only alarm topic named for the county, emailed to the county\'s address', () => {
      template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'cunjing-demo-alarms' });
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: demoCounty().ops!.alarmEmail, TopicArn: topic() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('lets CloudWatch publish to the topic for this county\'s alarms only', () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':alarm:cunjing-demo-*'])] }) } }),
            }),
          ]),
        },
      });
    });

    it('alarms to the topic, and tells it when each alarm is over, treating silence as healthy', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [topic()],
        OKActions: [topic()],
        TreatMissingData: 'notBreaching',
        AlarmName: Match.stringLikeRegexp('^cunjing-demo-'),
      });
    });

    it.each([
      ['api', (s: CountyStack) => s.api.handler],
      ['route-case', (s: CountyStack) => s.routing.handler],
      ['escalate', (s: CountyStack) => s.escalation.handler],
    ] as const)('alarms on any error of the %s function', (name, pick) => {
      expect(alarm(`cunjing-demo-${name}-errors`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(pick(stack).function) } }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('alarms when case SMS fall more than five minutes behind the stream', () => {
      expect(alarm('cunjing-demo-stream-behind')).toMatchObject({ MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: 300_000 });
    });

    it('alarms on the first message in the dead-letter queue', () => {
      expect(alarm('cunjing-demo-dead-letters')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.routing.deadLetterQueue), 'QueueName'] } }],
        Threshold: 1,
      });
    });

    it('alarms on the first failed SMS of this county', () => {
      expect(alarm('cunjing-demo-sms-failed')).toMatchObject({
        Namespace: 'Cunjing',
        MetricName: 'SmsFailed',
        Dimensions: [{ Name: 'service', Value: 'cunjing-demo-route-case' }],
        Statistic: 'Sum',
        Threshold: 1,
      });
    });

    it('alarms on the first SMS the gate withholds for the county\'s monthly budget, counted from every sender\'s log', () => {
      expect(alarm('cunjing-demo-sms-budget')).toMatchObject({ Namespace: 'Cunjing', MetricName: 'SmsWithheldByBudget', Statistic: 'Sum', Threshold: 1 });
      for (const sender of [stack.routing.handler, stack.api.adminHandler, stack.escalation.handler]) {
        template.hasResourceProperties('AWS::Logs::MetricFilter', {
          LogGroupName: { Ref: logicalId(sender.logGroup) },
          FilterPattern: '{ $.message = "SMS withheld: monthly SMS budget reached" }',
          MetricTransformations: [Match.objectLike({ MetricName: 'SmsWithheldByBudget', MetricValue: '$.withheld' })],
        });
      }
    });

    it('alarms when the account\'s SMS spend reaches 80% of the county\'s monthly budget', () => {
      expect(demoCounty().sms.monthlySpendLimitUsd).toBe(20);
      expect(alarm('cunjing-demo-sms-spend')).toMatchObject({ Namespace: 'AWS/SNS', MetricName: 'SMSMonthToDateSpentUSD', Statistic: 'Maximum', Threshold: 16 });
    });

    it('alarms on any 5xx answer of the API', () => {
      expect(alarm('cunjing-demo-api-5xx')).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.api.httpApi) } }],
        Threshold: 1,
      });
    });
  });

  describe('idle cost', () => {
    it('has no NAT gateway, VPC, provisioned concurrency or always-on compute', () => {
      for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::VPC', 'AWS::EC2::Instance', 'AWS::ECS::Service', 'AWS::RDS::DBInstance', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::KMS::Key', 'AWS::WAFv2::WebACL']) {
        template.resourceCountIs(type, 0);
      }
      template.allResourcesProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
      expect(JSON.stringify(template.toJSON())).not.toContain('ProvisionedConcurrency');
    });
  });
});

describe('CountyStack with a custom domain and a sender id', () => {
  let stack: CountyStack;
  let template: Template;

  beforeAll(() => {
    const county = { ...demoCounty(), site: CUSTOM_DOMAIN, sms: { provider: 'sns' as const, senderId: 'CUNJING', monthlySpendLimitUsd: 50, pricePerPartUsd: 0.04 } };
    stack = demoStack({ county });
    template = Template.fromStack(stack);
  });

  it('answers on the county\'s domain with its us-east-1 certificate, TLS 1.2 at least, over SNI', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [CUSTOM_DOMAIN.domainName],
        ViewerCertificate: { AcmCertificateArn: CUSTOM_DOMAIN.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('puts the county\'s domain in the officers\' SMS links', () => {
    const variables = template.toJSON().Resources[logicalId(stack.routing.handler.function)].Properties.Environment.Variables;
    expect(variables.PUBLIC_URL).toBe(`https://${CUSTOM_DOMAIN.domainName}`);
    template.hasOutput('SiteUrl', { Value: `https://${CUSTOM_DOMAIN.domainName}` });
  });

  it('passes the sender id to the functions that send SMS (escalate: the village digests) and to no other', () => {
    const variables = (fn: { function: Parameters<typeof logicalId>[0] }) => template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;
    expect(variables(stack.routing.handler).SMS_SENDER_ID).toBe('CUNJING');
    expect(variables(stack.api.adminHandler).SMS_SENDER_ID).toBe('CUNJING');
    expect(variables(stack.api.handler).SMS_SENDER_ID).toBeUndefined();
    expect(variables(stack.escalation.handler).SMS_SENDER_ID).toBe('CUNJING');
  });

  it('sets the spend alarm from this county\'s budget', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cunjing-demo-sms-spend', Threshold: 40 });
  });
});

describe('CountyStack for a county without an alarm email or SMS budget', () => {
  it('creates no subscription or spend alarm, and warns that nobody hears the alarms', () => {
    // Arrange
    const { ops: _ops, ...county } = demoCounty();
    const stack = demoStack({ county: { ...county, sms: { provider: 'sns', pricePerPartUsd: 0.04 } } });

    // Act
    const template = Template.fromStack(stack);

    // Assert
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName)).not.toContain('cunjing-demo-sms-spend');
    Annotations.fromStack(stack).hasWarning('/Cunjing-demo/Operations', Match.stringLikeRegexp('no ops.alarmEmail'));
  });
});

describe('CountyStack for a throw-away county (production: false)', () => {
  it('lets its tables, log groups, secret and site bucket be deleted with the stack', () => {
    // Arrange + Act
    const stack = demoStack({ countyId: 'trial', production: false });
    const template = Template.fromStack(stack);

    // Assert
    template.allResources('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: logicalId(stack.site.bucket) } });
  });
});

describe('the site build', () => {
  it('fails synth naming the build command when the site is not built', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cunjing-nosite-'));
    try {
      expect(() => demoStack({ siteDir: empty })).toThrow(/The web site is not built: .*index\.html is missing\. Run `COUNTY=<county> npm run build:web`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('several counties in one app', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cunjing-counties-'));
  // A second county exactly as county:new writes it.
  beforeAll(() => scaffoldCounty('hilltop', { dir: scratch, code: 'HILL', name: '山顶县' }));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('synthesizes the demo and a county scaffolded by county:new side by side without a name collision', () => {
    // Arrange
    const hilltop = loadCountyFile('hilltop', scratch);
    const app = testApp();
    const demo = new CountyStack(app, 'Cunjing-demo', { countyId: 'demo', county: demoCounty(), siteDir: testSiteDir() });
    const other = new CountyStack(app, 'Cunjing-hilltop', { countyId: 'hilltop', county: hilltop, siteDir: testSiteDir() });

    // Act
    const assembly = app.synth();
    const templates = [demo, other].map((stack) => Template.fromStack(stack));

    // Assert
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Cunjing-demo', 'Cunjing-hilltop']);
    const nameKeys = ['TableName', 'Name', 'FunctionName', 'QueueName', 'LogGroupName', 'RoleName', 'AlarmName', 'TopicName', 'ScheduleName'];
    const physicalNames = templates.flatMap((template) =>
      Object.values(template.toJSON().Resources as Resources).flatMap((resource) => {
        const props = resource.Properties ?? {};
        const nested = [props.ResponseHeadersPolicyConfig?.Name, props.OriginAccessControlConfig?.Name, props.FunctionConfig?.Name];
        return [...nameKeys.map((key) => props[key]), ...nested].filter((value): value is string => typeof value === 'string');
      }),
    );
    expect(physicalNames).toEqual(expect.arrayContaining([...TABLES.map((def) => `cunjing-hilltop-${def.name}`), 'cunjing-hilltop-escalate', 'cunjing-hilltop-alarms']));
    expect(physicalNames.length).toBe(new Set(physicalNames).size);
    templates[1]!.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COUNTY_CODE: 'HILL', [CASES_TABLE.envVar]: Match.anyValue() }) },
    });
  });

  it('warns when the built site does not list the county\'s villages (built for another county)', () => {
    const hilltop = loadCountyFile('hilltop', scratch);
    const stack = new CountyStack(testApp(), 'Cunjing-hilltop', { countyId: 'hilltop', county: hilltop, siteDir: testSiteDir() });

    Annotations.fromStack(stack).hasWarning('/Cunjing-hilltop/Site', Match.stringLikeRegexp('COUNTY=hilltop npm run build:web'));
  });
});
