/**
 * CountyStack, asserted resource by resource (no whole-template snapshots). The stack is synthesized
 * once per describe block; esbuild bundles each handler once per test file (CDK caches the asset).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CASES_TABLE, TABLES, tableName, type TableDefinition } from '../../functions/store/tables.ts';
import { CountyStack } from '../../infra/stack.ts';
import {
  WRITE_ACTIONS,
  actionsOn,
  allActions,
  demoCounty,
  logicalId,
  otherCounty,
  statementsOf,
  testApp,
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

describe('CountyStack for a production county', () => {
  let stack: CountyStack;
  let template: Template;

  beforeAll(() => {
    // Arrange + Act: synthesize the demo county once for every test below.
    stack = new CountyStack(testApp(), 'Cunjing-demo', { countyId: 'demo', county: demoCounty() });
    template = Template.fromStack(stack);
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
        const resource = template.toJSON().Resources[logicalId(stack.data.table(def))];
        expect(resource.Properties.TableName).toBe(tableName('cunjing-demo', def));
      }
    });

    it('expires cases-table items by their expiresAt attribute', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TableName: 'cunjing-demo-cases',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
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
  });

  describe('functions', () => {
    it('runs both functions on Node.js 24, arm64, 256 MB, from an ESM bundle with source maps', () => {
      template.resourceCountIs('AWS::Lambda::Function', 2);
      template.allResourcesProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Handler: 'index.handler',
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    });

    it('gives each function its own log group kept for one month', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 2);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      const logGroups = [stack.api.handler, stack.routing.handler].map((fn) => logicalId(fn.logGroup));
      expect(new Set(logGroups).size).toBe(2);
      for (const fn of [stack.api.handler, stack.routing.handler]) {
        const resource = template.toJSON().Resources[logicalId(fn.function)];
        expect(resource.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(fn.logGroup) } });
      }
    });

    it('passes the api function its table names, the county code and Powertools settings', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectEquals({
            CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
            RATINGS_TABLE: stack.resolve(stack.data.tables.ratings.tableName),
            ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
            COUNTY_CODE: 'DEMO',
            POWERTOOLS_SERVICE_NAME: 'cunjing-demo-api',
            POWERTOOLS_METRICS_NAMESPACE: 'Cunjing',
            LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    });

    it('passes route-case the cases and roster tables and the SNS adapter, but not the ratings table', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectEquals({
            CASES_TABLE: stack.resolve(stack.data.tables.cases.tableName),
            ROSTER_TABLE: stack.resolve(stack.data.tables.roster.tableName),
            COUNTY_CODE: 'DEMO',
            SMS_ADAPTER: 'sns',
            POWERTOOLS_SERVICE_NAME: 'cunjing-demo-route-case',
            POWERTOOLS_METRICS_NAMESPACE: 'Cunjing',
            LOG_LEVEL: 'INFO',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    });
  });

  describe('permissions', () => {
    it('lets the api function read and write cases and ratings but only read the roster', () => {
      const statements = statementsOf(template, stack.api.handler);
      const cases = actionsOn(statements, logicalId(stack.data.tables.cases));
      const ratings = actionsOn(statements, logicalId(stack.data.tables.ratings));
      const roster = actionsOn(statements, logicalId(stack.data.tables.roster));

      expect([...cases]).toEqual(expect.arrayContaining(['dynamodb:Query', ...WRITE_ACTIONS]));
      expect([...ratings]).toEqual(expect.arrayContaining(['dynamodb:GetItem', ...WRITE_ACTIONS]));
      expect([...roster]).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
      expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
    });

    it('lets route-case read and write cases and read the roster, and gives it no access to ratings', () => {
      const statements = statementsOf(template, stack.routing.handler);

      expect([...actionsOn(statements, logicalId(stack.data.tables.cases))]).toEqual(expect.arrayContaining(WRITE_ACTIONS));
      const roster = actionsOn(statements, logicalId(stack.data.tables.roster));
      expect([...roster]).toContain('dynamodb:GetItem');
      expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
      expect(actionsOn(statements, logicalId(stack.data.tables.ratings)).size).toBe(0);
    });

    it('allows sns:Publish to route-case (on *, for phone numbers) and never to the api function', () => {
      const routeCase = statementsOf(template, stack.routing.handler);
      const api = statementsOf(template, stack.api.handler);

      expect(routeCase).toContainEqual({ Effect: 'Allow', Action: ['sns:Publish'], Resource: ['*'] });
      expect(allActions(api)).not.toContain('sns:Publish');
      expect([...allActions(api)].filter((a) => a.startsWith('sns:'))).toEqual([]);
    });
  });

  describe('case routing', () => {
    it('invokes route-case from the cases stream only for inserted case items, reporting partial batch failures', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(stack.routing.handler.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.data.tables.cases), 'StreamArn'] },
        FilterCriteria: {
          Filters: [{ Pattern: Match.serializedJson({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: ['CASE'] } } } }) }],
        },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('starts at the trim horizon, splits failing batches and retries a bounded number of times', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
      });
    });

    it('sends batches that exhaust their retries to an encrypted dead-letter queue', () => {
      const queueId = logicalId(stack.routing.deadLetterQueue);
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
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

    it('outputs the API URL', () => {
      template.hasOutput('ApiUrl', { Value: stack.resolve(stack.api.url) });
    });
  });
});

describe('CountyStack for a throw-away county (production: false)', () => {
  it('lets its tables and log groups be deleted with the stack', () => {
    // Arrange + Act
    const stack = new CountyStack(testApp(), 'Cunjing-trial', { countyId: 'trial', county: demoCounty(), production: false });
    const template = Template.fromStack(stack);

    // Assert
    template.allResources('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});

describe('several counties in one app', () => {
  it('synthesizes two counties side by side without a name collision', () => {
    // Arrange
    const app = testApp();
    const demo = new CountyStack(app, 'Cunjing-demo', { countyId: 'demo', county: demoCounty() });
    const other = new CountyStack(app, 'Cunjing-hilltop', { countyId: 'hilltop', county: otherCounty('HILL') });

    // Act
    const assembly = app.synth();
    const templates = [demo, other].map((stack) => Template.fromStack(stack));

    // Assert
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Cunjing-demo', 'Cunjing-hilltop']);
    const physicalNames = templates.flatMap((template) =>
      Object.values(template.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>).flatMap((resource) =>
        ['TableName', 'Name', 'FunctionName', 'QueueName', 'LogGroupName', 'RoleName']
          .map((key) => resource.Properties?.[key])
          .filter((value): value is string => typeof value === 'string'),
      ),
    );
    expect(physicalNames).toEqual(expect.arrayContaining(TABLES.map((def) => `cunjing-hilltop-${def.name}`)));
    expect(physicalNames.length).toBe(new Set(physicalNames).size);
    templates[1]!.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COUNTY_CODE: 'HILL', [CASES_TABLE.envVar]: Match.anyValue() }) },
    });
  });
});
