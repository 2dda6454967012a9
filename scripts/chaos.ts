/**
 * `npm run chaos`: does a resident's case, and every SMS it calls for, survive faults? Starts the
 * local stack on a DynamoDB Local this script owns, sends a bounded load, kills DynamoDB Local with
 * SIGKILL in the middle of it and starts it again; then restarts the stack with 30% of SMS refused
 * and sends a second load. Each submission carries an Idempotency-Key and is retried (same key)
 * until it is answered, as a resident's phone would. At the end it counts, from the table and the
 * outbox: cases answered 201 / present / SMS expected / sent / duplicated / lost, and prints
 * `chaos: lost L, duplicated D` as its last line. Lost: an SMS routing calls for that was neither
 * sent nor recorded as failed for the last time. Cases DynamoDB Local itself lost (acknowledged,
 * then absent after the kill) are named apart, with the SMS they had.
 *
 *   CHAOS_CASES        submissions per phase (default 300)
 *   CHAOS_CONCURRENCY  concurrent clients (default 8)
 *   CHAOS_KILL_AFTER   answered submissions of phase 1 before the kill (default 100)
 *   CHAOS_DOWN_MS      how long DynamoDB Local stays dead (default 1000)
 *   CHAOS_FAIL_RATE    share of SMS refused in phase 2 (default 0.3)
 *   CHAOS_DRAIN_S      how long to wait for every SMS to be settled, per phase (default 300)
 *   CHAOS_KEEP         keep the data folder
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { indexVillages, parseCounty } from '../functions/domain/county.ts';
import { planNewCase } from '../functions/domain/routing.ts';
import { readOutbox } from '../functions/notify/outbox.ts';
import { DynamoCaseStore } from '../functions/store/cases.ts';
import { createDocumentClient } from '../functions/store/client.ts';
import { tableName, CASES_TABLE } from '../functions/store/tables.ts';
import { startDynamoDbLocal, type LocalDynamo } from './local/dynamodb.ts';
import { ROOT } from './local/stack.ts';
import { freePort } from '../tests/support/ports.ts';

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a number ≥ 0, not "${raw}"`);
    process.exit(2);
  }
  return value;
};
const P = {
  cases: num('CHAOS_CASES', 300),
  concurrency: Math.max(1, num('CHAOS_CONCURRENCY', 8)),
  killAfter: num('CHAOS_KILL_AFTER', 100),
  downMs: num('CHAOS_DOWN_MS', 1000),
  failRate: num('CHAOS_FAIL_RATE', 0.3),
  drainMs: num('CHAOS_DRAIN_S', 300) * 1000,
  maxAttempts: 5,
};
const PREFIX = 'cunjing-chaos';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stderr.write(`chaos: ${line}\n`);

const county = parseCounty(JSON.parse(readFileSync(join(ROOT, 'counties', 'demo.json'), 'utf8')), 'counties/demo.json');
const villages = indexVillages(county);
const villageIds = [...villages.keys()];

interface Answered {
  readonly caseNumber: string;
  readonly trackingCode: string;
  readonly kind: 'tip' | 'dispute' | 'hazard';
  readonly villageId: string;
  readonly phase: 1 | 2;
}

let dataDir = '';
let dynamo: LocalDynamo | undefined;
let child: ChildProcess | undefined;
let childLog: string[] = [];

async function startStack(endpoint: string, failRate: number): Promise<string> {
  childLog = [];
  const proc = spawn(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--import', join(ROOT, 'scripts', 'jsx-loader.ts'), join(ROOT, 'scripts', 'chaos', 'stack.ts')], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, DATA_DIR: dataDir, PREFIX, SMS_FAIL_RATE: String(failRate), POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  createInterface({ input: proc.stderr! }).on('line', (line) => void childLog.push(line));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    // The outbox prints one line per SMS: read them all, keep none.
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length).replace('//localhost:', '//127.0.0.1:'));
    });
    proc.once('exit', (code) => reject(new Error(`the stack exited (${code}) while starting:\n${childLog.slice(-20).join('\n')}`)));
  });
}

async function stopStack(): Promise<void> {
  const proc = child;
  child = undefined;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const KINDS = ['tip', 'dispute', 'hazard'] as const;

/** Sends `count` cases; each is retried with its own key until answered. `onAnswered` sees the running count. */
async function load(url: string, phase: 1 | 2, count: number, onAnswered: (n: number) => Promise<void> | void = () => undefined) {
  const answered: Answered[] = [];
  let issued = 0;
  let retries = 0;
  await Promise.all(
    Array.from({ length: P.concurrency }, async () => {
      while (issued < count) {
        const i = issued++;
        const kind = KINDS[i % KINDS.length]!;
        const villageId = villageIds[i % villageIds.length]!;
        const key = `chaos-${phase}-${i}-${randomUUID()}`;
        const body = JSON.stringify({ kind, villageId, description: `混沌测试第${phase}轮第${i}件：村口路灯坏了` });
        for (let attempt = 0; ; attempt++) {
          try {
            const res = await fetch(`${url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body, signal: AbortSignal.timeout(10_000) });
            const text = await res.text();
            if (res.status === 201) {
              const receipt = JSON.parse(text) as { caseNumber: string; trackingCode: string };
              answered.push({ ...receipt, kind, villageId, phase });
              await onAnswered(answered.length);
              break;
            }
            if (res.status < 500) throw new Error(`submission refused: ${res.status} ${text.slice(0, 200)}`);
          } catch (error) {
            if ((error as Error).message.startsWith('submission refused')) throw error;
          }
          retries += 1;
          if (attempt > 120) throw new Error(`submission ${i} of phase ${phase} was never answered`);
          await sleep(250);
        }
      }
    }),
  );
  return { answered, retries };
}

/** Every SMS routing calls for, as `caseNumber|phone`. */
function expectedSms(cases: readonly Answered[]): string[] {
  return cases.flatMap((c) => planNewCase(villages.get(c.villageId)!, { kind: c.kind, urgent: false }).map((s) => `${c.caseNumber}|${s.to}`));
}

async function outboxCounts(file: string) {
  const sent = new Map<string, number>();
  const failed = new Map<string, number>();
  for (const m of await readOutbox(file)) {
    if (!m.caseNumber) continue;
    const key = `${m.caseNumber}|${m.to}`;
    const into = m.status === 'sent' ? sent : failed;
    into.set(key, (into.get(key) ?? 0) + 1);
  }
  return { sent, failed };
}

/** Until every expected SMS was sent or failed for the last time (or the time is up). */
async function drain(file: string, expected: readonly string[]): Promise<number> {
  const start = Date.now();
  for (;;) {
    const { sent, failed } = await outboxCounts(file);
    const open = expected.filter((k) => !sent.has(k) && (failed.get(k) ?? 0) < P.maxAttempts).length;
    if (open === 0) return Date.now() - start;
    if (Date.now() - start > P.drainMs) {
      say(`${open} SMS still unsettled after ${P.drainMs / 1000} s`);
      return Date.now() - start;
    }
    await sleep(500);
  }
}

let exitCode = 0;
try {
  dataDir = await mkdtemp(join(tmpdir(), 'cunjing-chaos-'));
  const dynamodbPort = await freePort();
  const outboxFile = join(dataDir, 'outbox.jsonl');
  say(`data in ${dataDir}; DynamoDB Local on :${dynamodbPort}`);
  dynamo = await startDynamoDbLocal({ port: dynamodbPort, dataDir });
  const endpoint = dynamo.endpoint;

  // ── Phase 1: kill DynamoDB Local with SIGKILL in the middle of the load ──────────────────────
  let url = await startStack(endpoint, 0);
  say(`phase 1: ${P.cases} cases, ${P.concurrency} clients; SIGKILL to DynamoDB Local after ${P.killAfter} answers`);
  let killed: Promise<void> | undefined;
  const phase1 = await load(url, 1, P.cases, (n) => {
    if (n !== P.killAfter || killed) return;
    killed = (async () => {
      const pid = Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      say(`killed DynamoDB Local (pid ${pid}) with SIGKILL`);
      await sleep(P.downMs);
      dynamo = await startDynamoDbLocal({ port: dynamodbPort, dataDir });
      say('DynamoDB Local is back');
    })();
  });
  await killed;
  const drain1 = await drain(outboxFile, expectedSms(phase1.answered));
  await stopStack();

  // ── Phase 2: a restarted stack, with a share of SMS refused ─────────────────────────────────
  url = await startStack(endpoint, P.failRate);
  say(`phase 2: ${P.cases} cases with SMS_FAIL_RATE=${P.failRate}`);
  const phase2 = await load(url, 2, P.cases);
  const drain2 = await drain(outboxFile, expectedSms(phase2.answered));
  const pollerTrouble = childLog.filter((l) => /stream (poller|handler threw)/.test(l)).length;
  await stopStack();

  // ── Counting ─────────────────────────────────────────────────────────────────────────────────
  const client = createDocumentClient(endpoint);
  const store = new DynamoCaseStore({ client, tableName: tableName(PREFIX, CASES_TABLE) });
  const answered = [...phase1.answered, ...phase2.answered];
  const distinct = new Set(answered.map((c) => c.caseNumber));
  const present: Answered[] = [];
  const vanished: Answered[] = [];
  for (const c of answered) ((await store.get(c.caseNumber, { consistent: true })) ? present : vanished).push(c);
  const { sent, failed } = await outboxCounts(outboxFile);
  const expected = expectedSms(present);
  let gaveUp = 0;
  let lost = 0;
  const lostList: string[] = [];
  for (const key of expected) {
    if (sent.has(key)) continue;
    const [caseNumber, to] = key.split('|') as [string, string];
    const item = (await store.notifications(caseNumber, 20)).find((s) => s.to === to);
    if (item?.status === 'failed' && item.attempts >= P.maxAttempts) gaveUp += 1;
    else {
      lost += 1;
      lostList.push(`${key} (${item ? `${item.status}, ${item.attempts} attempts` : 'no SMS item'})`);
    }
  }
  const duplicated = [...sent.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  const vanishedSms = expectedSms(vanished).filter((k) => sent.has(k)).length;
  client.destroy();

  const rows: [string, string | number][] = [
    ['cases answered 201 (phase 1 / phase 2)', `${answered.length} (${phase1.answered.length} / ${phase2.answered.length})`],
    ['  of them distinct case numbers', distinct.size],
    ['  submissions retried with the same key (5xx or no answer)', `${phase1.retries} / ${phase2.retries}`],
    ['cases present in the table afterwards', present.length],
    ['cases DynamoDB Local lost (answered 201, absent after SIGKILL)', `${vanished.length}${vanished.length ? `: ${vanished.map((c) => c.caseNumber).join(', ')} (their SMS sent before the kill: ${vanishedSms})` : ''}`],
    ['SMS expected (routing of the present cases)', expected.length],
    ['SMS sent', expected.filter((k) => sent.has(k)).length],
    ['SMS refused by the simulated provider (attempts)', [...failed.values()].reduce((a, n) => a + n, 0)],
    [`SMS failed ${P.maxAttempts} times: recorded on the case as final (not lost)`, gaveUp],
    ['SMS duplicated (sent more than once to one phone for one case)', duplicated],
    ['SMS lost', lost],
    ['time to settle every SMS after the load (phase 1 / phase 2)', `${(drain1 / 1000).toFixed(1)} s / ${(drain2 / 1000).toFixed(1)} s`],
    ['stream poller problem lines (phase 2)', pollerTrouble],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n## npm run chaos — ${new Date().toISOString()}`);
  console.log(`${P.cases} cases per phase, ${P.concurrency} clients; phase 1: SIGKILL to DynamoDB Local after ${P.killAfter} answers, down ${P.downMs} ms; phase 2: SMS_FAIL_RATE=${P.failRate}\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (lostList.length) console.log(`\nlost:\n${lostList.slice(0, 20).map((l) => `- ${l}`).join('\n')}`);
  console.log(`\nchaos: lost ${lost}, duplicated ${duplicated}`);
  if (lost > 0 || duplicated > 0) exitCode = 1;
} catch (error) {
  exitCode = 2;
  console.error(`chaos failed: ${(error as Error).stack ?? error}`);
  if (childLog.length) console.error(`last stack lines:\n${childLog.slice(-20).join('\n')}`);
} finally {
  await stopStack().catch(() => undefined);
  await dynamo?.stop().catch(() => undefined);
  if (dataDir && !process.env.CHAOS_KEEP) await rm(dataDir, { recursive: true, force: true });
  else if (dataDir) say(`data kept in ${dataDir}`);
}
process.exit(exitCode);
