/**
 * The cost model (`npm run cost`): facts read from the synthesized template, arithmetic checked on
 * known inputs, idle cost near zero, and the CLI's output.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { loadPriceBook } from '../../scripts/cost/inputs.ts';
import {
  estimate,
  factsFromTemplate,
  runsPerMonth,
  providerSmsPrice,
  smsCountryOf,
  smsMessagesPerCase,
  type PriceBook,
  type StackFacts,
} from '../../scripts/cost/model.ts';
import { demoStack } from './support.ts';

const book = loadPriceBook();

/** Facts of a made-up stack: one api function of 1024 MB, nothing else billable. */
const TINY: StackFacts = {
  functions: [{ logicalId: 'Api', role: 'api', memoryMb: 1024, architecture: 'arm64' }],
  escalationRunsPerMonth: 0,
  alarms: 0,
  secrets: 0,
  tables: 1,
  tablesWithPointInTimeRecovery: 0,
  hasHttpApi: true,
  hasDistribution: false,
  cloudFrontFunctions: 0,
  alwaysOn: [],
};

/** A price book whose every assumption is zero but the ones a test sets. */
function bookWith(assumptions: Partial<Record<keyof PriceBook['assumptions'], number>>): PriceBook {
  const zeroed = Object.fromEntries(
    Object.entries(book.assumptions).map(([key, value]) => [key, typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'number' ? { ...value, value: 0 } : value]),
  );
  for (const [key, value] of Object.entries(assumptions)) zeroed[key] = key === 'daysPerMonth' ? value : { value, why: 'test' };
  return { ...book, assumptions: { ...zeroed, kindMix: { value: { tip: 1, dispute: 0, hazard: 0, service: 0, help: 0 }, why: 'test' } } as PriceBook['assumptions'] };
}

const line = (e: ReturnType<typeof estimate>, service: RegExp) => e.lines.find((l) => service.test(l.service))!;

/** The demo county's facts, from one synth for the whole file. */
let facts: StackFacts;
beforeAll(() => {
  facts = factsFromTemplate(Template.fromStack(demoStack()).toJSON() as Parameters<typeof factsFromTemplate>[0]);
});

