/**
 * `npm run bench`: measures the local stack against the budgets in DESIGN.md and prints the figures.
 * A benchmark, not a test: it exits 0 unless something breaks (a request fails, an SMS never comes).
 *
 *   BENCH_N               sequential operations per latency series (default 400)
 *   BENCH_WARMUP          warm-up operations per series, discarded (default 40; 4× that before the first)
 *   BENCH_QUIET_N         paired bare/handler samples taken with the router idle (default 100)
 *   BENCH_CONCURRENCY     concurrent HTTP clients in the throughput run (default 8)
 *   BENCH_THROUGHPUT      submissions in the throughput run (default 800)
 *   BENCH_SMS_SAMPLES     submissions timed to their officer SMS (default 100)
 *   BENCH_SMS_SPACING_MS  pause between those submissions (default 50)
 *   BENCH_KEY_SHARE       share of submissions sent with an Idempotency-Key (default 0.3)
 *   BENCH_OUT             also write the JSON figures to this file
 *   BENCH_KEEP            keep the throwaway data folder (DynamoDB files, outbox) for inspection
 *   BENCH_VERBOSE         echo the stack's log lines to stderr
 *
 * Everything runs on a throwaway data folder and free ports, so it never touches `.data/` or a
 * running `npm start`; the JSON figures go to the system temp folder unless BENCH_OUT is set.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { openCase, SubmissionSchema, type CaseRecord } from '../functions/domain/case.ts';
import { routeNewCase } from '../functions/domain/routing.ts';
import { createDocumentClient } from '../functions/store/client.ts';
import { CASES_TABLE, DUE_QUEUE, keys } from '../functions/store/tables.ts';
import {
  OutboxTail,
  itemSize,
  percentile,
  project,
  readRcu,
  round,
  sleep,
  standardWcu,
  submissions,
  summarize,
  transactionalWcu,
  type BenchSubmission,
  type Summary,
} from './bench/lib.ts';
import { ROOT, startLocalStack, type LocalStack } from './local/stack.ts';

type Item = Record<string, NativeAttributeValue>;

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

const P = {
  n: intEnv('BENCH_N', 400),
  warmup: intEnv('BENCH_WARMUP', 40, 0),
  quietN: intEnv('BENCH_QUIET_N', 100, 0),
  concurrency: intEnv('BENCH_CONCURRENCY', 8),
  throughput: intEnv('BENCH_THROUGHPUT', 800),
  smsSamples: intEnv('BENCH_SMS_SAMPLES', 100),
  smsSpacingMs: intEnv('BENCH_SMS_SPACING_MS', 50, 0),
  keyShare: Number(process.env.BENCH_KEY_SHARE ?? 0.3),
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c)));
  const width = headers.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: readonly string[]) => `| ${row.map((c, i) => c + ' '.repeat(width[i]! - [...c].length)).join(' | ')} |`;
  return [line(cells[0]!), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function procStatusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether DynamoCaseStore.get asks for a strongly consistent read (it decides tracking's RCU). */
function trackingReadIsConsistent(): boolean {
  const source = readFileSync(join(ROOT, 'functions', 'store', 'cases.ts'), 'utf8');
  const body = /async get\([\s\S]*?\n  }\n/.exec(source)?.[0] ?? '';
  return /ConsistentRead:\s*true/.test(body);
}

/** The case item exactly as DynamoCaseStore writes it (its toItem is private). */
function caseItem(record: CaseRecord): Item {
  return { ...keys.case(record.caseNumber), ...record, ...(record.escalateAt && { dueQueue: DUE_QUEUE }) };
}

/** Index entries a case item puts in each GSI: table keys, index keys, projected attributes. */
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

