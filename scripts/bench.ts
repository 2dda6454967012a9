/**
 * `npm run bench`: measures the local stack against the budgets in DESIGN.md and prints the figures.
 * `npm run bench -- --scale` measures how latency grows with stored cases instead (scripts/bench/scale.ts).
 * A benchmark, not a test: it exits 0 unless something breaks (a request fails, an SMS never comes).
 *
 *   BENCH_N               sequential operations per latency series (default 300)
 *   BENCH_WARMUP          warm-up submissions per series, discarded (default 40)
 *   BENCH_QUIET_N         paired bare/handler samples taken with the router idle (default 60)
 *   BENCH_CONCURRENCY     concurrent HTTP clients in the throughput run (default 8)
 *   BENCH_THROUGHPUT      submissions in the throughput run (default 400)
 *   BENCH_SMS_SAMPLES     submissions timed to their officer SMS (default 100)
 *   BENCH_SMS_SPACING_MS  time between the starts of those submissions (default 100)
 *   BENCH_KEY_SHARE       share of submissions sent with an Idempotency-Key (default 0.3)
 *   BENCH_RATE            target submissions/s of the paced submit → SMS run (default 100)
 *   BENCH_RATE_N          submissions in that run (default 500)
 *   BENCH_TIMELINE        timeline entries of the case whose tracking read is costed (default 500)
 *   BENCH_OUT             also write the JSON figures to this file
 *   BENCH_KEEP            keep the throwaway data folder (DynamoDB files, outbox) for inspection
 *   BENCH_VERBOSE         echo the stack's log lines to stderr
 *
 * Everything runs on a throwaway data folder and free ports, so it never touches `.data/` or a
 * running `npm start`; the JSON figures go to the system temp folder unless BENCH_OUT is set.
 *
 * Write and read units are worked out from what the handler actually sends: while a few
 * submissions and tracking reads run, every DynamoDB call made on their behalf (found through
 * AsyncLocalStorage, so the router's calls are not counted) is recorded with its items, and
 * DynamoDB's published size and capacity rules are applied to them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { createDocumentClient } from '../functions/store/client.ts';
import { CASES_TABLE, keys } from '../functions/store/tables.ts';
import { entryItem } from '../functions/store/case-items.ts';
import type { TimelineEntry } from '../functions/domain/case.ts';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  OutboxTail,
  itemSize,
  javaThreadCpuMs,
  processCpuMs,
  percentile,
  project,
  readRcu,
  round,
  sleep,
  standardWcu,
  submissions,
  summarize,
  threadCpuSince,
  transactionalWcu,
  type BenchSubmission,
  type Summary,
} from './bench/lib.ts';
import { freePort } from '../tests/support/ports.ts';
import { buildBundles, coldInit, BUNDLE_BUDGET_BYTES, INIT_BUDGET_RATIO } from './bench/bundles.ts';
import { NO_INTAKE_LIMITS, ROOT, startLocalStack, type LocalStack } from './local/stack.ts';

type Item = Record<string, NativeAttributeValue>;

// `npm run bench -- --scale`: latency against the number of stored cases (scripts/bench/scale.ts).
if (process.argv.includes('--scale')) process.exit(await (await import('./bench/scale.ts')).runScaleBench());

/** Bundle sizes and cold init per function, against their budgets; problems are added to `problems`. */
async function reportBundles(problems: string[]) {
  const built = await buildBundles(ROOT);
  const budget = BUNDLE_BUDGET_BYTES.toLocaleString('en');
  out(`\n### Lambda bundles (minified, as the stack builds them: what a cold start loads, budget ≤ ${budget} bytes each; chunks loaded on first use of a rare path apart) and cold init (median of ${INIT_RUNS} fresh processes each, alternating; budget ≤ ${INIT_BUDGET_RATIO}× an empty handler importing the same SDK modules and making the same clients; load ${loadavg()[0]!.toFixed(2)})`);
  const inits = coldInit(ROOT, built, INIT_RUNS);
  out(
    table(
      ['function', 'bytes', '', 'lazy chunks', 'init ms', 'empty ms', 'ratio', '', 'init CPU ms', 'empty CPU ms', 'CPU ratio'],
      built.map((b, i) => {
        const init = inits[i]!;
        return [b.name, String(b.bytes), verdict(b.bytes <= BUNDLE_BUDGET_BYTES), String(b.lazyBytes), init.initMs.toFixed(1), init.emptyMs.toFixed(1), `${init.ratio.toFixed(2)}×`, verdict(init.ratio <= INIT_BUDGET_RATIO), init.initCpuMs.toFixed(1), init.emptyCpuMs.toFixed(1), `${(init.initCpuMs / init.emptyCpuMs).toFixed(2)}×`];
      }),
    ),
  );
  out(`(load after: ${loadavg()[0]!.toFixed(2)})`);
  out('\nThe 10 largest inputs of each function\'s cold-start code (bytes in the minified output; a package\'s files together):');
  for (const b of built) out(`- ${b.name}: ${b.inputs.slice(0, 10).map((i) => `${i.input} ${i.bytes}`).join(', ')}`);
  for (const b of built) if (b.bytes > BUNDLE_BUDGET_BYTES) problems.push(`the ${b.name} bundle is ${b.bytes.toLocaleString('en')} bytes, over the ${budget}-byte budget`);
  for (const i of inits) if (i.ratio > INIT_BUDGET_RATIO) problems.push(`the ${i.name} function's cold init is ${i.ratio.toFixed(2)}× an empty handler's, over ${INIT_BUDGET_RATIO}×`);
  return built.map((b, i) => ({ name: b.name, bytes: b.bytes, lazyBytes: b.lazyBytes, initMs: round(inits[i]!.initMs), emptyInitMs: round(inits[i]!.emptyMs) }));
}


// ── Parameters ──────────────────────────────────────────────────────────────────────────────────

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
    process.exit(2);
  }
  return value;
}

/** `BENCH_RATES`: whole numbers ≥ 1, comma-separated; none when unset. */
function rateList(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') return [];
  const rates = raw.split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isInteger(r) || r < 1)) {
    console.error(`BENCH_RATES must be whole numbers ≥ 1 separated by commas, not "${raw}"`);
    process.exit(2);
  }
  return rates;
}

const keyShare = Number(process.env.BENCH_KEY_SHARE ?? 0.3);
if (!(keyShare >= 0 && keyShare <= 1)) {
  console.error(`BENCH_KEY_SHARE must be between 0 and 1, not "${process.env.BENCH_KEY_SHARE}"`);
  process.exit(2);
}
/** Fresh processes per function and per empty twin for cold init. */
const INIT_RUNS = intEnv('BENCH_INIT_RUNS', 31, 3);
const P = {
  n: intEnv('BENCH_N', 300),
  warmup: intEnv('BENCH_WARMUP', 40, 10),
  quietN: intEnv('BENCH_QUIET_N', 60, 0),
  concurrency: intEnv('BENCH_CONCURRENCY', 8),
  throughput: intEnv('BENCH_THROUGHPUT', 400),
  smsSamples: intEnv('BENCH_SMS_SAMPLES', 100),
  smsSpacingMs: intEnv('BENCH_SMS_SPACING_MS', 100, 0),
  rate: intEnv('BENCH_RATE', 100),
  /** `BENCH_RATES=30,40,50`: one paced run per rate, one after another on the same stack, instead of BENCH_RATE's one. */
  rates: rateList(process.env.BENCH_RATES),
  rateN: intEnv('BENCH_RATE_N', 500),
  timelineEntries: intEnv('BENCH_TIMELINE', 500),
  keyShare,
  /** Operations per block when the latency series are interleaved. */
  block: 25,
  smsTimeoutMs: 10_000,
  drainTimeoutMs: 90_000,
};
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);
const KEEP = Boolean(process.env.BENCH_KEEP);

/** Budgets from DESIGN.md, "Budgets". */
const BUDGET = { handlerRatio: 1.5, writeUnits: 3, trackingReadUnits: 2, smsP95Ms: 1000, rssBytes: 1024 ** 3 };

// ── Small helpers ───────────────────────────────────────────────────────────────────────────────