describe('facts from the synthesized template', () => {
  it('finds the api, route-case and escalate functions on arm64 with their memory', () => {
    const running = facts.functions.filter((f) => f.role !== 'deploy-time');
    expect(running.map((f) => f.role).sort()).toEqual(['api', 'escalate', 'route-case']);
    expect(running.every((f) => f.architecture === 'arm64' && f.memoryMb === 256)).toBe(true);
  });

  it('derives escalation runs from the schedule: every minute of a 30-day month', () => {
    expect(facts.escalationRunsPerMonth).toBe(43_200);
  });

  it('counts the alarms and secrets that bill by the month', () => {
    expect(facts).toMatchObject({ alarms: 11, secrets: 2, tables: 3, tablesWithPointInTimeRecovery: 3, hasHttpApi: true, hasDistribution: true });
  });

  it('finds nothing that bills while idle', () => {
    expect(facts.alwaysOn).toEqual([]);
  });

  it('would flag provisioned tables and NAT gateways', () => {
    const flagged = factsFromTemplate({
      Resources: { Nat: { Type: 'AWS::EC2::NatGateway' }, T: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PROVISIONED' } } },
    });
    expect(flagged.alwaysOn).toEqual(['NAT gateway (Nat)', 'provisioned capacity (T)']);
  });
});

describe('the estimate', () => {
  it('prices Lambda from invocations, duration and memory', () => {
    // 1,000 cases × 10 requests × 100 ms × 1 GB = 1,000 GB-s; 10,000 invocations.
    const e = estimate(TINY, bookWith({ serverRequestsPerCase: 10, apiMsPerRequest: 100, daysPerMonth: 30 }), 1000, { country: 'CN', perMessagePart: 0 });

    expect(line(e, /^Lambda/).list).toBeCloseTo(10_000 * 0.2e-6 + 1000 * book.prices.lambda.perGbSecond.arm64, 10);
    expect(line(e, /^API Gateway/).list).toBeCloseTo(10_000 * book.prices.apiGatewayHttp.perMillionRequests * 1e-6, 10);
  });

  it('prices SMS by message parts at the destination country\'s price', () => {
    // Every case a tip: one SMS to the officer, in 2 parts, at $0.05.
    const e = estimate(TINY, bookWith({ messagePartsPerSms: 2, daysPerMonth: 30 }), 100, { country: 'XX', perMessagePart: 0.05 });

    expect(line(e, /^SNS SMS/).list).toBeCloseTo(100 * 2 * 0.05, 10);
  });

  it('prices a domestic provider\'s SMS from its CNY list price, for mainland China only, and labels the line with the provider', () => {
    const aliyun = providerSmsPrice(book, 'aliyun', 'CN');
    const e = estimate(TINY, bookWith({ messagePartsPerSms: 1, daysPerMonth: 30 }), 100, aliyun);

    expect(aliyun.perMessagePart).toBeCloseTo(book.prices.smsDomestic.aliyun.perMessageCny / book.prices.smsDomestic.cnyPerUsd, 10);
    expect(line(e, /^Alibaba Cloud SMS \(CN/).list).toBeCloseTo(100 * aliyun.perMessagePart, 10);
    expect(providerSmsPrice(book, 'sns', 'CN')).toMatchObject({ provider: 'sns', perMessagePart: (book.prices.sms.CN as { perMessagePart: number }).perMessagePart });
    expect(() => providerSmsPrice(book, 'tencent', 'SG')).toThrow(/mainland China \(CN\) only/);
  });

  it('keeps a date and a source with every domestic SMS price', () => {
    for (const provider of ['aliyun', 'tencent'] as const) {
      expect(book.prices.smsDomestic[provider].asOf).toMatch(/^\d{4}-\d{2}/);
      expect(book.prices.smsDomestic[provider].source).toMatch(/^https:\/\//);
    }
  });

  it('sends about three SMS per case with the published assumptions (mostly officer + assistant)', () => {
    const perCase = smsMessagesPerCase(book);
    expect(perCase).toBeGreaterThan(2);
    expect(perCase).toBeLessThan(4);
  });

  it('picks the SMS price of the country most officers dial into', () => {
    expect(smsCountryOf(book, ['+8613800000001', '+85291234567', '+8613800000002'])).toMatchObject({ country: 'CN', derived: true });
    expect(smsCountryOf(book, ['+99900000001'])).toMatchObject({ country: 'CN', derived: false });
  });

  it('turns rate expressions into runs per month', () => {
    expect(runsPerMonth('rate(1 minute)')).toBe(43_200);
    expect(runsPerMonth('rate(5 minutes)')).toBe(8_640);
    expect(runsPerMonth('rate(1 hour)')).toBe(720);
    expect(() => runsPerMonth('cron(0 * * * ? *)')).toThrow(/only rate/);
  });

  it('costs the demo stack under $2 a month while idle, and under $1 after the always-free tier (two secrets: $0.80)', () => {
    const idle = estimate(facts, book, 0, { country: 'CN', perMessagePart: 0.04 });

    expect(idle.total).toBeLessThan(2);
    expect(idle.totalAfterFreeTier).toBeLessThan(1);
    expect(line(idle, /^SNS SMS/).list).toBe(0);
    expect(line(idle, /^CloudFront/).list).toBe(0);
  });
});

describe('npm run cost', () => {
  it('prices demo-cn\'s SMS with Alibaba Cloud and lists every provider\'s SMS cost at the volume', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'cost', 'cli.ts'), 'demo-cn', '--cases-per-month', '10000'], { cwd: PROJECT_ROOT, encoding: 'utf8' });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Alibaba Cloud SMS \(CN/m);
    expect(result.stdout).not.toMatch(/^SNS SMS/m);
    expect(result.stdout).toMatch(/SMS per provider at 10,000 cases per month \(CN\):\n {2}SNS SMS .*\n {2}Alibaba Cloud SMS .*\n {2}Tencent Cloud SMS /);
    expect(result.stdout).toMatch(/cn-northwest-1 is an AWS China region/);
  });

  it('refuses an SMS provider it does not know', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'cost', 'cli.ts'), 'demo', '--sms-provider', 'carrier-pigeon'], { cwd: PROJECT_ROOT, encoding: 'utf8' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--sms-provider must be one of sns, aliyun, tencent/);
  });

  it('prints the idle and the 10,000-cases estimates per service for the demo county', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'cost', 'cli.ts'), 'demo', '--cases-per-month', '10000'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/county demo \(DEMO\): idle, no cases/);
    expect(result.stdout).toMatch(/county demo \(DEMO\): 10,000 cases per month/);
    for (const service of ['Lambda', 'API Gateway', 'DynamoDB', 'CloudFront', 'S3', 'SNS SMS \\(CN', 'EventBridge Scheduler']) {
      expect(result.stdout).toMatch(new RegExp(`^${service}`, 'm'));
    }
    expect(result.stdout).toMatch(/idle check: no NAT gateway/);
  });

  it('explains its usage when the county is missing', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'cost', 'cli.ts')], { cwd: PROJECT_ROOT, encoding: 'utf8' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run cost -- <county>/);
  });
});
