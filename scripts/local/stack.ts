/**
 * The whole system on one machine: DynamoDB Local, the tables, the county roster, the Astro site,
 * the API app and the stream poller feeding the route-case handler, all in this process except Java.
 * The apps and jobs are wired from `createRuntime` as the Lambda handlers wire them; only the
 * settings and adapters differ (outbox instead of SNS, a poller instead of the event source mapping).
 */
import { cpSync, existsSync, statSync, readdirSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { DynamoRosterStore } from '../../functions/store/roster.ts';
import { devRoutes } from './dev-routes.ts';
import { startDynamoDbLocal, type LocalDynamo } from './dynamodb.ts';
import { startLocalS3 } from './s3.ts';
import { StreamPoller } from './stream-poller.ts';
import { PUBLISHER_PATTERNS, ROUTER_PATTERNS } from '../../functions/store/stream-filter.ts';
import { FolderSiteFiles } from '../../functions/store/site-folder.ts';
import { createSitePublisher, publishSiteHandler } from '../../functions/jobs/publish-site.ts';
import { ensureTables } from './tables.ts';
import { createRuntime, type Runtime, type RuntimeSettings } from '../../functions/runtime.ts';
import { adminApp } from '../../functions/runtime/admin.ts';
import { apiApp } from '../../functions/runtime/api.ts';
import { open311App } from '../../functions/runtime/open311.ts';
import { escalateHandler } from '../../functions/jobs/escalate.ts';
import { photosHandler } from '../../functions/jobs/photos.ts';
import { routeCaseHandler } from '../../functions/jobs/route-case.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
/** The public URL the built site's QR codes point at (written after each build). */
const WEB_DIST_URL = join(ROOT, 'web', '.dist-public-url');
/** `PUBLIC_URL` as the user set it (read before a stack sets it for its handlers). */
const USER_PUBLIC_URL = process.env.PUBLIC_URL;
/** Where a portal on a free port (`port: 0`, the tests) has its QR codes point: the default port. */
const DEFAULT_PUBLIC_URL = 'http://localhost:8787';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. @default 8787 */
  readonly port?: number;
  /** @default 8000 */
  readonly dynamodbPort?: number;
  /** Port of the local S3 server (the photos bucket); 0 picks a free one. @default 4568, or a free one when `port` is 0 */
  readonly s3Port?: number;
  /** Tables, outbox and stream checkpoints live here. @default `.data` */
  readonly dataDir?: string;
  /** @default counties/demo.json */
  readonly countyFile?: string;
  /** Table name prefix. @default cunjing-local */
  readonly prefix?: string;
  /** Use this DynamoDB (tests share one) instead of starting DynamoDB Local. */
  readonly dynamodbEndpoint?: string;
  /** Build the Astro site when its sources are newer than web/dist. @default true */
  readonly buildWeb?: boolean;
  /** How often the escalation handler runs (EventBridge Scheduler runs it every minute in AWS). @default 60_000 */
  readonly escalateEveryMs?: number;
  /** @default console.log */
  readonly log?: (line: string) => void;
  /**
   * Intake limits instead of the county file's (the bench and the e2e tests send many cases from
   * one address: they pass NO_INTAKE_LIMITS). Applies when the roster is first loaded into the tables.
   * @default - the county file's
   */
  readonly intakeLimits?: Partial<County['limits']['intake']>;
  /**
   * `off`: no SMS circuit breaker and no monthly SMS budget, for load runs (bench, chaos) and tests
   * that send many SMS to one village on purpose. Applies when the roster is first loaded.
   * @default 'county' - the county file's `limits.sms` and `sms.monthlySpendLimitUsd`
   */
  readonly smsGate?: 'county' | 'off';
  /**
   * `false`: officers' SMS carry the inbox address (`/o/inbox`) instead of one-tap links, as the
   * county file's `sms.links: false` does (the inbox's browser test). Applies when the roster is first loaded.
   * @default - the county file's
   */
  readonly smsLinks?: boolean;
  /** The share of SMS the outbox refuses, as a provider sometimes does (`SMS_FAIL_RATE` of `npm start`). @default 0 */
  readonly smsFailRate?: number;
  /** The handlers' log level. @default 'WARN' */
  readonly logLevel?: RuntimeSettings['logLevel'];
}