const out = (line = '') => process.stdout.write(`${line}\n`);

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c)));
  const width = headers.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: readonly string[]) => `| ${row.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ')} |`;
  return [line(cells[0]!), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');
/** Whether a paced run's SMS delays grew from its first quarter to its last (the router falling behind). */
const growing = (r: { readonly firstQuarterP50: number; readonly lastQuarterP50: number }) => r.lastQuarterP50 > 2 * r.firstQuarterP50 && r.lastQuarterP50 - r.firstQuarterP50 > 250;
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

function procStatusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Index entries an item puts in each GSI of the cases table: table keys, index keys, projected attributes. */
function indexEntries(item: Item): { index: string; bytes: number }[] {
  const tableKeys = [CASES_TABLE.partitionKey.name, ...(CASES_TABLE.sortKey ? [CASES_TABLE.sortKey.name] : [])];
  return CASES_TABLE.globalSecondaryIndexes.flatMap((index) => {
    const indexKeys = [index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
    if (indexKeys.some((k) => item[k] === undefined)) return [];
    const names =
      index.projection === 'ALL' ? Object.keys(item) : [...tableKeys, ...indexKeys, ...(index.projection === 'KEYS_ONLY' ? [] : index.projection)];
    return [{ index: index.indexName, bytes: itemSize(project(item, [...new Set(names)])) }];
  });
}

/** `CASE`, `IDEM`, `SEQ`, … from a `pk` like `CASE#DEMO-2026-000001`. */
const kindOf = (key: Item | undefined) => String(key?.pk ?? '?').split('#')[0]!;

// ── Recording the DynamoDB calls made for one request ───────────────────────────────────────────

/** One unit of work DynamoDB charges for, as recorded from a call's input and output. */
interface Charge {
  readonly command: string;
  readonly op: string;
  readonly table: string;
  readonly kind: string;
  /** Item size where the call carries it (Put) or returns it (Get, Query); otherwise filled in later. */
  bytes?: number;
  readonly key?: Item;
  readonly transactional?: boolean;
  readonly consistent?: boolean;
  readonly item?: Item;
  /** DynamoDB Local's own ConsumedCapacity for the whole call, on the call's first charge. */
  local?: number;
}
interface CallLog {
  readonly charges: Charge[];
  /** Whether DynamoDB Local answered every call with a ConsumedCapacity. */
  localSeen: boolean;
}
const recording = new AsyncLocalStorage<CallLog>();
const documentSend = DynamoDBDocumentClient.prototype.send;

function chargesOf(name: string, input: Record<string, unknown>, output: Record<string, unknown> | undefined): Charge[] {
  const tableName = String(input.TableName ?? '');
  switch (name) {
    case 'TransactWriteCommand':
      return ((input.TransactItems ?? []) as Record<string, Record<string, unknown>>[]).flatMap((t) =>
        Object.entries(t).map(([op, body]) => {
          const item = body.Item as Item | undefined;
          const key = (body.Key as Item | undefined) ?? item;
          return { command: name, op, table: String(body.TableName), kind: kindOf(key), transactional: true, ...(key && { key }), ...(item && { item, bytes: itemSize(item) }) };
        }),
      );
    case 'PutCommand': {
      const item = input.Item as Item;
      return [{ command: name, op: 'Put', table: tableName, kind: kindOf(item), key: item, item, bytes: itemSize(item) }];
    }
    case 'UpdateCommand':
    case 'DeleteCommand':
      return [{ command: name, op: name.replace('Command', ''), table: tableName, kind: kindOf(input.Key as Item), key: input.Key as Item }];
    case 'GetCommand': {
      const item = output?.Item as Item | undefined;
      return [{ command: name, op: 'Get', table: tableName, kind: kindOf(input.Key as Item), consistent: input.ConsistentRead === true, bytes: item ? itemSize(item) : 0 }];
    }
    case 'QueryCommand':
    case 'ScanCommand': {
      const items = (output?.Items ?? []) as Item[];
      const bytes = items.reduce((a, i) => a + itemSize(i), 0);
      return [{ command: name, op: name.replace('Command', ''), table: tableName, kind: kindOf(items[0]), consistent: input.ConsistentRead === true, bytes }];
    }
    default:
      return [{ command: name, op: name, table: tableName, kind: '?' }];
  }
}

/** Records, for calls made inside `recording.run()`, what they write and read; others pass through untouched. */
function startRecording(): () => void {
  DynamoDBDocumentClient.prototype.send = async function (this: DynamoDBDocumentClient, ...args: unknown[]) {
    const log = recording.getStore();
    const command = args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    if (!log) return (documentSend as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    command.input.ReturnConsumedCapacity = 'TOTAL';
    let output: Record<string, unknown> | undefined;
    try {
      output = (await (documentSend as (...a: unknown[]) => Promise<unknown>).apply(this, args)) as Record<string, unknown>;
      return output;
    } finally {
      const charges = chargesOf(command.constructor.name, command.input, output);
      const consumed = output?.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).map((c) => c.CapacityUnits).filter((u) => u !== undefined);
      if (units.length && charges[0]) charges[0].local = units.reduce((a, b) => a + b, 0);
      else log.localSeen = false;
      log.charges.push(...charges);
    }
  } as typeof DynamoDBDocumentClient.prototype.send;
  return () => {
    DynamoDBDocumentClient.prototype.send = documentSend;
  };
}

/**
 * Counts every DynamoDB call the stack makes (the API, the router, the jobs) until stopped, by
 * command and the kinds of item it touches: what one submission costs from end to end.
 */
function tallyCalls(): () => Map<string, number> {
  const tally = new Map<string, number>();
  const before = DynamoDBDocumentClient.prototype.send;
  DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, ...args: unknown[]) {
    const command = args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    const shape = shapeOf(chargesOf(command.constructor.name, command.input, undefined));
    tally.set(shape, (tally.get(shape) ?? 0) + 1);
    return (before as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } as typeof DynamoDBDocumentClient.prototype.send;
  return () => {
    DynamoDBDocumentClient.prototype.send = before;
    return tally;
  };
}

/** Write units of one charge by DynamoDB's rules (Update/Delete/ConditionCheck: the item's size after the fact). */
const wcuOf = (c: Charge) => (c.op === 'Get' || c.op === 'Query' || c.op === 'Scan' ? 0 : (c.transactional ? transactionalWcu : standardWcu)(Math.max(c.bytes ?? 0, 1)));
const rcuOf = (c: Charge) => (c.op === 'Get' || c.op === 'Query' || c.op === 'Scan' ? readRcu(c.bytes ?? 0, c.consistent === true) : 0);
const gsiWcuOf = (c: Charge) => (c.op === 'Put' && c.item && c.table.endsWith('-cases') ? indexEntries(c.item).reduce((a, e) => a + standardWcu(e.bytes), 0) : 0);
const shapeOf = (charges: readonly Charge[]) =>
  [...new Set(charges.map((c) => c.command))].map((command) => `${command.replace('Command', '')}[${charges.filter((c) => c.command === command).map((c) => `${c.op} ${c.kind}`).join(', ')}]`).join(' + ');

// ── The run ─────────────────────────────────────────────────────────────────────────────────────

// `npm run bench -- --bundles`: only the bundle sizes and cold init.
if (process.argv.includes('--bundles')) {
  const problems: string[] = [];
  await reportBundles(problems);
  if (problems.length) out(`\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const logLines: string[] = [];
const log = (line: string) => {
  logLines.push(line);
  if (VERBOSE) process.stderr.write(`[stack] ${line}\n`);
};

// The outbox adapter prints one console line per SMS; thousands of them would bury the report.
const consoleLog = console.log;
let smsConsoleLines = 0;
console.log = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('SMS ')) {
    smsConsoleLines += 1;
    return;
  }
  consoleLog(...args);
};

let stack: LocalStack | undefined;
let dataDir: string | undefined;
let stopping: Promise<void> | undefined;
const shutdown = () =>
  (stopping ??= (async () => {
    await stack?.stop();
    stack = undefined;
    if (dataDir && !KEEP) await rm(dataDir, { recursive: true, force: true });
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the local stack…\n`);
    shutdown().finally(() => process.exit(130));
  });
}

const problems: string[] = [];
let exitCode = 0;

