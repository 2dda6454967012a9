/**
 * CunjingFunction on its own: an environment variable for a table never exists without its grant,
 * and the other way round. Bundling is skipped: only the configuration is under test.
 */
import { describe, expect, it } from 'vitest';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CASES_TABLE, ROSTER_TABLE } from '../../functions/store/tables.ts';
import { DataTables } from '../../infra/constructs/data.ts';
import { CunjingFunction, type CunjingFunctionProps } from '../../infra/constructs/function.ts';
import { WRITE_ACTIONS, actionsOn, logicalId, statementsOf, testApp } from './support.ts';

function arrange(props: Partial<CunjingFunctionProps> = {}) {
  const app = testApp();
  app.node.setContext('aws:cdk:bundling-stacks', []);
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
});
