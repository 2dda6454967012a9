/**
 * Helpers for `npm run bench`: statistics, realistic submissions, DynamoDB item sizes and capacity
 * units by the published rules, and a tail of the SMS outbox file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { OutboxEntry } from '../../functions/notify/outbox.ts';

// ── Statistics ──────────────────────────────────────────────────────────────────────────────────

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /** Operations per second of busy time (n / sum of durations), for sequential runs. */
  readonly opsPerSec: number;
}

export function summarize(durations: readonly number[]): Summary {
  const sum = durations.reduce((a, b) => a + b, 0);
  return {
    n: durations.length,
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    p99: percentile(durations, 99),
    max: durations.length ? Math.max(...durations) : Number.NaN,
    mean: durations.length ? sum / durations.length : Number.NaN,
    opsPerSec: sum > 0 ? (durations.length * 1000) / sum : Number.NaN,
  };
}

export const round = (value: number, digits = 2): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ── Realistic submissions ───────────────────────────────────────────────────────────────────────

/** Small seeded PRNG (mulberry32), so every run submits the same mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['村口老槐树下', '东头小卖部旁边', '村小学门口', '河边那段土路上', '二组晒谷场', '村委会后面的巷子里', '水库大坝附近', '镇上通往村里的公路边', '后山果园', '三组老李家隔壁'];
const SENTENCES: Record<string, readonly string[]> = {
  tip: [
    '最近晚上经常有几个外地人开面包车来转悠，车牌用泥糊住了。',
    '有人在出租屋里聚众赌博，每天半夜才散，进出的人很多。',
    '听说有人在收购村民的银行卡，说是帮忙跑流水给好处费。',
    '好几户人家的电动车电瓶被偷了，怀疑是同一伙人干的。',
    '有陌生人挨家挨户推销保健品，专门找独居老人下手。',
  ],
  dispute: [
    '两家因为宅基地边界吵了好几次，昨天差点动手，需要民警来调解一下。',
    '邻居在公共通道上堆放柴火，说了几次都不挪，出入很不方便。',
    '承包地的灌溉用水分配有争议，两个组的村民互不相让。',
    '婆媳矛盾闹得很厉害，老人晚上不敢回家，希望有人出面劝一劝。',
  ],
  hazard: [
    '路边的电线杆倾斜得很厉害，电线垂得很低，学生上下学都从下面走。',
    '桥上的护栏断了一截，晚上没有路灯，骑车很容易掉下去。',
    '有人在柴草堆旁边烧垃圾，风一大火星乱飞，担心引发火灾。',
    '弯道处被树枝挡住了视线，这个月已经发生了两起剐蹭。',
  ],
  service: [
    '想咨询一下孩子上户口需要准备哪些材料，父母户籍不在同一个县。',
    '身份证快到期了，老人行动不方便，能不能上门办理换证？',
    '外出打工需要开无犯罪记录证明，请问在哪里办理，要多久？',
    '居住证办理需要什么手续，租房合同是否一定要备案？',
  ],
  help: [
    '家里老人早上出门到现在还没回来，手机也没带，家人到处找不到。',
    '有人喝醉了在家里砸东西，家里还有小孩，请尽快派人来看看。',
    '孩子放学一直没有到家，同学说看见他跟着一个不认识的人走了。',
  ],
};
const NAMES = ['张秀兰', '王建国', '李桂芳', '刘德华', '陈志强', '杨美玲', '黄海', '周玉梅'];
const CATEGORIES: Record<string, readonly string[]> = {
  tip: ['赌博', '盗窃', '诈骗'],
  dispute: ['邻里纠纷', '土地纠纷', '家庭纠纷'],
  hazard: ['交通安全', '消防安全', '用电安全'],
  service: ['户籍', '证件', '咨询'],
  help: ['走失', '求助'],
};

export type Kind = 'tip' | 'dispute' | 'hazard' | 'service' | 'help';

export interface BenchSubmission {
  readonly body: Record<string, unknown>;
  readonly idempotencyKey?: string;
}

/**
 * A factory of submissions as residents send them: kinds mixed roughly as a county sees them,
 * Chinese descriptions of 40–120 characters, some with name and phone, some with a location, and
 * `keyShare` of them with an Idempotency-Key (as the web form's script sends one).
 */