/** `SMS_FAIL_RATE` as `npm start` and the chaos run take it: a share from 0 to 1. */
export function smsFailRate(raw: string | undefined): number {
  const rate = Number(raw || 0);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`SMS_FAIL_RATE must be a number from 0 to 1, not "${raw}"`);
  return rate;
}

/**
 * How often the roster table's stream is read when idle: a console edit reaches the pages within
 * about this long plus one publish (under a second for the demo county).
 */
const ROSTER_POLL_MS = 500;

/** Case SMS per village phone and hour that no local run reaches (the county file's largest allowed). */
const NO_SMS_BREAKER = 1_000_000;

/**
 * Intake limits no local run reaches: for the bench and the browser tests, which are not floods.
 * The largest the county file allows: a paced bench run sends thousands of cases from one address
 * in 10 minutes (with a soft limit of 1,000, the bench's longer runs once met proofs of work).
 */
export const NO_INTAKE_LIMITS: Partial<County['limits']['intake']> = {
  softPer10Minutes: 100_000,
  hardPer10Minutes: 100_000,
  hardPerDay: 1_000_000,
  villageBurstPer10Minutes: 1_000_000,
  countyBurstPer10Minutes: 10_000_000,
};

export interface LocalStack {
  readonly url: string;
  readonly outboxFile: string;
  /** The folder the public site is served from (the build's files and the site publisher's). */
  readonly siteDir: string;
  readonly dynamodbEndpoint: string;
  readonly tables: { cases: string; ratings: string; roster: string };
  /** The local S3 server holding the photos bucket. */
  readonly s3: { readonly endpoint: string; readonly bucket: string; readonly directory: string };
  /** What the stack's apps and jobs were built from: its stores, clock and county source. */
  readonly runtime: Runtime;
  /** The apps as the Lambda functions run them (the stack's server routes to them as CloudFront does). */
  readonly apps: { readonly api: Hono; readonly admin: Hono; readonly open311: Hono };
  /** Runs the escalation job now, as the schedule would. */
  readonly escalate: ReturnType<typeof escalateHandler>;
  stop(): Promise<void>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * Builds the static site unless web/dist is newer than every source it is made from and its QR codes
 * already point at `publicUrl`.
 */
export async function buildWebIfStale(countyFile: string, log: (line: string) => void, publicUrl: string = DEFAULT_PUBLIC_URL): Promise<void> {
  const built = existsSync(join(WEB_DIST, 'index.html')) ? statSync(join(WEB_DIST, 'index.html')).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'web', 'src')), newestMtime(join(ROOT, 'web', 'public')), newestMtime(join(ROOT, 'web', 'build')), newestMtime(countyFile), ...['domain', 'ui', 'messages'].map((dir) => newestMtime(join(ROOT, 'functions', dir))));
  const builtFor = existsSync(WEB_DIST_URL) ? readFileSync(WEB_DIST_URL, 'utf8').trim() : DEFAULT_PUBLIC_URL;
  if (built > sources && builtFor === publicUrl) return;
  log(`Building the site (astro build) for ${publicUrl}…`);
  // A child process keeps Astro's Vite out of this process (and out of a test runner's Vite).
  const out = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', join(ROOT, 'web'), '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', COUNTY: basename(countyFile, '.json'), PUBLIC_URL: publicUrl },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`astro build failed:\n${out.stdout}${out.stderr}`);
  writeFileSync(WEB_DIST_URL, `${publicUrl}\n`);
}

