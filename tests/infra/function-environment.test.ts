/**
 * The contract between the stack and the handlers: each handler module, loaded with exactly the
 * environment its function gets in AWS, starts without throwing (handlers read their configuration
 * at cold start and fail fast on a missing variable).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import * as path from 'node:path';
import { TABLES, tableName } from '../../functions/store/tables.ts';
import type { CunjingFunction } from '../../infra/constructs/function.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { CountyStack } from '../../infra/stack.ts';
import { demoCounty, logicalId, testApp } from './support.ts';

/** What Lambda itself sets in every function's environment. */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'ap-east-1',
  AWS_DEFAULT_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_LAMBDA_FUNCTION_NAME: 'test',
};

describe('function environment', () => {
  let stack: CountyStack;
  let template: Template;

  beforeAll(() => {
    const app = testApp();
    // Only the environment matters here: skip bundling the assets.
    app.node.setContext('aws:cdk:bundling-stacks', []);
    stack = new CountyStack(app, 'Cunjing-demo', { countyId: 'demo', county: demoCounty() });
    template = Template.fromStack(stack);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** The function's variables as Lambda would see them, table references replaced by the table names. */
  function deployedEnvironment(fn: CunjingFunction): Record<string, string> {
    const variables = template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables as Record<string, unknown>;
    const tableNames = new Map(TABLES.map((def) => [logicalId(stack.data.table(def)), tableName(stack.prefix, def)]));
    return Object.fromEntries(
      Object.entries(variables).map(([name, value]) => {
        if (typeof value === 'string') return [name, value];
        const ref = (value as { Ref?: string }).Ref;
        const resolved = ref === undefined ? undefined : tableNames.get(ref);
        if (resolved === undefined) throw new Error(`${name}: cannot resolve ${JSON.stringify(value)}`);
        return [name, resolved];
      }),
    );
  }

  it.each([
    ['api', 'functions/handlers/api.ts', (s: CountyStack) => s.api.handler],
    ['route-case', 'functions/handlers/route-case.ts', (s: CountyStack) => s.routing.handler],
  ] as const)('starts the %s handler with the environment the stack gives it', async (_name, entry, pick) => {
    // Arrange: exactly the deployed environment, nothing inherited from the test process.
    const environment = { ...LAMBDA_ENVIRONMENT, ...deployedEnvironment(pick(stack)) };
    for (const name of Object.keys(process.env)) {
      if (/_TABLE$|^COUNTY_CODE$|^SMS_|^POWERTOOLS_|^LOG_LEVEL$/.test(name)) vi.stubEnv(name, undefined);
    }
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);

    // Act
    const module = (await import(/* @vite-ignore */ path.join(PROJECT_ROOT, entry))) as { handler?: unknown };

    // Assert
    expect(typeof module.handler).toBe('function');
  });
});
