/**
 * `npm run bench -- --scale`: does any operation get slower as cases pile up? Seeds 10^3, then 10^4,
 * then 10^5 cases in the current month (BatchWriteItem of the items the store writes, with the
 * stream switched off while seeding so the router does not route them), starts the local stack on
 * them and times submit, track, public stats on a cold cache (a fresh app, so no process cache
 * helps), the admin assessment, the admin case list and an escalation run (a fixed number of due
 * cases), each series after 3 untimed rounds. Prints p50/p99 per operation and size, the CPU time
 * each operation costs DynamoDB Local and this process, the largest/smallest p50 ratio per operation, and
 * ends with `scale: worst ratio R (operation)`. Budget: every ratio ≤ 1.2; Node + DynamoDB Local
 * ≤ 1 GB RSS throughout (sampled every second).
 *
 *   BENCH_SCALES        stored-case counts, comma-separated (default 1000,10000,100000)
 *   BENCH_SCALE_N       samples of submit, track, admin list (default 40)
 *   BENCH_SCALE_SLOW_N  samples of stats, assessment and escalation runs (default 10)
 *   BENCH_SCALE_DUE     due cases per escalation run (default 10)
 *   BENCH_VERBOSE       echo the stack's log lines to stderr
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { monthIn, startOfDayIn } from '../../functions/domain/time.ts';
import { openCase, SubmissionSchema, type CaseRecord } from '../../functions/domain/case.ts';
import { indexVillages, parseCounty } from '../../functions/domain/county.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { CASES_TABLE, DUE_QUEUE, keys, RATINGS_TABLE, SK_PREFIX, tableName } from '../../functions/store/tables.ts';
import { readOutbox } from '../../functions/notify/outbox.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { NO_INTAKE_LIMITS, ROOT, startLocalStack, type LocalStack } from '../local/stack.ts';
import { ensureTables } from '../local/tables.ts';
import { apiApp } from '../../functions/runtime/api.ts';
import { freePort } from '../../tests/support/ports.ts';
import { prng, processCpuMs, round, sleep, submissions, summarize, type Summary } from './lib.ts';

type Item = Record<string, NativeAttributeValue>;

function intList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`${name} must be whole numbers ≥ 1, comma-separated, not "${raw}"`);
    process.exit(2);
  }
  return [...new Set(list)].sort((a, b) => a - b);
}
const int = (name: string, fallback: number) => intList(name, [fallback])[0]!;

const P = {
  scales: intList('BENCH_SCALES', [1_000, 10_000, 100_000]),
  n: int('BENCH_SCALE_N', 40),
  slowN: int('BENCH_SCALE_SLOW_N', 10),
  due: int('BENCH_SCALE_DUE', 10),
};
const BUDGET = { ratio: 1.2, rssBytes: 1024 ** 3 };
/** Untimed rounds before each series. */
const WARM_UP = 3;
const OPERATIONS = ['submit', 'track', 'stats (cold)', 'assessment', 'admin list', 'escalation run'] as const;
type Operation = (typeof OPERATIONS)[number];
/** DynamoDB Local alone, with no stack running: the bounded calls the operations are made of. */
const PRIMITIVES = ['GetItem (case)', 'Query (case partition, 6)', 'Query (byDue, 10)', 'Query (byMonth, 50)', 'PutItem'] as const;
type Primitive = (typeof PRIMITIVES)[number];
const BUREAU_PHONE = '+8613300006201';
const PREFIX = 'cunjing-scale';
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');

function rssKb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Until the router has sent everything it was given: the outbox stops growing for half a second. */
async function quiet(outboxFile: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  while (performance.now() < deadline) {
    const size = existsSync(outboxFile) ? statSync(outboxFile).size : 0;
    if (size === last) return;
    last = size;
    await sleep(500);
  }
}