// ── The run ─────────────────────────────────────────────────────────────────────────────────────

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
const shutdown = () => (stopping ??= (async () => {
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
  dataDir = await mkdtemp(join(tmpdir(), 'cunjing-bench-'));
  const dynamodbPort = await freePort();
  process.stderr.write(`bench: starting the local stack (DynamoDB Local on :${dynamodbPort}, data in ${dataDir})…\n`);
  stack = await startLocalStack({ port: 0, dynamodbPort, dataDir, buildWeb: false, log });
  const stackUpMs = performance.now() - startedAt;
  // The stack imported the handlers after setting the environment; these are the same instances.
  const { app } = await import('../functions/handlers/api.ts');
  const runtime = await import('../functions/handlers/runtime.ts');
  const base = stack.url.replace('//localhost:', '//127.0.0.1:');

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
  const written: CaseRecord[] = [];
  const store = runtime.cases;
  const create = store.create.bind(store);
  const nextSequence = store.nextSequence.bind(store);
  const countyGet = runtime.county.get.bind(runtime.county);
  store.create = async (record, idempotency) => {
    const t = performance.now();
    try {
      return await create(record, idempotency);
    } finally {
      spent.create += performance.now() - t;
      if (written.length < 5000) written.push(record);
    }
  };
  store.nextSequence = async (code, year) => {
    const t = performance.now();
    try {
      return await nextSequence(code, year);
    } finally {
      spent.sequence += performance.now() - t;
    }
  };
  runtime.county.get = async (options) => {
    // The router shares this instance and calls get({ fresh: true }) for every case it routes: not ours.
    if (options?.fresh) return countyGet(options);
    const t = performance.now();
    try {
      return await countyGet(options);
    } finally {
      spent.county += performance.now() - t;
    }
  };

  // ── Operations ────────────────────────────────────────────────────────────────────────────────
  const doc = createDocumentClient(stack.dynamodbEndpoint);
  const casesTable = stack.tables.cases;
  const year = new Date().getFullYear();
  let bareSeq = 0;
  /** A case item like a real one, under its own number and sk `BNCH`, so the router leaves it alone. */
  const bareItems = (withIdem: boolean) => {
    const submission = next();
    const parsed = SubmissionSchema.parse(submission.body);
    const view = villages.get(parsed.villageId)!;
    const caseNumber = `BNCH-${year}-${String(++bareSeq).padStart(6, '0')}`;
    const { record } = openCase({ county, view, submission: parsed, caseNumber, now: new Date() });
    const items: Item[] = [{ ...caseItem(record), sk: 'BNCH' }];
    if (withIdem) {
      items.unshift({
        ...keys.idempotency(sha256(`BNCH:${runId}:${bareSeq}`)),
        caseNumber,
        villageId: record.villageId,
        requestHash: sha256(JSON.stringify(parsed)),
        expiresAt: Math.floor(Date.now() / 1000) + 86_400,
      });
    }
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
    if (res.status !== 201) fail('in-process POST', `${res.status} ${await res.text()}`);
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

  // ── 1. Latency: bare TransactWriteItems vs the submission handler ─────────────────────────────
  process.stderr.write(`bench: latency series (N=${P.n} each)…\n`);
  // DynamoDB Local's JIT needs a few hundred requests before its figures settle.
  for (let i = 0; i < 4 * P.warmup; i++) await bareWrite(bareItems(false));

  const series = {
    bare1: [] as number[],
    bare2: [] as number[],
    inproc: [] as HandlerSample[],
    http: [] as number[],
  };
  const runOne = {
    bare1: async (keep: boolean) => {
      const v = await bareWrite(bareItems(false));
      if (keep) series.bare1.push(v);
    },
    bare2: async (keep: boolean) => {
      const v = await bareWrite(bareItems(true));
      if (keep) series.bare2.push(v);
    },
    inproc: async (keep: boolean) => {
      const v = await inProcess();
      if (keep) series.inproc.push(v);
    },
    http: async (keep: boolean) => {
      const v = await overHttp();
      if (keep) series.http.push(v.ms);
    },
  };
  const order = ['bare1', 'inproc', 'http', 'bare2'] as const;
  for (const name of order) for (let i = 0; i < P.warmup; i++) await runOne[name](false);
  // Interleaved blocks, rotating the order, so drift (JIT, table growth, routing in the background)
  // falls on every series alike.
  for (let done = 0, round_ = 0; done < P.n; done += P.block, round_++) {
    const size = Math.min(P.block, P.n - done);
    const rotated = order.map((_, i) => order[(i + round_) % order.length]!);
    for (const name of rotated) for (let i = 0; i < size; i++) await runOne[name](true);
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
      mean: of(series.inproc).reduce((a, b) => a + b, 0) / series.inproc.length,
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
  // after it; here each operation of a pair (bare write and handler, in alternating order) starts
  // only once the previous case is fully routed, to tell the handler's own cost from contention
  // with routing.
  const routed = async (caseNumber: string, timeoutMs = 5000): Promise<boolean> => {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const got = await doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(caseNumber) }));
      const item = got.Item as CaseRecord | undefined;
      const view = item && villages.get(item.villageId);
      if (item && view) {
        const expected = routeNewCase(county, view, item).length;
        const done = Object.values(item.notifications ?? {}).filter((n) => n.status === 'sent').length;
        if (done >= expected) return true;
      }
      await sleep(10);
    }
    return false;
  };
  const quiet = { bare: [] as number[], handler: [] as HandlerSample[], bareKeyed: [] as number[], unrouted: 0 };
  if (P.quietN > 0) {
    process.stderr.write(`bench: paired bare/handler with the router idle (n=${P.quietN})…\n`);
    const last = created.at(-1);
    if (last) await routed(last.caseNumber, 30_000);
    for (let i = 0; i < P.quietN; i++) {
      const s = next();
      const bare = async () => {
        if (s.idempotencyKey) quiet.bareKeyed.push(await bareWrite(bareItems(true)));
        else quiet.bare.push(await bareWrite(bareItems(false)));
      };
      const handler = async () => {
        const sample = await inProcess(s);
        quiet.handler.push(sample);
        if (sample.caseNumber && !(await routed(sample.caseNumber))) quiet.unrouted += 1;
      };
      // Alternate which goes first, so neither pays for following the other.
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

  // ── 3. Routing backlog: wait until every case so far has its officer SMS ──────────────────────
  process.stderr.write('bench: waiting for the router to catch up…\n');
  const tail = new OutboxTail(stack.outboxFile, 10);
  tail.start();
  const drainStart = performance.now();
  const pending = () => created.filter((c) => !tail.officerSeen.has(c.caseNumber)).length;
  while (pending() > 0 && performance.now() - drainStart < P.drainTimeoutMs) await sleep(50);
  const drain = { ms: performance.now() - drainStart, pending: pending(), cases: created.length };
  if (drain.pending > 0) problems.push(`${drain.pending} of ${drain.cases} cases still had no officer SMS ${Math.round(P.drainTimeoutMs / 1000)} s after the throughput run`);

  // ── 4. Submit → officer SMS ───────────────────────────────────────────────────────────────────
  process.stderr.write(`bench: submit → SMS (${P.smsSamples} submissions, ${P.smsSpacingMs} ms apart)…\n`);
  const smsRuns: { caseNumber: string; respondedAt: number; respondedWall: number; seen: Promise<boolean> }[] = [];
  const smsStart = performance.now();
  for (let i = 0; i < P.smsSamples; i++) {
    const due = smsStart + i * P.smsSpacingMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const r = await overHttp();
    const respondedAt = performance.now();
    const respondedWall = Date.now();
    if (r.caseNumber) smsRuns.push({ caseNumber: r.caseNumber, respondedAt, respondedWall, seen: tail.waitFor(r.caseNumber, P.smsTimeoutMs) });
  }
  const arrived = await Promise.all(smsRuns.map((r) => r.seen));
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

  // ── 5. Tracking reads (GET with the tracking code) ────────────────────────────────────────────
  const trackingLatency: number[] = [];
  const tracked = created.filter((c) => smsRuns.some((r) => r.caseNumber === c.caseNumber));
  for (const c of tracked) {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/cases/${c.caseNumber}`, { headers: { 'X-Tracking-Code': c.trackingCode } });
    const text = await res.text();
    trackingLatency.push(performance.now() - t);
    if (res.status !== 200) fail('tracking GET', `${res.status} ${text.slice(0, 200)}`);
  }
  const tracking = summarize(trackingLatency);
  await tail.stop();

  // ── 6. Write and read units from item sizes ───────────────────────────────────────────────────
  process.stderr.write('bench: item sizes and capacity units…\n');
  const writtenItems = written.map(caseItem);
  const writtenSizes = writtenItems.map(itemSize);
  const typical = writtenItems[writtenSizes.indexOf(percentile(writtenSizes, 50))]!;
  const caseBytes = { p50: percentile(writtenSizes, 50), max: Math.max(...writtenSizes), min: Math.min(...writtenSizes) };

  // Routed cases (their notifications and timeline entries added) are what tracking reads.
  const routedSizes: number[] = [];
  const routingWcu: number[] = [];
  const localGetCapacity: number[] = [];
  for (const r of smsRuns.slice(-10)) {
    const got = await doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(r.caseNumber), ReturnConsumedCapacity: 'TOTAL' }));
    if (got.Item) {
      const size = itemSize(got.Item);
      routedSizes.push(size);
      // Per recipient: claim + settle UpdateItems (each ≤ 1 WCU per KB of the item) and, on settle,
      // the byVillage entry (updatedAt is projected). An upper estimate, using the final size.
      const recipients = Object.keys((got.Item.notifications as object | undefined) ?? {}).length;
      routingWcu.push(recipients * (2 * standardWcu(size) + 1));
    }
    if (got.ConsumedCapacity?.CapacityUnits !== undefined) localGetCapacity.push(got.ConsumedCapacity.CapacityUnits);
  }
  const routedBytes = { p50: percentile(routedSizes, 50), max: routedSizes.length ? Math.max(...routedSizes) : Number.NaN };

  const keyed = created.find((c) => c.key);
  let idemBytes: number;
  let idemSource: string;
  const idemGot = keyed
    ? await doc.send(new GetCommand({ TableName: casesTable, Key: keys.idempotency(sha256(`${county.code}:${keyed.key}`)) }))
    : undefined;
  if (idemGot?.Item) {
    idemBytes = itemSize(idemGot.Item);
    idemSource = 'read back';
  } else {
    // Representative construction, as DynamoCaseStore.create writes it.
    idemBytes = itemSize({
      ...keys.idempotency(sha256(`${county.code}:bench-representative-key-0001`)),
      caseNumber: typical.caseNumber,
      villageId: typical.villageId,
      requestHash: sha256('x'),
      expiresAt: Math.floor(Date.now() / 1000) + 86_400,
    });
    idemSource = 'constructed';
  }
  const seqGot = await doc.send(new GetCommand({ TableName: casesTable, Key: keys.sequence(county.code, Number(typical.caseNumber.split('-')[1])) }));
  const seqBytes = seqGot.Item ? itemSize(seqGot.Item) : Number.NaN;
  const block = 10; // DynamoCaseStore's default sequenceBlock; runtime.ts does not override it.

  const caseWcu = transactionalWcu(caseBytes.p50);
  const caseWcuMax = transactionalWcu(caseBytes.max);
  const counterWcu = standardWcu(seqBytes) / block;
  const idemWcu = transactionalWcu(idemBytes);
  const gsi = indexEntries(typical);
  const gsiWcu = gsi.reduce((a, e) => a + standardWcu(e.bytes), 0);
  const wcuPlain = caseWcu + counterWcu;
  const wcuKeyed = caseWcu + idemWcu + counterWcu;
  const consistent = trackingReadIsConsistent();
  const trackingRcu = readRcu(routedBytes.max, consistent);

  // Route-case re-reads the roster (county.get({ fresh: true })) for every case it routes.
  const roster = await doc.send(
    new QueryCommand({ TableName: stack.tables.roster, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.county(county.code) }, ReturnConsumedCapacity: 'TOTAL' }),
  );
  const rosterBytes = (roster.Items ?? []).reduce((a, i) => a + itemSize(i), 0);

  // What DynamoDB Local says, for the record (it does not meter capacity the way DynamoDB does).
  const localTx1 = await doc.send(
    new TransactWriteCommand({
      TransactItems: bareItems(false).map((Item) => ({ Put: { TableName: casesTable, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
      ReturnConsumedCapacity: 'INDEXES',
    }),
  );
  const localTx2 = await doc.send(
    new TransactWriteCommand({
      TransactItems: bareItems(true).map((Item) => ({ Put: { TableName: casesTable, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
      ReturnConsumedCapacity: 'INDEXES',
    }),
  );
  const localCapacity = {
    transaction1Put: localTx1.ConsumedCapacity ?? null,
    transaction2Puts: localTx2.ConsumedCapacity ?? null,
    getItemRoutedCase: localGetCapacity.length ? localGetCapacity[0] : null,
    rosterQuery: roster.ConsumedCapacity?.CapacityUnits ?? null,
  };

  // ── 7. Memory ─────────────────────────────────────────────────────────────────────────────────
  const pidFile = join(dataDir, 'dynamodb.pid');
  const javaPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  const javaRssKb = javaPid ? procStatusKb(javaPid, 'VmRSS') : undefined;
  const javaHwmKb = javaPid ? procStatusKb(javaPid, 'VmHWM') : undefined;
  const nodeRss = process.memoryUsage().rss;
  const nodePeak = process.resourceUsage().maxRSS * 1024;
  const totalRss = nodeRss + (javaRssKb ?? Number.NaN) * 1024;
  const totalPeak = nodePeak + (javaHwmKb ?? Number.NaN) * 1024;
  doc.destroy();

  const pollerTrouble = logLines.filter((l) => /stream (poller|handler threw|record)/.test(l));
  if (pollerTrouble.length) problems.push(`stream poller reported ${pollerTrouble.length} problem line(s), first: ${pollerTrouble[0]}`);

  // ── Report ────────────────────────────────────────────────────────────────────────────────────
  const ratio50 = inproc.p50 / bare1.p50;
  const ratio99 = inproc.p99 / bare1.p99;
  const ratioPlain50 = inprocPlain.p50 / bare1.p50;
  const ratioKeyed50 = inprocKeyed.p50 / bare2.p50;
  const mb = (b: number) => (Number.isFinite(b) ? `${(b / 1024 ** 2).toFixed(0)} MB` : '—');
  const row = (name: string, s: Summary, extra: string[] = []) => [name, s.n, ms(s.p50), ms(s.p99), Number.isFinite(s.opsPerSec) ? s.opsPerSec.toFixed(0) : '—', ...extra];

  out(`\n## Cunjing bench — ${new Date().toISOString()}`);
  out(`node ${process.version}, ${cpus().length} CPU(s), county ${county.code} (${villageIds.length} villages); N=${P.n} per series after ${P.warmup} warm-up, ` +
    `Idempotency-Key on ${Math.round(P.keyShare * 100)}% of submissions; stack up in ${(stackUpMs / 1000).toFixed(1)} s`);
  out('\n### Submission latency (sequential; series interleaved in blocks of 25)');
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
  out('\n### Handler vs bare write (budget ≤ 1.5×)');
  out(
    table(
      ['ratio', 'value', 'budget', ''],
      [
        ['handler p50 / bare 1-Put p50', `${ratio50.toFixed(2)}×`, '≤ 1.5×', verdict(ratio50 <= BUDGET.handlerRatio)],
        ['handler p99 / bare 1-Put p99', `${ratio99.toFixed(2)}×`, '≤ 1.5×', verdict(ratio99 <= BUDGET.handlerRatio)],
        ['no-key handler p50 / bare 1-Put p50', `${ratioPlain50.toFixed(2)}×`, '≤ 1.5×', verdict(ratioPlain50 <= BUDGET.handlerRatio)],
        ['keyed handler p50 / bare 2-Put p50', `${ratioKeyed50.toFixed(2)}×`, '≤ 1.5×', verdict(ratioKeyed50 <= BUDGET.handlerRatio)],
        ['router idle: no-key handler p50 / bare 1-Put p50', `${(quietPlain.p50 / quietBare.p50).toFixed(2)}×`, '≤ 1.5×', verdict(quietPlain.p50 / quietBare.p50 <= BUDGET.handlerRatio)],
        ['router idle: keyed handler p50 / bare 2-Put p50', `${(quietKeyed.p50 / quietBareKeyed.p50).toFixed(2)}×`, '≤ 1.5×', verdict(quietKeyed.p50 / quietBareKeyed.p50 <= BUDGET.handlerRatio)],
        ['HTTP p50 / bare 1-Put p50 (for reference)', `${(http.p50 / bare1.p50).toFixed(2)}×`, '', ''],
      ],
    ),
  );
  out('\n### Where the in-process handler spends its time (per request)');
  out(
    table(
      ['part', 'p50 ms', 'p50 no key', 'p50 keyed', 'mean ms'],
      [
        ...(
          [
            ['cases.create (the TransactWriteItems)', parts.create],
            ['cases.nextSequence (counter UpdateItem 1 in 10)', parts.sequence],
            ['county.get (roster cache, 30 s TTL)', parts.county],
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
        [`router caught up (officer SMS for all ${drain.cases} cases)`, drain.pending ? `NO: ${drain.pending} pending` : `${(drain.ms / 1000).toFixed(1)} s after the run`],
      ],
    ),
  );
  out(`\n### Submit → officer SMS (${smsRuns.length} submissions ${P.smsSpacingMs} ms apart; outbox tailed every 10 ms)`);
  out(
    table(
      ['measure', 'p50 ms', 'p95 ms', 'max ms', 'budget', ''],
      [
        ['response → SMS line seen in the outbox', ms(sms.p50), ms(sms.p95), ms(sms.max), 'p95 ≤ 1000', verdict(sms.p95 <= BUDGET.smsP95Ms)],
        ['response → SMS `at` stamp (sender clock)', ms(smsStamp.p50), ms(smsStamp.p95), ms(smsStamp.max), '', ''],
      ],
    ),
  );
  out(`tracking GET over HTTP (n=${tracking.n}): p50 ${ms(tracking.p50)} ms, p99 ${ms(tracking.p99)} ms`);
  out('\n### Capacity units (DynamoDB pricing rules applied to the real item sizes)');
  out(
    table(
      ['figure', 'value', 'budget', ''],
      [
        ['case item as written (min / p50 / max)', `${caseBytes.min} / ${caseBytes.p50} / ${caseBytes.max} B`, '', ''],
        ['case item after routing (p50 / max, what tracking reads)', `${routedBytes.p50} / ${routedBytes.max} B`, '', ''],
        [`idempotency record (${idemSource})`, `${idemBytes} B`, '', ''],
        ['case-number counter item', `${seqBytes} B`, '', ''],
        ['submission WCU, no Idempotency-Key (2 txn + counter/10)', `${wcuPlain.toFixed(1)}${caseWcuMax > caseWcu ? ` (largest item: ${(caseWcuMax + counterWcu).toFixed(1)})` : ''}`, '≤ 3', verdict(wcuPlain <= BUDGET.writeUnits)],
        ['submission WCU, with Idempotency-Key (+2 txn)', `${wcuKeyed.toFixed(1)}`, '≤ 3', verdict(wcuKeyed <= BUDGET.writeUnits)],
        [`+ GSI entries (${gsi.map((e) => `${e.index} ${e.bytes} B`).join(', ')}), standard rate`, `+${gsiWcu} WCU → ${(wcuPlain + gsiWcu).toFixed(1)} / ${(wcuKeyed + gsiWcu).toFixed(1)}`, '≤ 3 if counted', verdict(wcuPlain + gsiWcu <= BUDGET.writeUnits)],
        [`tracking read RCU (1 GetItem, ${consistent ? 'strongly' : 'eventually'} consistent)`, `${trackingRcu}`, '≤ 2', verdict(trackingRcu <= BUDGET.trackingReadUnits)],
        ['route-case writes per case (2 UpdateItem per SMS + GSI; upper estimate, p50 / max)', `${percentile(routingWcu, 50)} / ${Math.max(...routingWcu)} WCU`, '(router, not request path)', ''],
        [`route-case roster Query per case (${roster.Items?.length ?? 0} items, ${rosterBytes} B)`, `${readRcu(rosterBytes, false)} RCU`, '(router, not request path)', ''],
      ],
    ),
  );
  out(
    `DynamoDB Local's own ConsumedCapacity: TransactWriteItems 1 Put → ${JSON.stringify(localCapacity.transaction1Put)}; 2 Puts → ${JSON.stringify(localCapacity.transaction2Puts)}; ` +
      `GetItem → ${localCapacity.getItemRoutedCase ?? 'none'}; roster Query → ${localCapacity.rosterQuery ?? 'none'}`,
  );
  out('\n### Local stack memory (budget ≤ 1 GB)');
  out(
    table(
      ['process', 'RSS now', 'peak'],
      [
        ['node (API, router, bench)', mb(nodeRss), mb(nodePeak)],
        [`java (DynamoDB Local, pid ${javaPid ?? '?'})`, mb((javaRssKb ?? Number.NaN) * 1024), mb((javaHwmKb ?? Number.NaN) * 1024)],
        ['total', `${mb(totalRss)} ${verdict(totalRss <= BUDGET.rssBytes)}`, `${mb(totalPeak)} ${verdict(totalPeak <= BUDGET.rssBytes)}`],
      ],
    ),
  );
  if (problems.length) out(`\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  if (failures > 0) exitCode = 1;

  const figures = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    parameters: P,
    latencyMs: { bare1Put: bare1, bare2Puts: bare2, handlerInProcess: inproc, handlerNoKey: inprocPlain, handlerWithKey: inprocKeyed, handlerHttp: http },
    ratios: { p50: round(ratio50), p99: round(ratio99), noKeyP50: round(ratioPlain50), keyedVsBare2P50: round(ratioKeyed50), budget: BUDGET.handlerRatio },
    handlerBreakdownMs: parts,
    routerIdle: {
      bare1Put: quietBare,
      bare2Puts: quietBareKeyed,
      handlerNoKey: quietPlain,
      handlerWithKey: quietKeyed,
      createP50NoKey: quietCreatePlain,
      createP50Keyed: quietCreateKeyed,
      notRoutedIn5s: quiet.unrouted,
    },
    throughput: { concurrency: P.concurrency, submissions: P.throughput, casesPerSec: round(load.casesPerSec, 1), latencyMs: summarize(loadLatency), wallMs: round(load.wallMs), routerCatchUpMs: round(drain.ms), routerPending: drain.pending },
    smsDelayMs: { seen: sms, stamp: smsStamp, missing: missingSms, budgetP95: BUDGET.smsP95Ms },
    trackingGetMs: tracking,
    capacity: {
      caseItemBytes: caseBytes,
      routedCaseItemBytes: routedBytes,
      idempotencyRecordBytes: idemBytes,
      idempotencyRecordSource: idemSource,
      counterItemBytes: seqBytes,
      sequenceBlock: block,
      wcuNoKey: wcuPlain,
      wcuWithKey: wcuKeyed,
      gsiEntries: gsi,
      gsiWcu,
      trackingRcu,
      trackingReadConsistent: consistent,
      routingWcuEstimate: { p50: percentile(routingWcu, 50), max: Math.max(...routingWcu) },
      rosterQuery: { items: roster.Items?.length ?? 0, bytes: rosterBytes, rcu: readRcu(rosterBytes, false) },
      dynamodbLocalReported: localCapacity,
      budgets: { writeUnits: BUDGET.writeUnits, trackingReadUnits: BUDGET.trackingReadUnits },
    },
    rssBytes: { node: nodeRss, nodePeak, java: (javaRssKb ?? Number.NaN) * 1024, javaPeak: (javaHwmKb ?? Number.NaN) * 1024, total: totalRss, totalPeak, budget: BUDGET.rssBytes },
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