try {
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0]!;
  dataDir = await mkdtemp(join(tmpdir(), 'cunjing-bench-'));
  const dynamodbPort = await freePort();
  process.stderr.write(`bench: starting the local stack (DynamoDB Local on :${dynamodbPort}, data in ${dataDir})…\n`);
  stack = await startLocalStack({ port: 0, dynamodbPort, dataDir, buildWeb: false, log, intakeLimits: NO_INTAKE_LIMITS, smsGate: 'off' });
  const stackUpMs = performance.now() - startedAt;
  // The stack's own api app and runtime: the instances its server answers with.
  const { runtime, apps: { api: app } } = stack;
  const base = stack.url.replace('//localhost:', '//127.0.0.1:');
  const casesTable = stack.tables.cases;

  const { county, villages } = await runtime.county.get();
  const villageIds = [...villages.keys()];
  const runId = stamp.replace(/-/g, '').slice(0, 15);
  const next = submissions({ seed: 20_260_101, villageIds, runId, keyShare: P.keyShare });
  const created: { caseNumber: string; trackingCode: string; key?: string }[] = [];
  let failures = 0;
  const fail = (what: string, detail: string) => {
    failures += 1;
    if (failures <= 5) problems.push(`${what}: ${detail}`);
  };

  // Time the store calls the handler makes, to say where its time goes (wrappers on the shared instances).
  const spent = { create: 0, sequence: 0, county: 0 };
  const store = runtime.cases;
  const create = store.create.bind(store);
  const nextSequence = store.nextSequence.bind(store);
  const countyGet = runtime.county.get.bind(runtime.county);
  /** Runs the call and adds its time to `spent[into]`. */
  const spend = async <T>(into: keyof typeof spent, call: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await call();
    } finally {
      spent[into] += performance.now() - t;
    }
  };
  store.create = (...args: Parameters<typeof create>) => spend('create', () => create(...args));
  store.nextSequence = (...args: Parameters<typeof nextSequence>) => spend('sequence', () => nextSequence(...args));
  // The router (route-case handler, fed by the stream poller in this process) shares these
  // instances: time its calls too while `routerTiming` is on, to say where routing time goes.
  const routerCalls = new Map<string, number[]>();
  const routerCallsSms = new Map<string, number[]>();
  let routerTiming: Map<string, number[]> | undefined;
  const timeRouter = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    const into = routerTiming;
    if (!into) return call();
    const t = performance.now();
    try {
      return await call();
    } finally {
      const list = into.get(name) ?? [];
      list.push(performance.now() - t);
      into.set(name, list);
    }
  };
  // The stream poller's own calls (DescribeStream, GetRecords, …) go through the streams client.
  const streamsSend = DynamoDBStreamsClient.prototype.send;
  DynamoDBStreamsClient.prototype.send = function (this: DynamoDBStreamsClient, ...args: unknown[]) {
    const name = (args[0] as { constructor: { name: string } }).constructor.name.replace('Command', '');
    return timeRouter(`streams.${name}`, () => (streamsSend as (...a: unknown[]) => Promise<unknown>).apply(this, args));
  } as typeof streamsSend;
  for (const name of ['claimNotification', 'settleNotification']) {
    const methods = store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const method = methods[name];
    if (typeof method !== 'function') continue;
    const bound = method.bind(store);
    methods[name] = (...args: unknown[]) => timeRouter(`cases.${name}`, () => bound(...args));
  }
  runtime.county.get = async (...args: Parameters<typeof countyGet>) => {
    // Staff actions ask for a fresh roster: one read of the current version, and a Query and a re-parse only when it changed.
    if (args[0]?.fresh) return timeRouter('county.get({ fresh: true })', () => countyGet(...args));
    return spend('county', () => countyGet(...args));
  };

  // ── Operations ────────────────────────────────────────────────────────────────────────────────
  const doc = createDocumentClient(stack.dynamodbEndpoint);
  const tail = new OutboxTail(stack.outboxFile, 10);

  const request = (s: BenchSubmission) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(s.idempotencyKey && { 'Idempotency-Key': s.idempotencyKey }) },
    body: JSON.stringify(s.body),
  });
  const remember = (receipt: { caseNumber?: string; trackingCode?: string }, s: BenchSubmission) => {
    if (receipt.caseNumber && receipt.trackingCode) {
      created.push({ caseNumber: receipt.caseNumber, trackingCode: receipt.trackingCode, ...(s.idempotencyKey && { key: s.idempotencyKey }) });
    }
    return receipt.caseNumber;
  };

  interface HandlerSample {
    total: number;
    create: number;
    sequence: number;
    county: number;
    keyed: boolean;
    caseNumber?: string;
  }
  /** In-process: the Hono app, as Lambda would call it, without a socket. */
  const inProcess = async (s: BenchSubmission = next()): Promise<HandlerSample> => {
    const init = request(s);
    spent.create = spent.sequence = spent.county = 0;
    const t = performance.now();
    const res = await app.request('/api/v1/cases', init);
    const total = performance.now() - t;
    const sample: HandlerSample = { total, create: spent.create, sequence: spent.sequence, county: spent.county, keyed: Boolean(s.idempotencyKey) };
    if (res.status !== 201) fail('in-process POST', `${res.status} ${(await res.text()).slice(0, 200)}`);
    else sample.caseNumber = remember((await res.json()) as { caseNumber: string; trackingCode: string }, s);
    return sample;
  };
  /** Over HTTP to the stack's server; the time includes reading the response body. */
  const overHttp = async (s: BenchSubmission = next()): Promise<{ ms: number; caseNumber?: string }> => {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/cases`, request(s));
    const text = await res.text();
    const elapsed = performance.now() - t;
    if (res.status !== 201) {
      fail('HTTP POST', `${res.status} ${text.slice(0, 200)}`);
      return { ms: elapsed };
    }
    return { ms: elapsed, caseNumber: remember(JSON.parse(text) as { caseNumber: string; trackingCode: string }, s) };
  };

  /** Until the case's officer SMS is out and its item has stopped changing (the router is done with it). */
  const settled = async (caseNumber: string, timeoutMs = 5000): Promise<boolean> => {
    const deadline = performance.now() + timeoutMs;
    if (!(await tail.waitFor(caseNumber, timeoutMs))) return false;
    let previous = '';
    while (performance.now() < deadline) {
      const got = await doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(caseNumber) }));
      const now = JSON.stringify(got.Item ?? null);
      if (now === previous) return true;
      previous = now;
      await sleep(30);
    }
    return false;
  };

  /**
   * Until the stream poller has consumed everything: the router's own writes (claim and settle per
   * SMS) come back on the stream as MODIFY records it pages through after the last SMS is out.
   * Its checkpoint file stops changing once it is idle.
   */
  const checkpointFile = join(dataDir, `stream-checkpoint-${casesTable.replace(/-cases$/, '')}.json`);
  const readCheckpoint = () => (existsSync(checkpointFile) ? readFileSync(checkpointFile, 'utf8') : '');
  const streamIdle = async (timeoutMs: number, quietMs = 500): Promise<{ idle: boolean; lastChangeMs: number }> => {
    const start = performance.now();
    let checkpoint = readCheckpoint();
    let changedAt = start;
    while (performance.now() - start < timeoutMs) {
      await sleep(50);
      const now = readCheckpoint();
      if (now !== checkpoint) {
        checkpoint = now;
        changedAt = performance.now();
      } else if (performance.now() - changedAt >= quietMs) {
        return { idle: true, lastChangeMs: changedAt - start };
      }
    }
    return { idle: false, lastChangeMs: changedAt - start };
  };

  // ── 0. Warm-up, and what the handler asks of DynamoDB ─────────────────────────────────────────
  process.stderr.write('bench: warm-up and call accounting…\n');
  const submissionLogs: { keyed: boolean; log: CallLog; status: number }[] = [];
  const trackingLogs: CallLog[] = [];
  const stopRecording = startRecording();
  try {
    for (let i = 0; i < 2 * P.warmup; i++) {
      const s = next();
      const log: CallLog = { charges: [], localSeen: true };
      const res = await recording.run(log, () => app.request('/api/v1/cases', request(s)));
      submissionLogs.push({ keyed: Boolean(s.idempotencyKey), log, status: res.status });
      if (res.status !== 201) fail('in-process POST', `${res.status} ${(await res.text()).slice(0, 200)}`);
      else remember((await res.json()) as { caseNumber: string; trackingCode: string }, s);
    }
    tail.start();
    const sample = created.slice(-10);
    for (const c of sample) await settled(c.caseNumber);
    for (const c of sample) {
      const log: CallLog = { charges: [], localSeen: true };
      const res = await recording.run(log, () => app.request(`/api/v1/cases/${c.caseNumber}`, { headers: { 'X-Tracking-Code': c.trackingCode } }));
      trackingLogs.push(log);
      if (res.status !== 200) fail('in-process tracking GET', `${res.status} ${(await res.text()).slice(0, 200)}`);
    }
  } finally {
    stopRecording();
  }
  await tail.stop();
  // Updates carry no item: charge them by the item's size afterwards (an upper bound for the write).
  const sizeCache = new Map<string, number>();
  for (const c of [...submissionLogs.flatMap((s) => s.log.charges), ...trackingLogs.flatMap((l) => l.charges)]) {
    if (c.bytes !== undefined || !c.key) continue;
    const id = `${c.table}|${JSON.stringify(c.key)}`;
    if (!sizeCache.has(id)) {
      const got = await doc.send(new GetCommand({ TableName: c.table, Key: { pk: c.key.pk, ...(c.key.sk !== undefined && { sk: c.key.sk }) } }));
      sizeCache.set(id, got.Item ? itemSize(got.Item) : 0);
    }
    c.bytes = sizeCache.get(id);
  }

  // Bare writes put the handler's own case (and idempotency) items again under other keys, with a
  // `BNCH` partition and sort key so nothing routes them.
  const allCharges = submissionLogs.flatMap((s) => s.log.charges);
  const casePuts = allCharges.filter((c) => c.op === 'Put' && c.kind === 'CASE' && c.item).map((c) => c.item!);
  const idemPuts = allCharges.filter((c) => c.op === 'Put' && c.kind === 'IDEM' && c.item).map((c) => c.item!);
  if (casePuts.length === 0) throw new Error(`no case item Put seen in the handler's DynamoDB calls (${shapeOf(allCharges)})`);
  const benchCode = 'BNCHMARK'.slice(0, Math.max(2, Math.min(8, county.code.length)));
  let bareSeq = 0;
  const bareItems = (withIdem: boolean): Item[] => {
    bareSeq += 1;
    const template = casePuts[bareSeq % casePuts.length]!;
    const caseNumber = `${benchCode}-${String(template.caseNumber ?? '').split('-')[1] ?? '2026'}-${String(bareSeq).padStart(6, '0')}`;
    const items: Item[] = [{ ...template, pk: `BNCH#${caseNumber}`, sk: 'BNCH', caseNumber }];
    const idem = idemPuts[bareSeq % Math.max(1, idemPuts.length)];
    if (withIdem) items.unshift({ ...(idem ?? { caseNumber, requestHash: sha256('x') }), pk: `IDEM#${sha256(`${runId}:${bareSeq}`)}`, sk: 'IDEM' });
    return items;
  };
  const bareWrite = async (items: Item[]): Promise<number> => {
    const t = performance.now();
    await doc.send(
      new TransactWriteCommand({
        TransactItems: items.map((Item) => ({ Put: { TableName: casesTable, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
      }),
    );
    return performance.now() - t;
  };
  // DynamoDB Local's JIT needs a few hundred requests before its figures settle.
  for (let i = 0; i < 2 * P.warmup; i++) await bareWrite(bareItems(false));
  for (let i = 0; i < P.warmup; i++) await bareWrite(bareItems(true));
  for (let i = 0; i < P.warmup; i++) await overHttp();

  // ── 1. Latency: bare TransactWriteItems vs the submission handler ─────────────────────────────
  process.stderr.write(`bench: latency series (N=${P.n} each)…\n`);
  const series = { bare1: [] as number[], bare2: [] as number[], inproc: [] as HandlerSample[], http: [] as number[] };
  const runOne = {
    bare1: async () => void series.bare1.push(await bareWrite(bareItems(false))),
    bare2: async () => void series.bare2.push(await bareWrite(bareItems(true))),
    inproc: async () => void series.inproc.push(await inProcess()),
    http: async () => void series.http.push((await overHttp()).ms),
  };
  const order = ['bare1', 'inproc', 'http', 'bare2'] as const;
  // Interleaved blocks, rotating the order, so drift (JIT, table growth, routing in the background)
  // falls on every series alike.
  for (let done = 0, turn = 0; done < P.n; done += P.block, turn++) {
    const size = Math.min(P.block, P.n - done);
    for (let k = 0; k < order.length; k++) {
      const name = order[(k + turn) % order.length]!;
      for (let i = 0; i < size; i++) await runOne[name]();
    }
  }
  const bare1 = summarize(series.bare1);
  const bare2 = summarize(series.bare2);
  const inproc = summarize(series.inproc.map((s) => s.total));
  const inprocPlain = summarize(series.inproc.filter((s) => !s.keyed).map((s) => s.total));
  const inprocKeyed = summarize(series.inproc.filter((s) => s.keyed).map((s) => s.total));
  const http = summarize(series.http);
  const breakdown = (pick: (s: HandlerSample) => number) => {
    const of = (list: HandlerSample[]) => list.map(pick);
    return {
      p50: percentile(of(series.inproc), 50),
      p50NoKey: percentile(of(series.inproc.filter((s) => !s.keyed)), 50),
      p50Keyed: percentile(of(series.inproc.filter((s) => s.keyed)), 50),
      mean: mean(of(series.inproc)),
    };
  };
  const parts = {
    create: breakdown((s) => s.create),
    sequence: breakdown((s) => s.sequence),
    county: breakdown((s) => s.county),
    rest: breakdown((s) => s.total - s.create - s.sequence - s.county),
    reserve: summarize(series.inproc.filter((s) => s.sequence > 0.5).map((s) => s.sequence)),
  };

  // ── 1b. The same with the router idle ─────────────────────────────────────────────────────────
  // Every submission makes the router (same Node process, same DynamoDB Local) send its SMS right
  // after it. Here each operation of a pair (bare write and handler, in alternating order) starts
  // only once the previous case is routed, to tell the handler's own cost from that contention.
  tail.start();
  const quiet = { bare: [] as number[], bareKeyed: [] as number[], handler: [] as HandlerSample[], unsettled: 0, settleMs: [] as number[] };
  if (P.quietN > 0) {
    process.stderr.write(`bench: paired bare/handler with the router idle (n=${P.quietN})…\n`);
    await streamIdle(P.drainTimeoutMs);
    for (let i = 0; i < P.quietN; i++) {
      const s = next();
      const bare = async () => {
        if (s.idempotencyKey) quiet.bareKeyed.push(await bareWrite(bareItems(true)));
        else quiet.bare.push(await bareWrite(bareItems(false)));
      };
      const handler = async () => {
        const sample = await inProcess(s);
        quiet.handler.push(sample);
        const t = performance.now();
        if (sample.caseNumber && !(await settled(sample.caseNumber, 10_000))) quiet.unsettled += 1;
        quiet.settleMs.push(performance.now() - t);
      };
      if (i % 2 === 0) {
        await bare();
        await handler();
      } else {
        await handler();
        await bare();
      }
    }
  }
  const quietBare = summarize(quiet.bare);
  const quietBareKeyed = summarize(quiet.bareKeyed);
  const quietPlain = summarize(quiet.handler.filter((s) => !s.keyed).map((s) => s.total));
  const quietKeyed = summarize(quiet.handler.filter((s) => s.keyed).map((s) => s.total));
  const quietCreatePlain = percentile(quiet.handler.filter((s) => !s.keyed).map((s) => s.create), 50);
  const quietCreateKeyed = percentile(quiet.handler.filter((s) => s.keyed).map((s) => s.create), 50);

  // ── 2. Throughput under concurrency ───────────────────────────────────────────────────────────
  process.stderr.write(`bench: throughput (${P.throughput} submissions, ${P.concurrency} clients)…\n`);
  const loadLatency: number[] = [];
  let issued = 0;
  routerTiming = routerCalls;
  const routedBefore = tail.officerSeen.size;
  const loadStart = performance.now();
  await Promise.all(
    Array.from({ length: P.concurrency }, async () => {
      while (issued < P.throughput) {
        issued += 1;
        loadLatency.push((await overHttp()).ms);
      }
    }),
  );
  const loadWallMs = performance.now() - loadStart;
  const load = { ...summarize(loadLatency), casesPerSec: (P.throughput * 1000) / loadWallMs, wallMs: loadWallMs };

  // ── 3. Routing backlog ────────────────────────────────────────────────────────────────────────
  process.stderr.write('bench: waiting for the router to catch up…\n');
  const drainStart = performance.now();
  const pending = () => created.filter((c) => !tail.officerSeen.has(c.caseNumber)).length;
  const pendingAtEnd = pending();
  while (pending() > 0 && performance.now() - drainStart < P.drainTimeoutMs) await sleep(50);
  const officerMs = performance.now() - drainStart;
  const idle = await streamIdle(Math.max(1000, P.drainTimeoutMs - officerMs));
  routerTiming = undefined;
  const routedInWindow = tail.officerSeen.size - routedBefore;
  const drain = { officerMs, streamMs: officerMs + idle.lastChangeMs, streamIdle: idle.idle, pending: pending(), cases: created.length, pendingAtEnd, routerCasesPerSec: (routedInWindow * 1000) / (loadWallMs + officerMs) };
  if (drain.pending > 0) problems.push(`${drain.pending} of ${drain.cases} cases still had no officer SMS ${Math.round(P.drainTimeoutMs / 1000)} s after the throughput run`);
  if (!drain.streamIdle) problems.push(`the stream poller was still busy ${Math.round(P.drainTimeoutMs / 1000)} s after the throughput run`);

  // ── 4. Submit → officer SMS ───────────────────────────────────────────────────────────────────
  process.stderr.write(`bench: submit → SMS (${P.smsSamples} submissions, ${P.smsSpacingMs} ms apart)…\n`);
  const smsRuns: { caseNumber: string; respondedAt: number; respondedWall: number; seen: Promise<boolean> }[] = [];
  routerTiming = routerCallsSms;
  const smsStart = performance.now();
  for (let i = 0; i < P.smsSamples; i++) {
    const wait = smsStart + i * P.smsSpacingMs - performance.now();
    if (wait > 0) await sleep(wait);
    const r = await overHttp();
    const respondedAt = performance.now();
    const respondedWall = Date.now();
    if (r.caseNumber) smsRuns.push({ caseNumber: r.caseNumber, respondedAt, respondedWall, seen: tail.waitFor(r.caseNumber, P.smsTimeoutMs) });
  }
  const arrived = await Promise.all(smsRuns.map((r) => r.seen));
  routerTiming = undefined;
  const smsDelays: number[] = [];
  const smsStampDelays: number[] = [];
  smsRuns.forEach((r, i) => {
    const seen = tail.officerSeen.get(r.caseNumber);
    if (!arrived[i] || !seen) return;
    smsDelays.push(Math.max(0, seen.seenAt - r.respondedAt));
    smsStampDelays.push(seen.at - r.respondedWall);
  });
  const missingSms = smsRuns.length - smsDelays.length;
  if (missingSms > 0) fail('submit → SMS', `${missingSms} of ${smsRuns.length} officer SMS did not arrive within ${P.smsTimeoutMs / 1000} s`);
  const sms = summarize(smsDelays);
  const smsStamp = summarize(smsStampDelays);
  // Latency, not queueing: if the last quarter waited much longer than the first, the router fell
  // behind this submission rate and the figures measure its backlog.
  const quarter = Math.max(1, Math.floor(smsDelays.length / 4));
  const smsFirst = percentile(smsDelays.slice(0, quarter), 50);
  const smsLast = percentile(smsDelays.slice(-quarter), 50);
  const smsQueued = smsDelays.length >= 8 && smsLast > 2 * smsFirst && smsLast - smsFirst > 250;
  if (smsQueued) problems.push(`submit → SMS: the router fell behind one submission every ${P.smsSpacingMs} ms (median delay ${ms(smsFirst)} ms in the first quarter, ${ms(smsLast)} ms in the last): these figures include queueing`);

  // ── 5. Tracking reads over HTTP ───────────────────────────────────────────────────────────────
  const trackingLatency: number[] = [];
  const smsCases = new Set(smsRuns.map((r) => r.caseNumber));
  for (const c of created.filter((c) => smsCases.has(c.caseNumber))) {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/cases/${c.caseNumber}`, { headers: { 'X-Tracking-Code': c.trackingCode } });
    const text = await res.text();
    trackingLatency.push(performance.now() - t);
    if (res.status !== 200) fail('tracking GET', `${res.status} ${text.slice(0, 200)}`);
  }
  const tracking = summarize(trackingLatency);
  await tail.stop();
  const strays = [...tail.officerSeen.keys()].filter((n) => n.startsWith(`${benchCode}-`)).length;
  if (strays > 0) fail('bare writes', `${strays} bare (BNCH) items were routed and sent SMS`);

  // ── 5b. Submit → officer SMS at a target rate ─────────────────────────────────────────────────
  // Clients start submission i at i / rate seconds (or at once when behind): the achieved intake
  // rate says what the local stack sustains, the SMS delays whether the router keeps up with it.
  const javaPidNow = (() => {
    const f = join(dataDir!, 'dynamodb.pid');
    return existsSync(f) ? Number(readFileSync(f, 'utf8')) : undefined;
  })();
  const javaCpuMs = () => processCpuMs(javaPidNow);
  /** One paced run: `count` submissions started at `rate` per second, and their officer SMS. */
  const pacedRun = async (rate: number, count: number) => {
    process.stderr.write(`bench: submit → SMS at ${rate}/s (${count} submissions, ${P.concurrency} clients)…\n`);
    tail.start();
    const paced: { caseNumber: string; respondedAt: number; seen: Promise<boolean> }[] = [];
    const pacedLatency: number[] = [];
    let pacedIssued = 0;
    const cpuBefore = process.cpuUsage();
    const javaBefore = javaCpuMs();
    const javaThreadsBefore = javaThreadCpuMs(javaPidNow);
    const stopTally = tallyCalls();
    const pacedStart = performance.now();
    await Promise.all(
      Array.from({ length: P.concurrency }, async () => {
        while (pacedIssued < count) {
          const i = pacedIssued++;
          const wait = pacedStart + (i * 1000) / rate - performance.now();
          if (wait > 0) await sleep(wait);
          const r = await overHttp();
          pacedLatency.push(r.ms);
          if (r.caseNumber) paced.push({ caseNumber: r.caseNumber, respondedAt: performance.now(), seen: tail.waitFor(r.caseNumber, P.drainTimeoutMs) });
        }
      }),
    );
    const intakeEnd = performance.now();
    const backlogAtIntakeEnd = paced.filter((r) => !tail.officerSeen.has(r.caseNumber)).length;
    const pacedArrived = await Promise.all(paced.map((r) => r.seen));
    const lastSms = Math.max(...paced.map((r) => tail.officerSeen.get(r.caseNumber)?.seenAt ?? Number.NaN).filter(Number.isFinite));
    const cpuAfter = process.cpuUsage(cpuBefore);
    const javaAfter = javaCpuMs();
    const javaThreads = threadCpuSince(javaThreadsBefore, javaThreadCpuMs(javaPidNow));
    const pacedCalls = stopTally();
    await tail.stop();
    const pacedDelays = paced.flatMap((r, i) => {
      const seen = tail.officerSeen.get(r.caseNumber);
      return pacedArrived[i] && seen ? [Math.max(0, seen.seenAt - r.respondedAt)] : [];
    });
    const pacedSms = summarize(pacedDelays);
    const pacedQuarter = Math.max(1, Math.floor(pacedDelays.length / 4));
    const rateRun = {
      target: rate,
      submissions: paced.length,
      intakePerSec: (paced.length * 1000) / (intakeEnd - pacedStart),
      /** Cases routed per second from the first submission to the last officer SMS. */
      routedPerSec: (pacedDelays.length * 1000) / (lastSms - pacedStart),
      latencyMs: summarize(pacedLatency),
      sms: pacedSms,
      firstQuarterP50: percentile(pacedDelays.slice(0, pacedQuarter), 50),
      lastQuarterP50: percentile(pacedDelays.slice(-pacedQuarter), 50),
      backlogAtIntakeEnd,
      drainAfterIntakeMs: Math.max(0, lastSms - intakeEnd),
      missing: paced.length - pacedDelays.length,
      cpuMsPerSubmission: {
        node: (cpuAfter.user + cpuAfter.system) / 1000 / Math.max(1, paced.length),
        java: (javaAfter - javaBefore) / Math.max(1, paced.length),
        javaThreads: Object.fromEntries([...javaThreads].map(([group, ms]) => [group, ms / Math.max(1, paced.length)])),
      },
      /** DynamoDB calls per submission, from the intake to its last SMS settled (the stream poller's own not counted). */
      callsPerSubmission: Object.fromEntries([...pacedCalls].sort((a, b) => b[1] - a[1]).map(([shape, n]) => [shape, n / Math.max(1, paced.length)])),
      wallMs: intakeEnd - pacedStart,
    };
    if (rateRun.missing > 0) fail('paced submit → SMS', `at ${rate}/s, ${rateRun.missing} of ${paced.length} officer SMS did not arrive`);
    return rateRun;
  };
  const rateRuns: Awaited<ReturnType<typeof pacedRun>>[] = [];
  for (const rate of P.rates.length ? P.rates : [P.rate]) rateRuns.push(await pacedRun(rate, P.rateN));
  /** The stack sustains a rate end to end when the intake reaches it and the router keeps up within the budget. */
  const sustained = (r: (typeof rateRuns)[number]) =>
    r.intakePerSec >= 0.95 * r.target && r.routedPerSec >= 0.95 * r.intakePerSec && r.sms.p95 <= BUDGET.smsP95Ms && !growing(r);
  const rateRun = rateRuns.find((r) => !sustained(r)) ?? rateRuns.at(-1)!;

  // ── 6. Write and read units ───────────────────────────────────────────────────────────────────
  process.stderr.write('bench: capacity units…\n');
  // The case-number counter is written by whichever submission finds its block used up (1 in
  // `sequenceBlock`): share its cost over all submissions rather than over whichever half sampled it.
  const okLogs = submissionLogs.filter((s) => s.status === 201);
  const sumOf = (charges: readonly Charge[], f: (c: Charge) => number) => charges.reduce((a, c) => a + f(c), 0);
  const counterCharges = okLogs.flatMap((s) => s.log.charges.filter((c) => c.kind === 'SEQ'));
  const counterWcu = sumOf(counterCharges, wcuOf) / okLogs.length;
  const counterLocal = sumOf(counterCharges, (c) => c.local ?? 0) / okLogs.length;
  const localSeen = okLogs.every((s) => s.log.localSeen);
  const perSubmission = (keyed: boolean) => {
    const logs = okLogs.filter((s) => s.keyed === keyed).map((s) => s.log.charges.filter((c) => c.kind !== 'SEQ'));
    const wcu = logs.map((charges) => sumOf(charges, wcuOf));
    const shapes = new Map<string, number>();
    for (const l of okLogs.filter((s) => s.keyed === keyed)) shapes.set(shapeOf(l.log.charges), (shapes.get(shapeOf(l.log.charges)) ?? 0) + 1);
    return {
      n: logs.length,
      /** Mean write units of the submission's own writes, plus its share of the counter. */
      wcuMean: mean(wcu) + counterWcu,
      ownWcuMean: mean(wcu),
      ownWcuMax: wcu.length ? Math.max(...wcu) : Number.NaN,
      counterWcu,
      gsiWcuMean: mean(logs.map((charges) => sumOf(charges, gsiWcuOf))),
      rcuMean: mean(logs.map((charges) => sumOf(charges, rcuOf))),
      local: localSeen ? mean(logs.map((charges) => sumOf(charges, (c) => c.local ?? 0))) + counterLocal : Number.NaN,
      shapes: [...shapes].map(([shape, count]) => ({ shape, count })),
    };
  };
  const writePlain = perSubmission(false);
  const writeKeyed = perSubmission(true);
  const sizes = (kind: string) => {
    const bytes = allCharges.filter((c) => c.kind === kind && c.bytes !== undefined && c.op !== 'Get').map((c) => c.bytes!);
    return { n: bytes.length, min: bytes.length ? Math.min(...bytes) : Number.NaN, p50: percentile(bytes, 50), max: bytes.length ? Math.max(...bytes) : Number.NaN };
  };
  const caseBytes = sizes('CASE');
  const idemBytes = sizes('IDEM');
  const seqBytes = sizes('SEQ');
  const gsiEntries = indexEntries(casePuts[Math.floor(casePuts.length / 2)]!);
  const trackingCharges = trackingLogs.map((l) => ({
    rcu: l.charges.reduce((a, c) => a + rcuOf(c), 0),
    wcu: l.charges.reduce((a, c) => a + wcuOf(c), 0),
    local: l.localSeen ? sumOf(l.charges, (c) => c.local ?? 0) : Number.NaN,
    shape: shapeOf(l.charges),
    consistent: l.charges.some((c) => c.op === 'Get' && c.consistent),
    bytes: l.charges.filter((c) => c.op === 'Get').reduce((a, c) => a + (c.bytes ?? 0), 0),
  }));
  const trackingRcu = trackingCharges.length ? Math.max(...trackingCharges.map((t) => t.rcu)) : Number.NaN;
  const trackingShape = [...new Set(trackingCharges.map((t) => t.shape))].join(' | ');
  const scans = [...allCharges, ...trackingLogs.flatMap((l) => l.charges)].filter((c) => c.op === 'Scan').length;
  if (scans > 0) problems.push(`${scans} Scan call(s) on the request path (DESIGN: no Scan on any request path)`);

  // Tracking reads a routed case: its notifications and timeline entries have been added.
  const routedSizes: number[] = [];
  for (const r of smsRuns.slice(-20)) {
    const got = await doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(r.caseNumber) }));
    if (got.Item) routedSizes.push(itemSize(got.Item));
  }
  const routedBytes = { p50: percentile(routedSizes, 50), max: routedSizes.length ? Math.max(...routedSizes) : Number.NaN };
  const trackingConsistent = trackingCharges.some((t) => t.consistent);
  const trackingRcuRouted = readRcu(routedBytes.max, trackingConsistent);

  // Tracking a case with a long history: its entries are items of the case partition, and tracking
  // reads the case item and a bounded page of the newest public entries. The same entries on one
  // item (the layout before) would be read whole.
  const longCase = created.find((c) => smsCases.has(c.caseNumber))!;
  const historyOf = (shape: 'mix' | 'worst'): TimelineEntry[] =>
    Array.from({ length: P.timelineEntries }, (_, i): TimelineEntry => {
      const at = new Date(Date.now() + 1000 + i).toISOString();
      const actor = { role: 'officer' as const, name: '王军' };
      if (shape === 'worst') return { at, type: 'reply', visibility: 'public', actor, text: '长'.repeat(500) };
      // A busy case: notes (internal), replies, SMS outcomes and status changes.
      switch (i % 5) {
        case 0:
          return { at, type: 'note', visibility: 'internal', actor, text: '与当事人电话沟通，约定明天上午到现场查看'.repeat(3) };
        case 1:
          return { at, type: 'reply', visibility: 'public', actor, text: '已经联系村委会，明天上午到现场' };
        case 2:
          return { at, type: 'notified', visibility: 'public', params: { role: 'officer' } };
        case 3:
          return { at, type: 'notify_failed', visibility: 'internal', params: { role: 'assistant', attempts: 1, final: 'no' } };
        default:
          return { at, type: 'status', visibility: 'public', actor, params: { status: 'in_progress' } };
      }
    });
  const trackLong = async (shape: 'mix' | 'worst') => {
    const entries = historyOf(shape);
    const number = shape === 'mix' ? longCase.caseNumber : created.find((c) => smsCases.has(c.caseNumber) && c !== longCase)!.caseNumber;
    const items = entries.map((e, i) => entryItem(number, e, `bench${i}`));
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { [casesTable]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const code = created.find((c) => c.caseNumber === number)!.trackingCode;
    const log: CallLog = { charges: [], localSeen: true };
    const stop = startRecording();
    try {
      const res = await recording.run(log, () => app.request(`/api/v1/cases/${number}`, { headers: { 'X-Tracking-Code': code } }));
      if (res.status !== 200) fail('tracking a long case', `${res.status}`);
    } finally {
      stop();
    }
    const caseItem = (await doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(number) }))).Item!;
    const oneItem = itemSize({ ...caseItem, timeline: entries, notifications: {} });
    return {
      entries: entries.length,
      shape: shapeOf(log.charges),
      rcu: sumOf(log.charges, rcuOf),
      bytesRead: sumOf(log.charges, (c) => c.bytes ?? 0),
      local: log.localSeen ? sumOf(log.charges, (c) => c.local ?? 0) : Number.NaN,
      oldLayoutBytes: oneItem,
      oldLayoutRcu: oneItem > 400 * 1024 ? Number.NaN : readRcu(oneItem, false),
    };
  };
  const longTracking = { mix: await trackLong('mix'), worst: await trackLong('worst') };

  // ── 7. Memory ─────────────────────────────────────────────────────────────────────────────────
  const pidFile = join(dataDir, 'dynamodb.pid');
  const javaPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  const javaRssKb = javaPid ? procStatusKb(javaPid, 'VmRSS') : undefined;
  const javaHwmKb = javaPid ? procStatusKb(javaPid, 'VmHWM') : undefined;
  const nodeRss = process.memoryUsage().rss;
  const nodePeak = process.resourceUsage().maxRSS * 1024;
  const javaRss = (javaRssKb ?? Number.NaN) * 1024;
  const javaPeak = (javaHwmKb ?? Number.NaN) * 1024;
  const totalRss = nodeRss + javaRss;
  const totalPeak = nodePeak + javaPeak;
  doc.destroy();

  const pollerTrouble = logLines.filter((l) => /stream (poller|handler threw|record)/.test(l));
  if (pollerTrouble.length) problems.push(`stream poller reported ${pollerTrouble.length} problem line(s), first: ${pollerTrouble[0]}`);
  if (quiet.unsettled > 0) problems.push(`${quiet.unsettled} router-idle samples were not routed and settled within 10 s`);

  // ── Report ────────────────────────────────────────────────────────────────────────────────────
  const ratio50 = inproc.p50 / bare1.p50;
  const ratio99 = inproc.p99 / bare1.p99;
  const ratioPlain50 = inprocPlain.p50 / bare1.p50;
  const ratioKeyed50 = inprocKeyed.p50 / bare2.p50;
  const quietRatioPlain = quietPlain.p50 / quietBare.p50;
  const quietRatioKeyed = quietKeyed.p50 / quietBareKeyed.p50;
  const mb = (b: number) => (Number.isFinite(b) ? `${(b / 1024 ** 2).toFixed(0)} MB` : '—');
  const row = (name: string, s: Summary) => [name, s.n, ms(s.p50), ms(s.p99), Number.isFinite(s.opsPerSec) ? s.opsPerSec.toFixed(0) : '—'];
  const ratioRow = (name: string, value: number) => [name, `${num(value, 2)}×`, '≤ 1.5×', Number.isFinite(value) ? verdict(value <= BUDGET.handlerRatio) : ''];

  out(`\n## Cunjing bench — ${new Date().toISOString()}`);
  out(
    `node ${process.version}, ${cpus().length} CPU(s), county ${county.code} (${villageIds.length} villages); N=${P.n} per series, ` +
      `Idempotency-Key on ${Math.round(P.keyShare * 100)}% of submissions; stack up in ${(stackUpMs / 1000).toFixed(1)} s; ` +
      `1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end (other work on this machine skews the figures)`,
  );
  out('\n### Submission latency (sequential; the first four series interleaved in blocks of 25)');
  out(
    table(
      ['series', 'n', 'p50 ms', 'p99 ms', 'ops/s'],
      [
        row('bare TransactWriteItems, 1 Put (case item)', bare1),
        row('bare TransactWriteItems, 2 Puts (IDEM + case item)', bare2),
        row('handler in-process (app.request), all', inproc),
        row('  … without Idempotency-Key', inprocPlain),
        row('  … with Idempotency-Key', inprocKeyed),
        row('handler over HTTP (fetch, keep-alive)', http),
        row('router idle: bare 1 Put (paired)', quietBare),
        row('router idle: handler without key (paired)', quietPlain),
        row('router idle: bare 2 Puts (paired)', quietBareKeyed),
        row('router idle: handler with key (paired)', quietKeyed),
      ],
    ),
  );
  const settle = summarize(quiet.settleMs);
  if (settle.n) out(`router idle: after each handler call the next operation waited for that case's routing to finish (p50 ${ms(settle.p50)} ms, max ${ms(settle.max)} ms)`);
  out('\n### Handler vs bare write (budget ≤ 1.5×)');
  out(
    table(
      ['ratio', 'value', 'budget', ''],
      [
        ratioRow('handler p50 / bare 1-Put p50', ratio50),
        ratioRow('handler p99 / bare 1-Put p99', ratio99),
        ratioRow('no-key handler p50 / bare 1-Put p50', ratioPlain50),
        ratioRow('keyed handler p50 / bare 2-Put p50', ratioKeyed50),
        ratioRow('router idle: no-key handler p50 / bare 1-Put p50', quietRatioPlain),
        ratioRow('router idle: keyed handler p50 / bare 2-Put p50', quietRatioKeyed),
        ['HTTP p50 / bare 1-Put p50 (for reference)', `${num(http.p50 / bare1.p50, 2)}×`, '', ''],
      ],
    ),
  );
  out('\n### Where the in-process handler spends its time (per request, interleaved series)');
  out(
    table(
      ['part', 'p50 ms', 'p50 no key', 'p50 keyed', 'mean ms'],
      [
        ...(
          [
            ['cases.create (the TransactWriteItems)', parts.create],
            ['cases.nextSequence (counter UpdateItem, 1 in 10)', parts.sequence],
            ['county.get (cached roster)', parts.county],
            ['everything else (Hono, zod, hashing, JSON)', parts.rest],
          ] as const
        ).map(([name, p]) => [name, ms(p.p50), ms(p.p50NoKey), ms(p.p50Keyed), ms(p.mean)]),
        [`counter reservation when it happens (n=${parts.reserve.n})`, ms(parts.reserve.p50), '', '', ms(parts.reserve.mean)],
        ['router idle: cases.create', '', ms(quietCreatePlain), ms(quietCreateKeyed), ''],
      ],
    ),
  );
  out(`\n### Throughput (${P.concurrency} concurrent HTTP clients, ${P.throughput} submissions)`);
  out(
    table(
      ['figure', 'value'],
      [
        ['cases/s', load.casesPerSec.toFixed(0)],
        ['latency p50 / p99 ms', `${ms(load.p50)} / ${ms(load.p99)}`],
        ['wall time', `${(load.wallMs / 1000).toFixed(1)} s`],
        [`officer SMS out for all ${drain.cases} cases so far`, drain.pending ? `NO: ${drain.pending} pending` : `${(drain.officerMs / 1000).toFixed(1)} s after the run`],
        ['stream fully consumed (poller checkpoint settles)', drain.streamIdle ? `${(drain.streamMs / 1000).toFixed(1)} s after the run` : 'NO'],
        ['cases without officer SMS when the run ended', drain.pendingAtEnd],
        ['router pace over run + catch-up', `${num(drain.routerCasesPerSec, 0)} cases/s`],
      ],
    ),
  );
  const routerTable = (calls: Map<string, number[]>, cases: number) =>
    table(
      ['router call', 'calls per routed case', 'p50 ms', 'p95 ms'],
      [...calls].map(([name, list]) => [name, num(list.length / Math.max(1, cases), 2), ms(percentile(list, 50)), ms(percentile(list, 95))]),
    );
  if (routerCalls.size) {
    out('router calls meanwhile (concurrent within a batch):');
    out(routerTable(routerCalls, routedInWindow));
  }
  out(`\n### Submit → officer SMS (${smsRuns.length} submissions ${P.smsSpacingMs} ms apart, router idle at the start; outbox tailed every 10 ms)`);
  out(
    table(
      ['measure', 'p50 ms', 'p95 ms', 'max ms', 'budget', ''],
      [
        ['response → SMS line seen in the outbox', ms(sms.p50), ms(sms.p95), ms(sms.max), 'p95 ≤ 1000', verdict(sms.p95 <= BUDGET.smsP95Ms)],
        ['response → SMS `at` stamp (sender clock, ms resolution)', ms(smsStamp.p50), ms(smsStamp.p95), ms(smsStamp.max), '', ''],
      ],
    ),
  );
  out(`first / last quarter median: ${ms(smsFirst)} / ${ms(smsLast)} ms${smsQueued ? ' — QUEUEING: the router fell behind this rate' : ' (no queueing)'}`);
  if (routerCallsSms.size) {
    out('router calls during this run:');
    out(routerTable(routerCallsSms, smsRuns.length));
  }
  out(`tracking GET over HTTP (n=${tracking.n}): p50 ${ms(tracking.p50)} ms, p99 ${ms(tracking.p99)} ms`);
  if (rateRuns.length > 1) {
    out(`\n### Submit → officer SMS at ${rateRuns.map((r) => r.target).join(', ')} submissions/s, one after another (${P.rateN} submissions each, ${P.concurrency} clients)`);
    out(
      table(
        ['target /s', 'intake /s', 'router /s', 'SMS delay p50 / p95 ms', 'first / last quarter p50 ms', 'left at intake end', 'sustained end to end'],
        rateRuns.map((r) => [r.target, num(r.intakePerSec, 1), num(r.routedPerSec, 1), `${ms(r.sms.p50)} / ${ms(r.sms.p95)}`, `${ms(r.firstQuarterP50)} / ${ms(r.lastQuarterP50)}`, r.backlogAtIntakeEnd, sustained(r) ? 'yes' : 'no']),
      ),
    );
    const held = rateRuns.filter(sustained).at(-1);
    const over = rateRuns.find((r) => !sustained(r));
    out(
      `rate: ${held ? `sustained end to end up to ${held.target}/s (intake ${num(held.intakePerSec, 1)}/s, router ${num(held.routedPerSec, 1)}/s, SMS p95 ${ms(held.sms.p95)} ms)` : 'no rate sustained end to end'}` +
        (over ? `; at ${over.target}/s intake ${num(over.intakePerSec, 1)}/s, router ${num(over.routedPerSec, 1)}/s, SMS p95 ${ms(over.sms.p95)} ms` : ''),
    );
  }
  out(`\n### Submit → officer SMS at ${rateRun.target} submissions/s (${rateRun.submissions} submissions, ${P.concurrency} clients, each starting on schedule or at once when behind)${rateRuns.length > 1 ? ': the first rate not sustained, in full' : ''}`);
  out(
    table(
      ['figure', 'value', 'budget', ''],
      [
        ['intake achieved (submissions/s)', num(rateRun.intakePerSec, 1), `${rateRun.target}`, ''],
        ['router (cases routed/s, first submission → last officer SMS)', num(rateRun.routedPerSec, 1), '≥ intake', verdict(rateRun.routedPerSec >= 0.95 * rateRun.intakePerSec)],
        ['submission latency p50 / p99 ms', `${ms(rateRun.latencyMs.p50)} / ${ms(rateRun.latencyMs.p99)}`, '', ''],
        ['response → officer SMS p50 / p95 / max ms', `${ms(rateRun.sms.p50)} / ${ms(rateRun.sms.p95)} / ${ms(rateRun.sms.max)}`, 'p95 ≤ 1000', verdict(rateRun.sms.p95 <= BUDGET.smsP95Ms)],
        ['first / last quarter median delay ms', `${ms(rateRun.firstQuarterP50)} / ${ms(rateRun.lastQuarterP50)}`, 'no growth', verdict(!growing(rateRun))],
        ['cases without officer SMS when the intake ended', rateRun.backlogAtIntakeEnd, '', ''],
        ['last officer SMS after the intake ended', `${ms(rateRun.drainAfterIntakeMs)} ms`, '', ''],
        ['CPU per submission: node (API + router + bench clients) / java (DynamoDB Local)', `${num(rateRun.cpuMsPerSubmission.node, 1)} / ${num(rateRun.cpuMsPerSubmission.java, 1)} ms`, '', ''],
        [
          '… java by thread (SQLite: its one queue thread; requests: Jetty)',
          Object.entries(rateRun.cpuMsPerSubmission.javaThreads).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([group, v]) => `${group} ${num(v, 1)}`).join(' · '),
          '',
          '',
        ],
      ],
    ),
  );
  out('DynamoDB calls per submission during this run, intake and routing (the stream poller\'s own not counted):');
  out(table(['calls', 'per submission'], Object.entries(rateRun.callsPerSubmission).map(([shape, n]) => [shape, num(n, 2)])));
  out(`\n### Capacity units (DynamoDB's published rules applied to the items the handler sent; ${submissionLogs.length} submissions, ${trackingLogs.length} tracking reads)`);
  out(
    table(
      ['figure', 'value', 'budget', ''],
      [
        [`case item as written (min / p50 / max, n=${caseBytes.n})`, `${caseBytes.min} / ${caseBytes.p50} / ${caseBytes.max} B`, '', ''],
        [`idempotency record (p50, n=${idemBytes.n})`, `${num(idemBytes.p50, 0)} B`, '', ''],
        [`case-number counter item (n=${seqBytes.n} writes)`, `${num(seqBytes.p50, 0)} B`, '', ''],
        ['case item after routing (p50 / max, what tracking reads)', `${routedBytes.p50} / ${routedBytes.max} B`, '', ''],
        [`WCU per submission, no key (n=${writePlain.n}): own writes + counter share`, `${num(writePlain.ownWcuMean, 2)} + ${num(counterWcu, 2)} = ${num(writePlain.wcuMean, 2)}`, '≤ 3', verdict(writePlain.wcuMean <= BUDGET.writeUnits)],
        [`WCU per submission, with key (n=${writeKeyed.n}): own writes + counter share`, `${num(writeKeyed.ownWcuMean, 2)} + ${num(counterWcu, 2)} = ${num(writeKeyed.wcuMean, 2)}`, '≤ 3', Number.isFinite(writeKeyed.wcuMean) ? verdict(writeKeyed.wcuMean <= BUDGET.writeUnits) : ''],
        [
          `+ GSI entries (${gsiEntries.map((e) => `${e.index} ${e.bytes} B`).join(', ')}), standard rate`,
          `+${num(writePlain.gsiWcuMean, 0)} → ${num(writePlain.wcuMean + writePlain.gsiWcuMean, 2)} no key / ${num(writeKeyed.wcuMean + writeKeyed.gsiWcuMean, 2)} keyed`,
          '≤ 3 if counted',
          verdict(writePlain.wcuMean + writePlain.gsiWcuMean <= BUDGET.writeUnits),
        ],
        [`tracking read RCU (${trackingShape || '?'}, ${trackingConsistent ? 'strongly' : 'eventually'} consistent)`, `${trackingRcu} (routed item: ${trackingRcuRouted})`, '≤ 2', verdict(Math.max(trackingRcu, trackingRcuRouted) <= BUDGET.trackingReadUnits)],
        [`DynamoDB Local's ConsumedCapacity: submission no key / with key / tracking`, `${num(writePlain.local, 2)} / ${num(writeKeyed.local, 2)} / ${num(mean(trackingCharges.map((t) => t.local)), 2)}`, '', ''],
      ],
    ),
  );
  out(`calls per submission: ${[...writePlain.shapes, ...writeKeyed.shapes].map((s) => `${s.shape} ×${s.count}`).join('; ')}`);
  out(`\n### Tracking a case with ${P.timelineEntries} timeline entries (budget ≤ ${BUDGET.trackingReadUnits} RCU)`);
  out(
    table(
      ['history', 'calls', 'bytes read', 'RCU', 'DynamoDB Local', 'budget', 'the same on one item (layout before)'],
      (['mix', 'worst'] as const).map((k) => {
        const t = longTracking[k];
        return [
          k === 'mix' ? 'busy case: notes, replies, SMS outcomes, status' : `worst case: ${t.entries} maximum-length public replies`,
          t.shape,
          String(t.bytesRead),
          num(t.rcu, 1),
          num(t.local, 1),
          verdict(t.rcu <= BUDGET.trackingReadUnits),
          Number.isFinite(t.oldLayoutRcu) ? `${t.oldLayoutBytes} B → ${num(t.oldLayoutRcu, 1)} RCU` : `${t.oldLayoutBytes} B: over DynamoDB's 400 KB item limit`,
        ];
      }),
    ),
  );
  out('\n### Local stack memory (budget ≤ 1 GB)');
  out(
    table(
      ['process', 'RSS now', 'peak'],
      [
        ['node (API, router, bench)', mb(nodeRss), mb(nodePeak)],
        [`java (DynamoDB Local, pid ${javaPid ?? '?'})`, mb(javaRss), mb(javaPeak)],
        ['total', `${mb(totalRss)} ${verdict(totalRss <= BUDGET.rssBytes)}`, `${mb(totalPeak)} ${verdict(totalPeak <= BUDGET.rssBytes)}`],
      ],
    ),
  );
  const bundles = await reportBundles(problems);
  if (problems.length) out(`\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  if (failures > 0) exitCode = 1;

  const figures = {
    bundles,
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
    parameters: P,
    latencyMs: { bare1Put: bare1, bare2Puts: bare2, handlerInProcess: inproc, handlerNoKey: inprocPlain, handlerWithKey: inprocKeyed, handlerHttp: http },
    ratios: {
      p50: round(ratio50),
      p99: round(ratio99),
      noKeyP50: round(ratioPlain50),
      keyedVsBare2P50: round(ratioKeyed50),
      routerIdleNoKeyP50: round(quietRatioPlain),
      routerIdleKeyedP50: round(quietRatioKeyed),
      budget: BUDGET.handlerRatio,
    },
    handlerBreakdownMs: parts,
    routerIdle: { settleWaitMs: summarize(quiet.settleMs), bare1Put: quietBare, bare2Puts: quietBareKeyed, handlerNoKey: quietPlain, handlerWithKey: quietKeyed, createP50NoKey: quietCreatePlain, createP50Keyed: quietCreateKeyed, unsettled: quiet.unsettled },
    throughput: {
      concurrency: P.concurrency,
      submissions: P.throughput,
      casesPerSec: round(load.casesPerSec, 1),
      latencyMs: summarize(loadLatency),
      wallMs: round(load.wallMs),
      officerSmsCatchUpMs: round(drain.officerMs),
      streamConsumedMs: round(drain.streamMs),
      streamIdle: drain.streamIdle,
      routerPending: drain.pending,
      pendingAtEnd: drain.pendingAtEnd,
      routerCasesPerSec: round(drain.routerCasesPerSec, 1),
      routerCallsMs: Object.fromEntries([...routerCalls].map(([name, list]) => [name, { perCase: round(list.length / Math.max(1, routedInWindow)), ...summarize(list) }])),
    },
    smsDelayMs: {
      routerCallsMs: Object.fromEntries([...routerCallsSms].map(([name, list]) => [name, { perCase: round(list.length / Math.max(1, smsRuns.length)), ...summarize(list) }])),
      seen: sms, stamp: smsStamp, firstQuarterP50: smsFirst, lastQuarterP50: smsLast, queued: smsQueued, missing: missingSms, budgetP95: BUDGET.smsP95Ms, samplesInOrder: smsDelays.map((d) => round(d, 1)) },
    trackingGetMs: tracking,
    submitToSmsAtRate: rateRun,
    submitToSmsAtRates: rateRuns,
    trackingLongCase: longTracking,
    capacity: {
      caseItemBytes: caseBytes,
      idempotencyRecordBytes: idemBytes,
      counterItemBytes: seqBytes,
      routedCaseItemBytes: routedBytes,
      submissionNoKey: writePlain,
      submissionWithKey: writeKeyed,
      gsiEntries,
      tracking: { rcu: trackingRcu, rcuRoutedItem: trackingRcuRouted, consistent: trackingConsistent, shape: trackingShape, dynamodbLocal: mean(trackingCharges.map((t) => t.local)) },
      budgets: { writeUnits: BUDGET.writeUnits, trackingReadUnits: BUDGET.trackingReadUnits },
    },
    rssBytes: { node: nodeRss, nodePeak, java: javaRss, javaPeak, total: totalRss, totalPeak, budget: BUDGET.rssBytes },
    smsConsoleLinesSuppressed: smsConsoleLines,
    problems,
  };
  const json = `${JSON.stringify(figures, null, 2)}\n`;
  const file = join(tmpdir(), `cunjing-bench-${stamp}.json`);
  await writeFile(file, json);
  if (process.env.BENCH_OUT) await writeFile(process.env.BENCH_OUT, json);
  out(`\nFigures as JSON: ${file}${process.env.BENCH_OUT ? ` and ${process.env.BENCH_OUT}` : ''}`);
  out(`Whole run: ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
} catch (error) {
  exitCode = 1;
  process.stderr.write(`\nbench failed: ${(error as Error).stack ?? error}\n`);
  if (logLines.length) process.stderr.write(`last stack log lines:\n${logLines.slice(-20).join('\n')}\n`);
} finally {
  await shutdown().catch((error) => {
    exitCode = 1;
    process.stderr.write(`while stopping: ${(error as Error).message}\n`);
  });
  console.log = consoleLog;
  if (KEEP && dataDir) process.stderr.write(`bench: data kept in ${dataDir}\n`);
}
process.exit(exitCode);
