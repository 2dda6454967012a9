/**
 * The cost model behind `npm run cost`: facts read from a synthesized county template (which
 * functions run, with what memory and architecture; how often escalation runs; how many alarms,
 * secrets, tables), unit prices and per-case assumptions from prices.json, multiplied out per
 * service for a number of cases a month. Pure functions: the CLI (cli.ts) synthesizes and prints.
 */

// ---------------------------------------------------------------------------------------------
// prices.json

interface Assumption<T = number> {
  readonly value: T;
  readonly why: string;
}

export interface PriceBook {
  readonly region: string;
  readonly currency: string;
  readonly asOf: string;
  readonly prices: {
    readonly lambda: { readonly perMillionRequests: number; readonly perGbSecond: Readonly<Record<Architecture, number>> };
    readonly apiGatewayHttp: { readonly perMillionRequests: number };
    readonly dynamodb: {
      readonly perMillionWriteRequestUnits: number;
      readonly perMillionReadRequestUnits: number;
      readonly perGbMonthStorage: number;
      readonly perGbMonthPointInTimeRecovery: number;
    };
    readonly cloudfront: { readonly perGbToInternet: number; readonly perTenThousandHttpsRequests: number; readonly perMillionFunctionInvocations: number };
    readonly s3: { readonly perGbMonthStandard: number; readonly perThousandGets: number; readonly perThousandPuts: number };
    readonly scheduler: { readonly perMillionInvocations: number };
    readonly cloudwatch: { readonly perAlarmMonth: number; readonly perGbLogsIngested: number; readonly perGbMonthLogsStored: number };
    readonly secretsManager: { readonly perSecretMonth: number; readonly perTenThousandApiCalls: number };
    readonly sqs: { readonly perMillionRequests: number };
    readonly sms: Readonly<Record<string, { readonly callingCode: string; readonly perMessagePart: number } | string>>;
    readonly smsDomestic: {
      readonly cnyPerUsd: number;
      readonly aliyun: DomesticSmsPrice;
      readonly tencent: DomesticSmsPrice;
    };
  };
  readonly freeTier: {
    readonly lambdaRequests: number;
    readonly lambdaGbSeconds: number;
    readonly cloudfrontGbToInternet: number;
    readonly cloudfrontHttpsRequests: number;
    readonly cloudfrontFunctionInvocations: number;
    readonly dynamodbGbStorage: number;
    readonly schedulerInvocations: number;
    readonly cloudwatchAlarms: number;
    readonly cloudwatchGbLogsIngested: number;
    readonly sqsRequests: number;
  };
  readonly assumptions: {
    readonly daysPerMonth: number;
    readonly pageViewsPerCase: Assumption;
    readonly staticRequestsPerPageView: Assumption;
    readonly kbPerPageView: Assumption;
    readonly staticCacheMissRatio: Assumption;
    readonly serverRequestsPerCase: Assumption;
    readonly kbPerServerRequest: Assumption;
    readonly apiMsPerRequest: Assumption;
    readonly routeCaseInvocationsPerCase: Assumption;
    readonly routeCaseMsPerInvocation: Assumption;
    readonly escalateMsPerRun: Assumption;
    readonly escalateReadUnitsPerRun: Assumption;
    readonly submissionWriteUnits: Assumption;
    readonly writeUnitsPerSms: Assumption;
    readonly lifecycleWriteUnitsPerCase: Assumption;
    readonly readUnitsPerCase: Assumption;
    readonly kbStoredPerCase: Assumption;
    readonly monthsOfCasesStored: Assumption;
    readonly kindMix: Assumption<Readonly<Record<'tip' | 'dispute' | 'hazard' | 'service' | 'help', number>>>;
    readonly urgentShareOfHelp: Assumption;
    readonly defenceContactsPerVillage: Assumption;
    readonly escalationSmsPerCase: Assumption;
    readonly residentSmsPerCase: Assumption;
    readonly messagePartsPerSms: Assumption;
    readonly kbLogsPerApiRequest: Assumption;
    readonly kbLogsPerRouteCaseInvocation: Assumption;
    readonly kbLogsPerEscalateRun: Assumption;
    readonly secretApiCallsPerMonthWhenBusy: Assumption;
    readonly siteKb: Assumption;
    readonly siteDeploysPerMonth: Assumption;
    readonly siteFiles: Assumption;
  };
}

