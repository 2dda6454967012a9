/**
 * `npm run abuse`: floods a throwaway local stack as an attacker would, with a bounded load, and prints
 * what got through. A script, not a test: it exits 0 unless the stack itself breaks.
 *
 *   ABUSE_N            urgent-help submissions per flood (default 300)
 *   ABUSE_CONCURRENCY  concurrent HTTP clients (default 8)
 *   ABUSE_SIGNIN       sign-in code requests with a rotated X-Forwarded-For (default 35)
 *   ABUSE_SETTLE_MS    quiet time on the outbox before the SMS are counted (default 4000)
 *
 * Three floods, one after the other, all from this machine (one socket address):
 *  1. ABUSE_N urgent-help cases as JSON, the same client each time;
 *  2. the same with a different `X-Forwarded-For` on every request (a header the client writes);
 *  3. ABUSE_SIGNIN sign-in code requests for roster phones, with a rotated `X-Forwarded-For`.
 * A 428 (proof of work asked for) counts as "challenged": the script does not solve challenges, so
 * those are what a flood costs an attacker nothing but also gains nothing. The SMS the router sent
 * for the floods' cases are read from the outbox once it has been quiet for ABUSE_SETTLE_MS, with
 * their parts (70 UCS-2 / 160 GSM-7 characters a part).
 *
 * Last line: `abuse: accepted A of N from one address; SMS parts P`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { smsLength } from '../functions/domain/sms.ts';
import { sleep } from './bench/lib.ts';
import { freePort } from '../tests/support/ports.ts';
import { startLocalStack, type LocalStack } from './local/stack.ts';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number ≥ 1, not "${raw}"`);
    process.exit(2);
  }
  return value;
}

const N = intEnv('ABUSE_N', 300);
const CONCURRENCY = intEnv('ABUSE_CONCURRENCY', 8);
const SIGNIN = intEnv('ABUSE_SIGNIN', 35);
const SETTLE_MS = intEnv('ABUSE_SETTLE_MS', 4000);

interface Tally {
  accepted: number;
  challenged: number;
  refused: number;
  other: Map<number, number>;
  caseNumbers: Set<string>;
  ms: number;
}

/** Runs `count` requests, `CONCURRENCY` at a time, and tallies the answers. */
async function flood(count: number, request: (i: number) => Promise<Response>): Promise<Tally> {
  const tally: Tally = { accepted: 0, challenged: 0, refused: 0, other: new Map(), caseNumbers: new Set(), ms: 0 };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const res = await request(i);
        const body = (await res.json().catch(() => ({}))) as { caseNumber?: string };
        if (res.status === 201 || res.status === 202) {
          tally.accepted += 1;
          if (body.caseNumber) tally.caseNumbers.add(body.caseNumber);
        } else if (res.status === 428) tally.challenged += 1;
        else if (res.status === 429) tally.refused += 1;
        else tally.other.set(res.status, (tally.other.get(res.status) ?? 0) + 1);
      }
    }),
  );
  tally.ms = performance.now() - started;
  return tally;
}

interface OutboxLine {
  readonly body: string;
  readonly caseNumber?: string;
  readonly role: string;
  readonly status: string;
}

async function readOutbox(file: string): Promise<OutboxLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OutboxLine);
}

/** Waits until the outbox has not grown for SETTLE_MS. */
async function settle(file: string): Promise<OutboxLine[]> {
  let lines = await readOutbox(file);
  let quietSince = performance.now();
  while (performance.now() - quietSince < SETTLE_MS) {
    await sleep(250);
    const now = await readOutbox(file);
    if (now.length !== lines.length) quietSince = performance.now();
    lines = now;
  }
  return lines;
}

function smsFor(lines: readonly OutboxLine[], cases: ReadonlySet<string>) {
  const sent = lines.filter((l) => l.status === 'sent' && ((l.caseNumber && cases.has(l.caseNumber)) || (l.caseNumber?.startsWith('digest:') ?? false)));
  return { sms: sent.length, parts: sent.reduce((sum, l) => sum + smsLength(l.body).segments, 0) };
}

function describe(name: string, t: Tally, count: number): string {
  const other = [...t.other].map(([status, n]) => `${n} × ${status}`).join(', ');
  return `${name}: ${count} requests in ${(t.ms / 1000).toFixed(1)} s → accepted ${t.accepted}, challenged ${t.challenged}, 429 ${t.refused}${other ? `, other ${other}` : ''}`;
}

// The outbox adapter prints every SMS it "sends": thousands of lines here. Keep the summary readable.
const print = console.log.bind(console);
console.log = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('SMS →')) return;
  print(...args);
};

let stack: LocalStack | undefined;
let dataDir: string | undefined;
try {
  dataDir = await mkdtemp(join(tmpdir(), 'cunjing-abuse-'));
  const quiet = () => undefined;
  process.stderr.write(`abuse: starting the local stack (data in ${dataDir}); load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir, buildWeb: false, log: quiet });
  const base = stack.url.replace('//localhost:', '//127.0.0.1:');
  const { county, villages } = await stack.runtime.county.get();
  const villageId = [...villages.keys()][0]!;
  const phones = [...new Set(county.officers.map((o) => o.phone))];

  const urgent = (i: number, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ kind: 'help', urgent: true, villageId, description: `有人倒在路边，请速来 (${i})`, anonymous: true }),
    });
  const rotated = (i: number) => ({ 'X-Forwarded-For': `203.0.113.${i % 250}, 10.0.${i >> 8}.${i % 256}` });

  const one = await flood(N, (i) => urgent(i));
  const spoofed = await flood(N, (i) => urgent(N + i, rotated(i)));
  const signIn = await flood(SIGNIN, (i) =>
    fetch(`${base}/api/v1/admin/login/code`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...rotated(i) }, body: JSON.stringify({ phone: phones[i % phones.length] }) }),
  );

  const lines = await settle(stack.outboxFile);
  const oneSms = smsFor(lines, one.caseNumbers);
  const spoofSms = smsFor(lines, spoofed.caseNumbers);
  const digests = lines.filter((l) => l.status === 'sent' && l.role === 'digest').length;
  const codes = lines.filter((l) => l.role === 'login' && l.status === 'sent').length;

  console.log(describe('one address', one, N) + `; SMS sent ${oneSms.sms}, SMS parts ${oneSms.parts}`);
  console.log(describe('rotated X-Forwarded-For', spoofed, N) + `; SMS sent ${spoofSms.sms}, SMS parts ${spoofSms.parts}`);
  console.log(describe('sign-in codes, rotated X-Forwarded-For', signIn, SIGNIN) + `; codes sent ${codes}`);
  if (digests > 0) console.log(`digest SMS: ${digests}`);
  console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`abuse: accepted ${one.accepted} of ${N} from one address; SMS parts ${oneSms.parts}`);
} finally {
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