export async function runScaleBench(): Promise<number> {
  // The outbox adapter prints a console line per SMS; the seeded escalations would bury the report.
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('SMS ')) return;
    consoleLog(...args);
  };
  const county = parseCounty(JSON.parse(readFileSync(join(ROOT, 'counties', 'demo.json'), 'utf8')), 'counties/demo.json');
  const views = indexVillages(county);
  const villageIds = [...views.keys()];
  // Counters exist from the commit that brought them; on an older checkout the bench still runs.
  const counters = await import('../../functions/domain/counters.ts').catch(() => undefined);
  const counterStore = await import('../../functions/store/counters.ts').catch(() => undefined);

  const dataDir = await mkdtemp(join(tmpdir(), 'cunjing-scale-'));
  const port = await freePort();
  process.stderr.write(`scale: DynamoDB Local on :${port}, data in ${dataDir}\n`);
  const dynamo = await startDynamoDbLocal({ port, dataDir });
  const javaPid = existsSync(join(dataDir, 'dynamodb.pid')) ? Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8')) : undefined;
  let peakRss = 0;
  let peakAt = '';
  let peakSplit = '';
  let phase = 'start';
  const sampler = setInterval(() => {
    const [java, node] = [rssKb(javaPid) * 1024, rssKb(process.pid) * 1024];
    if (java + node > peakRss) [peakRss, peakAt, peakSplit] = [java + node, phase, `DynamoDB Local ${(java / 1024 ** 2).toFixed(0)} MB, Node ${(node / 1024 ** 2).toFixed(0)} MB`];
  }, 1000);
  sampler.unref();

  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const doc = createDocumentClient(dynamo.endpoint);
  const casesTable = tableName(PREFIX, CASES_TABLE);
  await ensureTables(admin, PREFIX);
  const setStream = async (enabled: boolean) => {
    const described = await admin.send(new DescribeTableCommand({ TableName: casesTable }));
    if (Boolean(described.Table?.StreamSpecification?.StreamEnabled) === enabled) return;
    await admin.send(new UpdateTableCommand({ TableName: casesTable, StreamSpecification: enabled ? { StreamEnabled: true, StreamViewType: CASES_TABLE.stream! } : { StreamEnabled: false } }));
  };
  const batchPut = async (items: Item[]) => {
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < chunks.length) {
          let unprocessed: Item[] = chunks[next++]!;
          while (unprocessed.length > 0) {
            const res = await doc.send(new BatchWriteCommand({ RequestItems: { [casesTable]: unprocessed.map((Item) => ({ PutRequest: { Item } })) } }));
            unprocessed = (res.UnprocessedItems?.[casesTable] ?? []).map((r) => r.PutRequest!.Item as Item);
            if (unprocessed.length) await sleep(50);
          }
        }
      }),
    );
  };

  // ── Seeding: cases as the store writes them, spread over the month so far ───────────────────
  const random = prng(7_654_321);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const next = submissions({ seed: 11, villageIds, runId: 'scale', keyShare: 0 });
  let seeded = 0;
  let sequence = 0;
  const now = new Date();
  const month = monthIn(county.timezone, now);
  const monthStart = startOfDayIn(county.timezone, `${month}-01`).getTime();
  const caseItem = (record: CaseRecord, extra: Item = {}): Item => ({ ...keys.case(record.caseNumber), ...record, ...(record.escalateAt && { dueQueue: 'due' }), ...extra });
  // What the bench itself submits, and the cases it makes due, are service requests: their 24-hour SLA
  // keeps them from falling due again while the bench runs, so every escalation run does the same work.
  const serviceRequest = () => ({ ...next().body, kind: 'service', urgent: false });
  const seededNumbers: string[] = [];
  const makeCase = (at: Date, state: 'due' | 'any'): CaseRecord => {
    const submission = SubmissionSchema.parse(state === 'due' ? serviceRequest() : next().body);
    const view = views.get(String(submission.villageId))!;
    sequence += 1;
    const { record } = openCase({ county, view, submission, caseNumber: `${county.code}-${now.getUTCFullYear()}-${String(900_000 - sequence).padStart(6, '0')}`, now: at });
    if (state === 'due') return { ...record, escalateAt: new Date(now.getTime() - 60_000).toISOString() };
    // The month's mix: most acknowledged (a third of those late), half of those resolved, some rated.
    const roll = random();
    const created = Date.parse(record.createdAt);
    if (roll < 0.2) return { ...record, escalateAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() };
    const ackAt = new Date(created + Math.floor(random() * 240) * 60_000).toISOString();
    const { escalateAt: _e, ...acked } = record;
    const escalations = ackAt > record.slaDueAt ? 1 : 0;
    if (roll < 0.6) return { ...acked, status: 'acknowledged', ackAt, ...(escalations && { escalations }) };
    const resolved = { ...acked, status: 'resolved' as const, ackAt, resolvedAt: ackAt, ...(escalations && { escalations }) };
    return roll < 0.8 ? resolved : { ...resolved, ratingScore: 1 + Math.floor(random() * 5), ratedAt: ackAt };
  };
  // In slices, so the bench's own memory stays flat however many cases it seeds.
  const seed = async (count: number) => {
    for (let done = 0; done < count; done += 5_000) {
      const records = Array.from({ length: Math.min(5_000, count - done) }, () => makeCase(new Date(monthStart + random() * (now.getTime() - monthStart)), 'any'));
      seededNumbers.push(...records.map((r) => r.caseNumber));
      await batchPut(records.map((r) => caseItem(r, counters ? { counted: true } : {})));
      // The counters these cases would have moved, added once per area.
      if (counters && counterStore) for (const d of counters.totalsOf(records)) await doc.send(new UpdateCommand(counterStore.counterUpdate(casesTable, d).Update!));
    }
  };

  /**
   * The same bounded calls against DynamoDB Local with nothing else running: if these slow down as
   * the table grows, DynamoDB Local does (production DynamoDB answers a key lookup in the same time
   * whatever the table's size); if only the operations do, our code reads more than it should.
   */
  const probe = async (): Promise<Map<Primitive, Summary>> => {
    const sample = async (op: () => Promise<unknown>) => {
      const durations: number[] = [];
      for (let i = 0; i < P.n; i += 1) {
        const start = performance.now();
        await op();
        durations.push(performance.now() - start);
      }
      return summarize(durations);
    };
    const anyCase = () => pick(seededNumbers);
    const nowIso = new Date().toISOString();
    let put = 0;
    return new Map<Primitive, Summary>([
      ['GetItem (case)', await sample(() => doc.send(new GetCommand({ TableName: casesTable, Key: keys.case(anyCase()) })))],
      [
        'Query (case partition, 6)',
        await sample(() =>
          doc.send(new QueryCommand({ TableName: casesTable, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tl)', ExpressionAttributeValues: { ':pk': keys.case(anyCase()).pk, ':tl': SK_PREFIX.publicEntry }, ScanIndexForward: false, Limit: 6 })),
        ),
      ],
      ['Query (byDue, 10)', await sample(() => doc.send(new QueryCommand({ TableName: casesTable, IndexName: 'byDue', KeyConditionExpression: 'dueQueue = :due AND escalateAt <= :now', ExpressionAttributeValues: { ':due': DUE_QUEUE, ':now': nowIso }, Limit: 10 })))],
      ['Query (byMonth, 50)', await sample(() => doc.send(new QueryCommand({ TableName: casesTable, IndexName: 'byMonth', KeyConditionExpression: '#m = :m', ExpressionAttributeNames: { '#m': 'month' }, ExpressionAttributeValues: { ':m': month }, ScanIndexForward: false, Limit: 50 })))],
      ['PutItem', await sample(() => doc.send(new PutCommand({ TableName: casesTable, Item: { pk: `PROBE#${(put += 1)}`, sk: 'PROBE', at: nowIso } })))],
    ]);
  };

  // ── Measuring ─────────────────────────────────────────────────────────────────────────────────
  const results = new Map<number, Map<Operation, Summary>>();
  const probes = new Map<number, Map<Primitive, Summary>>();
  const probesStream = new Map<number, Map<Primitive, Summary>>();
  const probesLive = new Map<number, Map<Primitive, Summary>>();
  /** CPU ms per operation, DynamoDB Local's and this process's (the stack runs in it), by size. */
  const cpu = new Map<number, Map<Operation, { java: number; node: number }>>();
  const loads: string[] = [];
  let cookie = '';
  let stack: LocalStack | undefined;
  let exitCode = 0;
  try {
    for (const target of P.scales) {
      phase = `seeding ${target}`;
      await setStream(false);
      const t = performance.now();
      await seed(target - seeded);
      process.stderr.write(`scale: seeded ${target - seeded} cases in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      seeded = target;
      phase = `probing ${target}`;
      probes.set(target, await probe());
      await setStream(true);
      phase = `probing ${target} with the stream on`;
      probesStream.set(target, await probe());
      phase = `measuring ${target}`;
      // Like the bench: the bench's own client gets no intake limits and its SMS no breaker or budget.
      stack = await startLocalStack({ port: 0, dataDir, dynamodbEndpoint: dynamo.endpoint, prefix: PREFIX, buildWeb: false, escalateEveryMs: 24 * 3_600_000, intakeLimits: NO_INTAKE_LIMITS, smsGate: 'off', log: (line) => VERBOSE && process.stderr.write(`[stack] ${line}\n`) });
      // The stack's own apps, and a fresh api app on its runtime for the cold stats.
      const { api, admin: adminApi } = stack.apps;
      const { escalate, runtime } = stack;

      if (!cookie) {
        const asked = await adminApi.request('/api/v1/admin/login/code', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone: BUREAU_PHONE }) });
        if (asked.status !== 202) throw new Error(`sign-in code: ${asked.status} ${await asked.text()}`);
        const code = /(\d{6})/.exec((await readOutbox(stack.outboxFile)).filter((m) => m.role === 'login' && m.to === BUREAU_PHONE).at(-1)?.body ?? '')?.[1];
        const verified = await adminApi.request('/api/v1/admin/login/verify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone: BUREAU_PHONE, code }) });
        if (verified.status !== 200) throw new Error(`sign-in: ${verified.status} ${await verified.text()}`);
        cookie = verified.headers.get('Set-Cookie')!.split(';')[0]!;
      }

      const outboxFile = stack.outboxFile;
      const cpuRow = new Map<Operation, { java: number; node: number }>();
      cpu.set(target, cpuRow);
      const timed = async (n: number, op: () => Response | Promise<Response>, before?: () => Promise<void>, expect = 200, name?: Operation): Promise<Summary> => {
        // Each series starts with the router idle, so no series pays for another's SMS.
        await quiet(outboxFile);
        // A few untimed rounds first, so the first size is not measured on cold code (JIT, connections).
        for (let i = 0; i < WARM_UP; i += 1) {
          await before?.();
          await (await op()).text();
        }
        await quiet(outboxFile);
        const durations: number[] = [];
        let [java, node] = [0, 0];
        for (let i = 0; i < n; i += 1) {
          await before?.();
          const [java0, node0] = [processCpuMs(javaPid), process.cpuUsage()];
          const start = performance.now();
          const res = await op();
          const body = await res.text();
          durations.push(performance.now() - start);
          const used = process.cpuUsage(node0);
          [java, node] = [java + processCpuMs(javaPid) - java0, node + (used.user + used.system) / 1000];
          if (res.status !== expect) throw new Error(`${res.status} ${body.slice(0, 200)}`);
        }
        if (name) cpuRow.set(name, { java: java / n, node: node / n });
        return summarize(durations);
      };
      const receipts: { caseNumber: string; trackingCode: string }[] = [];
      const row = new Map<Operation, Summary>();
      row.set(
        'submit',
        await timed(
          P.n,
          async () => {
            const res = await api.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(serviceRequest()) });
            if (res.status === 201) receipts.push((await res.clone().json()) as { caseNumber: string; trackingCode: string });
            return res;
          },
          undefined,
          201,
          'submit',
        ),
      );
      row.set('track', await timed(P.n, () => {
        const r = pick(receipts);
        return api.request(`/api/v1/cases/${r.caseNumber}`, { headers: { 'X-Tracking-Code': r.trackingCode } });
      }, undefined, 200, 'track'));
      row.set('stats (cold)', await timed(P.slowN, async () => (await apiApp(runtime)).request('/api/v1/stats'), undefined, 200, 'stats (cold)'));
      row.set('assessment', await timed(P.slowN, () => adminApi.request('/api/v1/admin/assessment', { headers: { Cookie: cookie } }), undefined, 200, 'assessment'));
      row.set('admin list', await timed(P.n, () => adminApi.request('/api/v1/admin/cases?limit=50', { headers: { Cookie: cookie } }), undefined, 200, 'admin list'));
      // An escalation run with the same work each time: P.due cases whose time has come.
      const due = async () => {
        await batchPut(Array.from({ length: P.due }, () => caseItem(makeCase(new Date(now.getTime() - 3 * 3_600_000), 'due'))));
        await quiet(outboxFile);
      };
      row.set('escalation run', await timed(P.slowN, async () => {
        const outcome = await escalate();
        if (outcome.escalated !== P.due) throw new Error(`an escalation run escalated ${outcome.escalated} cases, not the ${P.due} made due for it`);
        return new Response(null, { status: 200 });
      }, due, 200, 'escalation run'));
      results.set(target, row);
      // The same calls again with the stack up but idle: its stream poller polling DynamoDB Local.
      await quiet(outboxFile);
      phase = `probing ${target} with the stack running`;
      probesLive.set(target, await probe());
      loads.push(`${target}: ${loadavg()[0]!.toFixed(2)}`);
      await stack.stop();
      stack = undefined;
    }
  } catch (error) {
    process.stderr.write(`scale: ${(error as Error).stack ?? error}\n`);
    exitCode = 1;
  } finally {
    clearInterval(sampler);
    await stack?.stop();
    admin.destroy();
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (results.size === 0) return exitCode || 1;

  // ── Report ────────────────────────────────────────────────────────────────────────────────────
  const scales = [...results.keys()];
  const [low, high] = [scales[0]!, scales.at(-1)!];
  out(`### Scale: p50 / p99 in ms by stored cases (machine load, 1-min average: ${loads.join(', ')})`);
  const header = ['operation', ...scales.map((s) => `${s.toLocaleString('en')} cases`), `p50 ${high}/${low}`];
  const rows = OPERATIONS.map((op) => {
    const first = results.get(low)!.get(op)!;
    const last = results.get(high)!.get(op)!;
    return { op, ratio: last.p50 / first.p50, cells: [op, ...scales.map((s) => `${ms(results.get(s)!.get(op)!.p50)} / ${ms(results.get(s)!.get(op)!.p99)}`), `${round(last.p50 / first.p50)}${last.p50 / first.p50 <= BUDGET.ratio ? '' : ' OVER'}`] };
  });
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  out(line(header));
  out(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) out(line(r.cells));
  out(`samples: ${P.n} (submit, track, admin list), ${P.slowN} (stats, assessment, escalation runs of ${P.due} due cases)`);
  out();
  out('### Where the time goes: CPU ms per operation, DynamoDB Local (Java) / this process (the stack and the bench, Node)');
  for (const op of OPERATIONS) out(`| ${op.padEnd(14)} | ${scales.map((s) => { const c = cpu.get(s)?.get(op); return c ? `${c.java.toFixed(1)} / ${c.node.toFixed(1)}` : '—'; }).join(' | ')} |`);
  const probeTable = (title: string, of: Map<number, Map<Primitive, Summary>>) => {
    if (!scales.every((s) => of.has(s))) return;
    out();
    out(`### ${title}: p50 / p99 in ms of the bounded calls the operations make, ${P.n} samples each`);
    const probeRows = PRIMITIVES.map((op) => [op, ...scales.map((s) => `${ms(of.get(s)!.get(op)!.p50)} / ${ms(of.get(s)!.get(op)!.p99)}`), String(round(of.get(high)!.get(op)!.p50 / of.get(low)!.get(op)!.p50))]);
    const probeWidth = header.map((h, i) => Math.max(i === 0 ? 'call'.length : h.length, ...probeRows.map((r) => r[i]!.length)));
    const probeLine = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(probeWidth[i]!)).join(' | ')} |`;
    out(probeLine(['call', ...header.slice(1)]));
    out(`|${probeWidth.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of probeRows) out(probeLine(r));
  };
  probeTable('DynamoDB Local alone (right after seeding, its stream off, no stack running)', probes);
  probeTable('DynamoDB Local with its stream switched on again, no stack running', probesStream);
  probeTable('DynamoDB Local with the stack running, idle (its stream on, the local stream poller polling)', probesLive);
  out(`peak RSS, Node + DynamoDB Local: ${(peakRss / 1024 ** 2).toFixed(0)} MB (${peakSplit}) while ${peakAt} (budget ≤ 1024 MB)${peakRss <= BUDGET.rssBytes ? '' : ' OVER'}`);
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  out(`scale: worst ratio ${round(worst.ratio)} (${worst.op})`);
  return exitCode;
}