/** A mainland Chinese SMS provider's list price per message (条, 70 characters). */
export interface DomesticSmsPrice {
  readonly name: string;
  readonly perMessageCny: number;
  readonly asOf: string;
  readonly source: string;
}

/** Who sends the SMS: Amazon SNS, or a domestic provider for mainland China (county file `sms.provider`). */
export const SMS_PROVIDERS = ['sns', 'aliyun', 'tencent'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export type SmsCountry = { readonly country: string; readonly perMessagePart: number; readonly provider?: SmsProvider };

/**
 * The SMS price of a provider for a destination country: SNS by its country table; the domestic
 * providers send to mainland China (CN) only, at their CNY price converted to USD.
 */
export function providerSmsPrice(book: PriceBook, provider: SmsProvider, country: string): SmsCountry {
  if (provider === 'sns') return { ...smsPrice(book, country), provider };
  if (country !== 'CN') throw new Error(`${book.prices.smsDomestic[provider].name} is priced for mainland China (CN) only, not ${country}`);
  const { cnyPerUsd } = book.prices.smsDomestic;
  return { country, perMessagePart: book.prices.smsDomestic[provider].perMessageCny / cnyPerUsd, provider };
}

/** The label of the SMS cost line: `SNS SMS`, `Alibaba Cloud SMS`, `Tencent Cloud SMS`. */
export function smsProviderName(book: PriceBook, provider: SmsProvider = 'sns'): string {
  return provider === 'sns' ? 'SNS SMS' : book.prices.smsDomestic[provider].name;
}

/** The SMS price entry whose calling code starts the most phone numbers (longest code wins). */
export function smsCountryOf(book: PriceBook, phones: readonly string[], fallback = 'CN'): SmsCountry & { readonly derived: boolean } {
  const entries = Object.entries(book.prices.sms).filter(
    (e): e is [string, { callingCode: string; perMessagePart: number }] => typeof e[1] === 'object',
  );
  const votes = new Map<string, number>();
  for (const phone of phones) {
    const digits = phone.replace(/^\+/, '');
    const match = entries.filter(([, e]) => digits.startsWith(e.callingCode)).sort((a, b) => b[1].callingCode.length - a[1].callingCode.length)[0];
    if (match) votes.set(match[0], (votes.get(match[0]) ?? 0) + 1);
  }
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const country = best ?? fallback;
  return { ...smsPrice(book, country), derived: best !== undefined };
}

export function smsPrice(book: PriceBook, country: string): SmsCountry {
  const entry = book.prices.sms[country];
  if (!entry || typeof entry !== 'object') {
    const known = Object.keys(book.prices.sms).filter((k) => k !== '$comment');
    throw new Error(`No SMS price for country ${country} in prices.json (known: ${known.join(', ')})`);
  }
  return { country, perMessagePart: entry.perMessagePart };
}

// ---------------------------------------------------------------------------------------------
// Facts from the synthesized template

export type Architecture = 'arm64' | 'x86_64';
export type FunctionRole = 'api' | 'route-case' | 'escalate' | 'deploy-time';

export interface FunctionFact {
  readonly logicalId: string;
  readonly role: FunctionRole;
  readonly memoryMb: number;
  readonly architecture: Architecture;
}

export interface StackFacts {
  readonly functions: readonly FunctionFact[];
  /** Scheduled runs of the escalate function per month (from the schedule's rate expression). */
  readonly escalationRunsPerMonth: number;
  readonly alarms: number;
  readonly secrets: number;
  readonly tables: number;
  readonly tablesWithPointInTimeRecovery: number;
  readonly hasHttpApi: boolean;
  readonly hasDistribution: boolean;
  readonly cloudFrontFunctions: number;
  /** Resources that would cost money while nobody uses the portal; empty when idle is ~free. */
  readonly alwaysOn: readonly string[];
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** Resource types that bill by the hour whether used or not. */
const ALWAYS_ON_TYPES: Readonly<Record<string, string>> = {
  'AWS::EC2::NatGateway': 'NAT gateway',
  'AWS::EC2::Instance': 'EC2 instance',
  'AWS::ECS::Service': 'ECS service',
  'AWS::RDS::DBInstance': 'RDS instance',
  'AWS::RDS::DBCluster': 'RDS cluster',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
  'AWS::ElastiCache::CacheCluster': 'ElastiCache cluster',
  'AWS::OpenSearchService::Domain': 'OpenSearch domain',
  'AWS::EC2::VPCEndpoint': 'VPC endpoint',
  'AWS::WAFv2::WebACL': 'WAF web ACL',
  'AWS::KMS::Key': 'KMS customer managed key',
};

export function factsFromTemplate(template: { readonly Resources: Readonly<Record<string, CfnResource>> }, daysPerMonth = 30): StackFacts {
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  const functions = ofType('AWS::Lambda::Function').map(([logicalId, r]): FunctionFact => {
    const props = r.Properties ?? {};
    const variables = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    const service = typeof variables.POWERTOOLS_SERVICE_NAME === 'string' ? variables.POWERTOOLS_SERVICE_NAME : '';
    const role: FunctionRole = service.endsWith('-route-case')
      ? 'route-case'
      : service.endsWith('-escalate')
        ? 'escalate'
        : service.endsWith('-api')
          ? 'api'
          : 'deploy-time';
    const architectures = (props.Architectures as string[] | undefined) ?? ['x86_64'];
    return {
      logicalId,
      role,
      memoryMb: Number(props.MemorySize ?? 128),
      architecture: architectures[0] === 'arm64' ? 'arm64' : 'x86_64',
    };
  });

  const schedules = ofType('AWS::Scheduler::Schedule').map(([, r]) => String(r.Properties?.ScheduleExpression ?? ''));
  const escalationRunsPerMonth = schedules.reduce((sum, expression) => sum + runsPerMonth(expression, daysPerMonth), 0);

  const alwaysOn: string[] = [];
  for (const [id, r] of resources) {
    const label = ALWAYS_ON_TYPES[r.Type];
    if (label) alwaysOn.push(`${label} (${id})`);
    if (r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table') {
      if (r.Properties?.BillingMode !== 'PAY_PER_REQUEST') alwaysOn.push(`provisioned capacity (${id})`);
    }
    if (r.Type === 'AWS::Lambda::Version' || r.Type === 'AWS::Lambda::Alias') {
      if (r.Properties?.ProvisionedConcurrencyConfig) alwaysOn.push(`provisioned concurrency (${id})`);
    }
  }
  const tables = [...ofType('AWS::DynamoDB::GlobalTable'), ...ofType('AWS::DynamoDB::Table')];
  const pitr = tables.filter(([, r]) => JSON.stringify(r.Properties ?? {}).includes('"PointInTimeRecoveryEnabled":true'));

  return {
    functions,
    escalationRunsPerMonth,
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    tables: tables.length,
    tablesWithPointInTimeRecovery: pitr.length,
    hasHttpApi: ofType('AWS::ApiGatewayV2::Api').length > 0,
    hasDistribution: ofType('AWS::CloudFront::Distribution').length > 0,
    cloudFrontFunctions: ofType('AWS::CloudFront::Function').length,
    alwaysOn,
  };
}

/** `rate(1 minute)`, `rate(5 minutes)`, `rate(2 hours)`, `rate(1 day)` → runs in a month. */
export function runsPerMonth(expression: string, daysPerMonth = 30): number {
  const match = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) throw new Error(`Cannot estimate runs of schedule "${expression}": only rate(...) expressions are modelled`);
  const every = Number(match[1]);
  const unitMinutes = match[2]!.startsWith('minute') ? 1 : match[2]!.startsWith('hour') ? 60 : 24 * 60;
  return (daysPerMonth * 24 * 60) / (every * unitMinutes);
}

// ---------------------------------------------------------------------------------------------
// The estimate

export interface CostLine {
  readonly service: string;
  readonly usage: string;
  /** At list prices. */
  readonly list: number;
  /** After the always-free allowances (if this county had the account to itself). */
  readonly afterFreeTier: number;
}

export interface Estimate {
  readonly casesPerMonth: number;
  readonly sms: SmsCountry;
  readonly lines: readonly CostLine[];
  readonly total: number;
  readonly totalAfterFreeTier: number;
  readonly alwaysOn: readonly string[];
}

const MILLION = 1_000_000;
const KB_PER_GB = 1024 * 1024;

export function estimate(facts: StackFacts, book: PriceBook, casesPerMonth: number, sms: SmsCountry): Estimate {
  if (!Number.isFinite(casesPerMonth) || casesPerMonth < 0) throw new Error('cases per month must be a number >= 0');
  const a = book.assumptions;
  const p = book.prices;
  const free = book.freeTier;
  const n = casesPerMonth;
  const lines: CostLine[] = [];
  const add = (service: string, usage: string, list: number, afterFreeTier: number) => lines.push({ service, usage, list, afterFreeTier });
  const over = (quantity: number, allowance: number) => Math.max(0, quantity - allowance);

  // Requests that reach the API and static pages.
  const serverRequests = n * a.serverRequestsPerCase.value;
  const staticRequests = n * a.pageViewsPerCase.value * a.staticRequestsPerPageView.value;

  // Lambda: invocations and GB-seconds per function, by what the template says it runs on.
  const invocationsOf = (role: FunctionRole) =>
    role === 'api' ? serverRequests : role === 'route-case' ? n * a.routeCaseInvocationsPerCase.value : role === 'escalate' ? facts.escalationRunsPerMonth : 0;
  const msOf = (role: FunctionRole) =>
    role === 'api' ? a.apiMsPerRequest.value : role === 'route-case' ? a.routeCaseMsPerInvocation.value : role === 'escalate' ? a.escalateMsPerRun.value : 0;
  let invocations = 0;
  let gbSeconds = 0;
  let computeCost = 0;
  const used = facts.functions.filter((f) => f.role !== 'deploy-time');
  for (const fn of used) {
    const count = invocationsOf(fn.role);
    const gbs = (count * msOf(fn.role) * fn.memoryMb) / 1000 / 1024;
    invocations += count;
    gbSeconds += gbs;
    computeCost += gbs * p.lambda.perGbSecond[fn.architecture];
  }
  const meanGbSecondPrice = gbSeconds > 0 ? computeCost / gbSeconds : p.lambda.perGbSecond.arm64;
  const architectures = [...new Set(used.map((f) => f.architecture))].join('/');
  add(
    `Lambda (${used.length} functions, ${architectures || 'none'})`,
    `${fmtInt(invocations)} invocations, ${fmtInt(gbSeconds)} GB-s`,
    (invocations / MILLION) * p.lambda.perMillionRequests + computeCost,
    (over(invocations, free.lambdaRequests) / MILLION) * p.lambda.perMillionRequests + over(gbSeconds, free.lambdaGbSeconds) * meanGbSecondPrice,
  );

  // API Gateway HTTP API (its 12-month free tier is not counted).
  if (facts.hasHttpApi) {
    const cost = (serverRequests / MILLION) * p.apiGatewayHttp.perMillionRequests;
    add('API Gateway (HTTP API)', `${fmtInt(serverRequests)} requests`, cost, cost);
  }

  // DynamoDB on demand.
  const smsPerCase = smsMessagesPerCase(book);
  const writeUnits = n * (a.submissionWriteUnits.value + smsPerCase * a.writeUnitsPerSms.value + a.lifecycleWriteUnitsPerCase.value);
  const readUnits = n * a.readUnitsPerCase.value + facts.escalationRunsPerMonth * a.escalateReadUnitsPerRun.value;
  const storedGb = (n * a.monthsOfCasesStored.value * a.kbStoredPerCase.value) / KB_PER_GB;
  const requestCost = (writeUnits / MILLION) * p.dynamodb.perMillionWriteRequestUnits + (readUnits / MILLION) * p.dynamodb.perMillionReadRequestUnits;
  const pitrCost = facts.tablesWithPointInTimeRecovery > 0 ? storedGb * p.dynamodb.perGbMonthPointInTimeRecovery : 0;
  add(
    `DynamoDB (${facts.tables} tables, on demand)`,
    `${fmtInt(writeUnits)} WRU, ${fmtInt(readUnits)} RRU, ${fmtGb(storedGb)} stored (+PITR)`,
    requestCost + storedGb * p.dynamodb.perGbMonthStorage + pitrCost,
    requestCost + over(storedGb, free.dynamodbGbStorage) * p.dynamodb.perGbMonthStorage + pitrCost,
  );

  // CloudFront: static pages and API responses both leave through it.
  if (facts.hasDistribution) {
    const requests = staticRequests + serverRequests;
    const gb = (n * (a.pageViewsPerCase.value * a.kbPerPageView.value + a.serverRequestsPerCase.value * a.kbPerServerRequest.value)) / KB_PER_GB;
    const functionRuns = facts.cloudFrontFunctions > 0 ? staticRequests : 0;
    add(
      'CloudFront',
      `${fmtInt(requests)} requests, ${fmtGb(gb)} out`,
      (requests / 10_000) * p.cloudfront.perTenThousandHttpsRequests + gb * p.cloudfront.perGbToInternet + (functionRuns / MILLION) * p.cloudfront.perMillionFunctionInvocations,
      (over(requests, free.cloudfrontHttpsRequests) / 10_000) * p.cloudfront.perTenThousandHttpsRequests +
        over(gb, free.cloudfrontGbToInternet) * p.cloudfront.perGbToInternet +
        (over(functionRuns, free.cloudfrontFunctionInvocations) / MILLION) * p.cloudfront.perMillionFunctionInvocations,
    );
  }

  // S3: the site's files, CloudFront's cache misses, the deploys.
  {
    const gets = staticRequests * a.staticCacheMissRatio.value;
    const puts = a.siteDeploysPerMonth.value * a.siteFiles.value;
    const cost = (a.siteKb.value / KB_PER_GB) * p.s3.perGbMonthStandard + (gets / 1000) * p.s3.perThousandGets + (puts / 1000) * p.s3.perThousandPuts;
    add('S3 (site)', `${fmtInt(gets)} GETs, ${fmtInt(puts)} PUTs, ${fmtGb(a.siteKb.value / KB_PER_GB)} stored`, cost, cost);
  }

  // SMS: no free tier (SNS outside the US, the domestic providers beyond a trial).
  {
    const parts = n * smsPerCase * a.messagePartsPerSms.value;
    const cost = parts * sms.perMessagePart;
    add(`${smsProviderName(book, sms.provider)} (${sms.country}, $${sms.perMessagePart.toFixed(4)}/part)`, `${fmtInt(n * smsPerCase)} SMS, ${fmtInt(parts)} parts`, cost, cost);
  }

  // EventBridge Scheduler.
  add(
    'EventBridge Scheduler',
    `${fmtInt(facts.escalationRunsPerMonth)} runs`,
    (facts.escalationRunsPerMonth / MILLION) * p.scheduler.perMillionInvocations,
    (over(facts.escalationRunsPerMonth, free.schedulerInvocations) / MILLION) * p.scheduler.perMillionInvocations,
  );

  // CloudWatch: alarms and logs (kept a month, so about one month's ingestion is stored).
  {
    const logGb =
      (serverRequests * a.kbLogsPerApiRequest.value +
        n * a.routeCaseInvocationsPerCase.value * a.kbLogsPerRouteCaseInvocation.value +
        facts.escalationRunsPerMonth * a.kbLogsPerEscalateRun.value) /
      KB_PER_GB;
    const storage = logGb * p.cloudwatch.perGbMonthLogsStored;
    add(
      'CloudWatch (alarms, logs)',
      `${facts.alarms} alarms, ${fmtGb(logGb)} logs`,
      facts.alarms * p.cloudwatch.perAlarmMonth + logGb * p.cloudwatch.perGbLogsIngested + storage,
      over(facts.alarms, free.cloudwatchAlarms) * p.cloudwatch.perAlarmMonth + over(logGb, free.cloudwatchGbLogsIngested) * p.cloudwatch.perGbLogsIngested + storage,
    );
  }

  // Secrets Manager: the link-signing key.
  if (facts.secrets > 0) {
    const calls = n > 0 ? a.secretApiCallsPerMonthWhenBusy.value : 0;
    const cost = facts.secrets * p.secretsManager.perSecretMonth + (calls / 10_000) * p.secretsManager.perTenThousandApiCalls;
    add('Secrets Manager', `${facts.secrets} secret, ${fmtInt(calls)} reads`, cost, cost);
  }

  // SQS: the dead-letter queue is only written when a batch fails every retry.
  add('SQS (dead-letter queue)', 'only on failures', 0, 0);

  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    casesPerMonth: n,
    sms,
    lines,
    total: round(lines.reduce((s, l) => s + l.list, 0)),
    totalAfterFreeTier: round(lines.reduce((s, l) => s + l.afterFreeTier, 0)),
    alwaysOn: facts.alwaysOn,
  };
}

