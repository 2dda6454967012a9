/**
 * The contract between the stack and the handlers: each handler module, loaded with exactly the
 * environment its function gets in AWS, starts without throwing (handlers read their configuration
 * at cold start and fail fast on a missing variable). Secrets Manager is replaced by a stub that
 * answers only for the secret ARN the stack passes.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import * as path from 'node:path';
import { TABLES, tableName } from '../../functions/store/tables.ts';
import type { CunjingFunction } from '../../infra/constructs/function.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { demoStack, logicalId } from './support.ts';

/** What Lambda itself sets in every function's environment. */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'ap-east-1',
  AWS_DEFAULT_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_LAMBDA_FUNCTION_NAME: 'test',
};

const SECRET_ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cunjing-demo/link-signing-key-AbCdEf';
const ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:cunjing-demo/origin-verify-AbCdEf';
const DISTRIBUTION_DOMAIN = 'd111111abcdef8.cloudfront.net';

const secrets = vi.hoisted(() => ({ requested: [] as string[] }));
vi.mock('@aws-lambda-powertools/parameters/secrets', () => ({
  getSecret: async (name: string) => {
    secrets.requested.push(name);
    if (!name.startsWith('arn:aws:secretsmanager:ap-east-1:123456789012:secret:cunjing-demo/')) throw new Error(`no secret ${name}`);
    return 'k'.repeat(64);
  },
}));

describe('function environment', () => {
  let stack: CountyStack;
  let template: Template;

  beforeAll(() => {
    stack = demoStack();
    template = Template.fromStack(stack);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    secrets.requested.length = 0;
  });

  /** The function's variables as Lambda would see them: references replaced by the deployed values. */
  function deployedEnvironment(fn: CunjingFunction): Record<string, string> {
    const variables = template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables as Record<string, unknown>;
    const refs = new Map<string, string>([
      ...TABLES.map((def) => [logicalId(stack.data.table(def)), tableName(stack.prefix, def)] as const),
      [logicalId(stack.linkSecret.secret), SECRET_ARN],
      [logicalId(stack.photos.bucket), 'cunjing-demo-photos'],
      [logicalId(stack.api.originSecret), ORIGIN_SECRET_ARN],
    ]);
    const resolve = (value: unknown): string => {
      if (typeof value === 'string') return value;
      const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]]; 'Fn::GetAtt'?: [string, string] };
      if (v.Ref !== undefined && refs.has(v.Ref)) return refs.get(v.Ref)!;
      if (v['Fn::Join']) return v['Fn::Join'][1].map(resolve).join(v['Fn::Join'][0]);
      if (v['Fn::GetAtt']?.[0] === logicalId(stack.site.distribution) && v['Fn::GetAtt'][1] === 'DomainName') return DISTRIBUTION_DOMAIN;
      throw new Error(`cannot resolve ${JSON.stringify(value)}`);
    };
    return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value)]));
  }

  it.each([
    ['api', 'functions/handlers/api.ts', (s: CountyStack) => s.api.handler],
    ['admin', 'functions/handlers/admin.ts', (s: CountyStack) => s.api.adminHandler],
    ['open311', 'functions/handlers/open311.ts', (s: CountyStack) => s.api.open311Handler],
    ['route-case', 'functions/handlers/route-case.ts', (s: CountyStack) => s.routing.handler],
    ['escalate', 'functions/handlers/escalate.ts', (s: CountyStack) => s.escalation.handler],
    ['seed-roster', 'infra/handlers/seed-roster.ts', (s: CountyStack) => s.rosterSeed.handler],
    ['photos', 'functions/handlers/photos.ts', (s: CountyStack) => s.photos.processor],
  ] as const)('starts the %s handler with the environment the stack gives it', async (_name, entry, pick) => {
    // Arrange: exactly the deployed environment, nothing inherited from the test process.
    const environment = { ...LAMBDA_ENVIRONMENT, ...deployedEnvironment(pick(stack)) };
    for (const name of Object.keys(process.env)) {
      if (/_TABLE$|^COUNTY_CODE$|^SMS_|^POWERTOOLS_|^LOG_LEVEL$|^LINK_SECRET|^ORIGIN_SECRET|^PUBLIC_URL$|^OUTBOX_FILE$|^DYNAMODB_ENDPOINT$|^PHOTOS_BUCKET$|^S3_ENDPOINT$/.test(name)) vi.stubEnv(name, undefined);
    }
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);

    // Act
    const module = (await import(/* @vite-ignore */ path.join(PROJECT_ROOT, entry))) as { handler?: unknown };

    // Assert
    expect(typeof module.handler).toBe('function');
    for (const name of secrets.requested) expect([SECRET_ARN, ORIGIN_SECRET_ARN]).toContain(name);
  });
});