export function submissions(options: { seed: number; villageIds: readonly string[]; runId: string; keyShare: number }) {
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kinds: readonly Kind[] = ['tip', 'tip', 'dispute', 'dispute', 'hazard', 'hazard', 'service', 'service', 'service', 'help'];
  let counter = 0;
  return (): BenchSubmission => {
    counter += 1;
    const kind = pick(kinds);
    const target = 40 + Math.floor(random() * 81);
    let description = `${pick(PLACES)}，`;
    let last = '';
    while (description.length < target) {
      let sentence = pick(SENTENCES[kind]!);
      if (sentence === last) sentence = pick(SENTENCES[kind]!);
      description += last = sentence;
    }
    if (description.length > 120) description = description.slice(0, 120);
    const anonymous = kind === 'tip' ? random() < 0.9 : random() < 0.3;
    const body: Record<string, unknown> = { kind, villageId: pick(options.villageIds), description };
    if (random() < 0.6) body.category = pick(CATEGORIES[kind]!);
    if (kind === 'help') body.urgent = random() < 0.5;
    if (random() < 0.5) body.location = pick(PLACES);
    if (anonymous) body.anonymous = true;
    else {
      body.anonymous = false;
      body.name = pick(NAMES);
      body.phone = `1${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    }
    const withKey = random() < options.keyShare;
    return { body, ...(withKey && { idempotencyKey: `bench-${options.runId}-${counter}` }) };
  };
}

// ── Where a Java process spends its CPU ─────────────────────────────────────────────────────────

/** DynamoDB Local's threads, grouped by what they do (by the names the JVM and Jetty give them). */
export type JavaThreadGroup = 'SQLite' | 'requests' | 'JIT compiler' | 'GC' | 'other';

function javaThreadGroup(name: string): JavaThreadGroup {
  // DynamoDB Local runs every SQLite job on one queue thread; Jetty's request threads are qtp…-n.
  if (name.startsWith('SQLiteQueue')) return 'SQLite';
  if (name.startsWith('qtp')) return 'requests';
  if (/^C\d CompilerThre/.test(name)) return 'JIT compiler';
  if (/^(GC |G1 |VM Thread)/.test(name)) return 'GC';
  return 'other';
}

/** User + system CPU time (ms) in a /proc `stat` line: fields 14 and 15, after the name in parentheses, in clock ticks (100 per second on Linux). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN where there is no such process. */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system, ms) each group of a process's threads has used so far, from
 * /proc/{pid}/task (threads that ended meanwhile are not counted). Empty where there is no such process.
 */
export function javaThreadCpuMs(pid: number | undefined): Map<JavaThreadGroup, number> {
  const groups = new Map<JavaThreadGroup, number>();
  if (!pid) return groups;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return groups;
  }
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const group = javaThreadGroup(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      groups.set(group, (groups.get(group) ?? 0) + statCpuMs(stat));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return groups;
}

/** `after - before`, per group. */
export function threadCpuSince(before: ReadonlyMap<JavaThreadGroup, number>, after: ReadonlyMap<JavaThreadGroup, number>): Map<JavaThreadGroup, number> {
  return new Map([...after].map(([group, ms]) => [group, ms - (before.get(group) ?? 0)]));
}

// ── DynamoDB sizes and capacity units ───────────────────────────────────────────────────────────

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** Size of a number: 1 byte per two significant digits, plus 1. */
function numberSize(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** Size of one attribute value per DynamoDB's "item sizes and formats" rules. */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((a, s) => a + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((a, s) => a + numberSize(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((a, b) => a + b.byteLength, 0);
  // List or Map: 3 bytes of overhead, and 1 byte per element besides its own size.
  if (value.L !== undefined) return 3 + value.L.reduce((a, v) => a + valueSize(v) + 1, 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((a, [k, v]) => a + utf8(k) + valueSize(v) + 1, 0);
  throw new Error(`unknown attribute value ${JSON.stringify(value)}`);
}

/** Item size in bytes: sum of attribute name lengths and value sizes. */
export function itemSize(item: Record<string, NativeAttributeValue>): number {
  const raw = marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
  return Object.entries(raw).reduce((a, [name, value]) => a + utf8(name) + valueSize(value), 0);
}

/** Keeps only the named attributes (projection into an index). */
export function project(item: Record<string, NativeAttributeValue>, names: readonly string[]): Record<string, NativeAttributeValue> {
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

export const KB = 1024;
/** Standard write: 1 WCU per 1 KB (rounded up). */
export const standardWcu = (bytes: number) => Math.ceil(bytes / KB);
/** Transactional write: 2 WCU per 1 KB. */
export const transactionalWcu = (bytes: number) => 2 * Math.ceil(bytes / KB);
/** Eventually consistent read: 0.5 RCU per 4 KB; strongly consistent: 1 RCU per 4 KB. */
export const readRcu = (bytes: number, consistent: boolean) => (consistent ? 1 : 0.5) * Math.ceil(Math.max(bytes, 1) / (4 * KB));

// ── Outbox tail ─────────────────────────────────────────────────────────────────────────────────

/**
 * Follows the outbox file from the start, reading only what was appended since the last poll, and
 * notes when each case's officer SMS first appeared (performance.now()) and its `at` stamp.
 */
export class OutboxTail {
  readonly #file: string;
  readonly #intervalMs: number;
  #offset = 0;
  #partial = '';
  #running = false;
  #loop?: Promise<void>;
  readonly officerSeen = new Map<string, { seenAt: number; at: number }>();
  entries = 0;
  failed = 0;
  #waiters: { caseNumber: string; resolve: () => void }[] = [];

  constructor(file: string, intervalMs = 10) {
    this.#file = file;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        await this.poll();
        await sleep(this.#intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  async poll(): Promise<void> {
    let handle;
    try {
      handle = await open(this.#file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return;
      const buffer = Buffer.alloc(size - this.#offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      this.#offset += bytesRead;
      const seenAt = performance.now();
      const text = this.#partial + buffer.subarray(0, bytesRead).toString('utf8');
      const lines = text.split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        let entry: OutboxEntry;
        try {
          entry = JSON.parse(line) as OutboxEntry;
        } catch {
          continue;
        }
        this.entries += 1;
        if (entry.status === 'failed') this.failed += 1;
        if (entry.role === 'officer' && entry.caseNumber && entry.status === 'sent' && !this.officerSeen.has(entry.caseNumber)) {
          this.officerSeen.set(entry.caseNumber, { seenAt, at: Date.parse(entry.at) });
        }
      }
      if (this.#waiters.length) {
        this.#waiters = this.#waiters.filter((w) => {
          if (!this.officerSeen.has(w.caseNumber)) return true;
          w.resolve();
          return false;
        });
      }
    } finally {
      await handle.close();
    }
  }

  /** Resolves true once the officer SMS for the case is in the outbox, false after `timeoutMs`. */
  waitFor(caseNumber: string, timeoutMs: number): Promise<boolean> {
    if (this.officerSeen.has(caseNumber)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        caseNumber,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.#waiters.push(waiter);
    });
  }
}