/** SMS sent per case (before splitting into parts), from the kind mix and routing rules. */
export function smsMessagesPerCase(book: PriceBook): number {
  const a = book.assumptions;
  const mix = a.kindMix.value;
  const total = mix.tip + mix.dispute + mix.hazard + mix.service + mix.help;
  if (Math.abs(total - 1) > 1e-6) throw new Error(`assumptions.kindMix must add up to 1, not ${total}`);
  // tip → the officer only; the other kinds → officer + assistant; urgent help → also defence contacts.
  const routing = mix.tip * 1 + (mix.dispute + mix.hazard + mix.service + mix.help) * 2 + mix.help * a.urgentShareOfHelp.value * a.defenceContactsPerVillage.value;
  return routing + a.escalationSmsPerCase.value + a.residentSmsPerCase.value;
}

// ---------------------------------------------------------------------------------------------
// Printing

export function formatEstimate(e: Estimate, heading: string, book: PriceBook): string {
  const rows = e.lines.map((l) => [l.service, l.usage, money(l.list), money(l.afterFreeTier)]);
  const header = ['service', 'usage per month', 'list', 'after free tier'];
  const footer = ['total per month', '', money(e.total), money(e.totalAfterFreeTier)];
  const widths = header.map((_, i) => Math.max(...[header, ...rows, footer].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const idle = e.alwaysOn.length === 0 ? 'idle check: no NAT gateway, no provisioned capacity or concurrency, no always-on compute' : `ALWAYS-ON COST: ${e.alwaysOn.join(', ')}`;
  return [
    heading,
    `${book.region} list prices as of ${book.asOf} (scripts/cost/prices.json), ${book.currency}; free tier = always-free allowances, per account`,
    '',
    line(header),
    rule,
    ...rows.map(line),
    rule,
    line(footer),
    '',
    idle,
  ].join('\n');
}

function money(x: number): string {
  return `$${x.toFixed(2)}`;
}

function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function fmtGb(gb: number): string {
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(gb * 1024)} MB`;
}