/** The link-signing key of this data folder, made on first start and kept with the data. */
function localSecret(dataDir: string): string {
  const file = join(dataDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Runs the escalation handler on a timer: one run at a time, errors logged, never fatal. */
class EscalationTimer {
  readonly #run: () => Promise<unknown>;
  readonly #everyMs: number;
  readonly #log: (line: string) => void;
  #timer?: NodeJS.Timeout;
  #running?: Promise<unknown>;

  constructor(run: () => Promise<unknown>, everyMs: number, log: (line: string) => void) {
    this.#run = run;
    this.#everyMs = everyMs;
    this.#log = log;
  }

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.#run()
        .catch((error) => this.#log(`escalation run failed: ${(error as Error).message}`))
        .finally(() => (this.#running = undefined));
    }, this.#everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? console.log;
  const dataDir = resolve(options.dataDir ?? join(ROOT, '.data'));
  /** Where the public site is served from: the build's files and the publisher's (`site/` of the data folder). */
  const siteDir = join(dataDir, 'site');
  const countyFile = resolve(options.countyFile ?? join(ROOT, 'counties', 'demo.json'));
  const prefix = options.prefix ?? 'cunjing-local';
  mkdirSync(dataDir, { recursive: true });

  const fromFile = parseCounty(JSON.parse(await readFile(countyFile, 'utf8')), countyFile);
  const withIntake: County = options.intakeLimits ? { ...fromFile, limits: { ...fromFile.limits, intake: { ...fromFile.limits.intake, ...options.intakeLimits } } } : fromFile;
  const { monthlySpendLimitUsd: _budget, ...smsWithoutBudget } = withIntake.sms;
  const gated: County =
    options.smsGate === 'off' ? { ...withIntake, sms: smsWithoutBudget, limits: { ...withIntake.limits, sms: { ...withIntake.limits.sms, villageCasesPerHour: NO_SMS_BREAKER } } } : withIntake;
  const county: County = options.smsLinks === undefined ? gated : { ...gated, sms: { ...gated.sms, links: options.smsLinks } };
  // The posters' QR codes point at PUBLIC_URL, else at this portal's own port (a free port, which
  // changes every start, keeps the default address rather than rebuilding the site each time).
  const requestedPort = options.port ?? 8787;
  const publicUrl = (USER_PUBLIC_URL || (requestedPort === 0 ? DEFAULT_PUBLIC_URL : `http://localhost:${requestedPort}`)).replace(/\/+$/, '');
  if (options.buildWeb ?? true) await buildWebIfStale(countyFile, log, publicUrl);

  let dynamo: LocalDynamo | undefined;
  const endpoint = options.dynamodbEndpoint ?? (dynamo = await startDynamoDbLocal({ port: options.dynamodbPort ?? 8000, dataDir })).endpoint;
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e) => log(`while stopping: ${(e as Error).message}`));
    await dynamo?.stop();
  };

  try {
    const localAws = { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const admin = new DynamoDBClient(localAws);
    const tables = await ensureTables(admin, prefix);
    admin.destroy();

    const roster = new DynamoRosterStore({ client: createDocumentClient(endpoint), tableName: tables.roster.name });
    if (!(await roster.loadCounty(county.code))) {
      await roster.saveCounty(county);
      log(`Loaded county ${county.code} (${county.name}) from ${countyFile}`);
    }

    // Listen first: the public URL (which officers' SMS links point at) needs the port.
    let app: { fetch: (request: Request) => Response | Promise<Response> } = { fetch: () => new Response('starting', { status: 503 }) };
    const server: ServerType = await new Promise((resolveServer, reject) => {
      const s = serve({ fetch: (request) => app.fetch(request), port: options.port ?? 8787, hostname: '127.0.0.1' }, () => resolveServer(s));
      s.once('error', reject);
    });
    stoppers.push(() => new Promise<void>((r) => server.close(() => r())));
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;

    const s3Directory = join(dataDir, 's3');
    // A portal on a free port (the tests) gets a free S3 port too.
    const s3 = await startLocalS3({ port: options.s3Port ?? (options.port === 0 ? 0 : 4568), directory: s3Directory });
    stoppers.push(() => s3.stop());

    // The same wiring as the Lambda handlers, with this stack's settings instead of a function's environment.
    const outboxFile = join(dataDir, 'outbox.jsonl');
    const runtime = createRuntime({
      countyCode: county.code,
      tables: { cases: tables.cases.name, ratings: tables.ratings.name, roster: tables.roster.name },
      dynamodbEndpoint: endpoint,
      sms: { adapter: 'outbox', file: outboxFile, failRate: options.smsFailRate },
      linkSecret: { value: localSecret(dataDir) },
      publicUrl: USER_PUBLIC_URL || url,
      photos: { bucket: s3.bucket, endpoint: s3.endpoint },
      devClock: true,
      serviceName: 'cunjing-local',
      logLevel: options.logLevel ?? 'WARN',
    });
    const api = await apiApp(runtime);
    const adminApi = await adminApp(runtime);
    const open311Api = await open311App(runtime);
    const routeCase = await routeCaseHandler(runtime);
    const escalate = escalateHandler(runtime);
    const processPhotos = photosHandler(runtime);
    // S3 event notifications on `incoming/` invoke the photos function in AWS; here the server's events do.
    s3.onUpload(processPhotos, log);

    if (!tables.cases.streamArn) throw new Error(`table ${tables.cases.name} has no stream`);
    const streams = new DynamoDBStreamsClient(localAws);
    const poller = new StreamPoller({
      client: streams,
      streamArn: tables.cases.streamArn,
      handler: routeCase,
      filter: ROUTER_PATTERNS,
      checkpointFile: join(dataDir, `stream-checkpoint-${prefix}.json`),
      log,
    });
    await poller.start();
    stoppers.push(async () => {
      await poller.stop();
      streams.destroy();
    });

    // The site as a deploy leaves it: the build's files copied where the site is served (pruning
    // what the build did not ship, as the BucketDeployment does), then the publisher run once, so
    // the pages show the roster in the table. Then every roster save publishes again, from the
    // roster table's stream, as in AWS (functions/jobs/publish-site.ts).
    rmSync(siteDir, { recursive: true, force: true });
    if (existsSync(WEB_DIST)) cpSync(WEB_DIST, siteDir, { recursive: true });
    const publish = createSitePublisher({ roster, countyCode: county.code, files: new FolderSiteFiles(siteDir), publicUrl, logger: runtime.logger });
    await publish();
    if (!tables.roster.streamArn) throw new Error(`table ${tables.roster.name} has no stream`);
    const rosterPoller = new StreamPoller({
      client: streams,
      streamArn: tables.roster.streamArn,
      handler: publishSiteHandler(publish, { fetch, logger: runtime.logger }),
      filter: PUBLISHER_PATTERNS,
      checkpointFile: join(dataDir, `stream-checkpoint-${prefix}-roster.json`),
      idleMs: ROSTER_POLL_MS,
      log,
    });
    await rosterPoller.start();
    stoppers.push(() => rosterPoller.stop());

    // The same escalation handler EventBridge Scheduler runs every minute in AWS.
    const timer = new EscalationTimer(escalate, options.escalateEveryMs ?? 60_000, log);
    timer.start();
    stoppers.push(() => timer.stop());

    const root = new Hono();
    root.route('/dev', devRoutes({ outboxFile, clock: runtime.clock, escalate }));
    // CloudFront sends /api/v1/admin/* to the admin function and the rest of the API to the api one.
    root.route('/', adminApi);
    // … and /open311/* to the Open311 function, whole, as API Gateway hands it over (its 404s included).
    root.all('/open311/*', (c) => open311Api.fetch(c.req.raw));
    root.route('/', api);
    root.use('/*', serveStatic({ root: siteDir }));
    // What the site's folder does not have goes to the api app, whole, as CloudFront's origin group
    // hands the bucket's 404s to the api function: the site's 404 page (functions/api/not-found.tsx).
    root.notFound((c) => api.fetch(c.req.raw));
    app = root;

    return {
      url,
      outboxFile,
      siteDir,
      dynamodbEndpoint: endpoint,
      tables: { cases: tables.cases.name, ratings: tables.ratings.name, roster: tables.roster.name },
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, directory: s3Directory },
      runtime,
      apps: { api, admin: adminApi, open311: open311Api },
      escalate,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
