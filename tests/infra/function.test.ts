/**
 * CunjingFunction on its own: an environment variable for a table never exists without its grant,
 * and the other way round. Bundling is skipped: only the configuration is under test.
 */
import { describe, expect, it } from 'vitest';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CASES_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import { DataTables } from '../../infra/constructs/data.ts';
import { CunjingFunction, type CunjingFunctionProps } from '../../infra/constructs/function.ts';
import { WRITE_ACTIONS, actionsOn, logicalId, statementsOf, testApp } from './support.ts';

function arrange(props: Partial<CunjingFunctionProps> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Test');
  const data = new DataTables(stack, 'Data', { prefix: 'test', production: false });
  const fn = new CunjingFunction(stack, 'Fn', { entry: 'functions/handlers/api.ts', serviceName: 'test-fn', ...props });
  return { stack, data, fn };
}

describe('CunjingFunction', () => {
  it('sets a table name variable and the matching read-only grant in one call', () => {
    // Arrange
    const { stack, data, fn } = arrange();

    // Act
    fn.useTable(data.table(ROSTER_TABLE), ROSTER_TABLE, 'read');

    // Assert
    const template = Template.fromStack(stack);
    const variables = template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;
    expect(variables[ROSTER_TABLE.envVar]).toEqual({ Ref: logicalId(data.table(ROSTER_TABLE)) });
    const roster = actionsOn(statementsOf(template, fn), logicalId(data.table(ROSTER_TABLE)));
    expect([...roster]).toContain('dynamodb:Query');
    expect([...roster].filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
    expect(variables[CASES_TABLE.envVar]).toBeUndefined();
  });

  it('refuses a table variable passed as plain environment, where it would come without a grant', () => {
    expect(() => arrange({ environment: { CASES_TABLE: 'cunjing-demo-cases' } })).toThrow(/CASES_TABLE must not be passed in environment/);
  });

  it('refuses to attach the same table twice', () => {
    const { data, fn } = arrange();
    fn.useTable(data.table(CASES_TABLE), CASES_TABLE, 'read');

    expect(() => fn.useTable(data.table(CASES_TABLE), CASES_TABLE, 'readWrite')).toThrow(/already uses the cases table/);
  });

  it('applies the documented defaults: 256 MB, 10 s, one-month logs, INFO, Cunjing metrics namespace', () => {
    const { stack } = arrange();

    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 256,
      Timeout: 10,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'test-fn', POWERTOOLS_METRICS_NAMESPACE: 'Cunjing', LOG_LEVEL: 'INFO' } },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
  });

  it('gives the function a role of its own that may write only to its own log group', () => {
    // Arrange + Act
    const { stack, fn } = arrange();

    // Assert
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    expect(statementsOf(template, fn)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] }] },
    ]);
  });

  it('passes a secret by ARN with read access to that secret alone', () => {
    // Arrange
    const { stack, fn } = arrange();
    const secret = new secretsmanager.Secret(stack, 'Secret');

    // Act
    fn.useSecret('LINK_SECRET_ARN', secret);

    // Assert
    const template = Template.fromStack(stack);
    const variables = template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;
    expect(variables.LINK_SECRET_ARN).toEqual({ Ref: logicalId(secret) });
    const onSecret = statementsOf(template, fn).filter((s) => JSON.stringify(s.Resource).includes(logicalId(secret)));
    expect(onSecret.flatMap((s) => s.Action).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('refuses the secret variable passed as plain environment', () => {
    expect(() => arrange({ environment: { LINK_SECRET_ARN: 'arn:aws:secretsmanager:x' } })).toThrow(/LINK_SECRET_ARN must not be passed in environment/);
  });
});
