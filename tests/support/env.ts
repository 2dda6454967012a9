/**
 * Real adapters on the shared DynamoDB Local: fresh tables under a unique prefix, the demo county
 * loaded, and the same stores the Lambda handlers use (`createRuntime` with this test's settings).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import type { Clock } from '../../functions/domain/ports.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { createRuntime } from '../../functions/runtime.ts';
import { DynamoAdminStore } from '../../functions/store/admin.ts';
import { DynamoDeviceStore } from '../../functions/store/devices.ts';
import { DynamoAlertStore } from '../../functions/store/alerts.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxSmsSender } from '../../functions/notify/outbox.ts';
import { DynamoRatingStore } from '../../functions/store/ratings.ts';
import { ensureTables } from '../../scripts/local/tables.ts';

export const demoCounty: County = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')), 'counties/demo.json');

/**
 * The demo county with intake and sign-in limits per address that no test run reaches: tests send
 * many requests from one (absent) address. The limit tests (tests/integration/intake-limits.test.ts,
 * sign-in.test.ts) pass the demo county's own limits.
 */
export const unlimitedCounty: County = {
  ...demoCounty,
  limits: {
    ...demoCounty.limits,
    signIn: { ...demoCounty.limits.signIn, requestsPerAddress: 10_000 },
    intake: { ...demoCounty.limits.intake, softPer10Minutes: 100_000, hardPer10Minutes: 100_000, hardPerDay: 100_000, villageBurstPer10Minutes: 100_000, countyBurstPer10Minutes: 100_000 },
  },
};

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  #now: Date;
  constructor(start = new Date('2026-11-22T02:00:00Z')) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export async function createTestEnv(endpoint: string, options: { clock?: Clock; county?: County } = {}) {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const ddb = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tables = await ensureTables(ddb, prefix);
  ddb.destroy();
  const county = options.county ?? unlimitedCounty;
  const clock = options.clock ?? new TestClock();
  // The stores every function shares, as the handlers build them, with this test's tables and clock.
  const runtime = createRuntime(
    { countyCode: county.code, tables: { cases: tables.cases.name, roster: tables.roster.name, ratings: tables.ratings.name }, dynamodbEndpoint: endpoint },
    { clock, logger: new Logger({ serviceName: 'cunjing-test', logLevel: 'SILENT' }) },
  );
  const { client, cases, roster } = runtime;
  await roster.saveCounty(county);
  const adminStore = new DynamoAdminStore({ client, tableName: tables.cases.name });
  return {
    prefix,
    tables,
    client,
    clock,
    cases,
    counters: runtime.counters,
    links: runtime.links,
    alerts: new DynamoAlertStore({ client, tableName: tables.roster.name, countyCode: county.code }),
    admin: adminStore,
    devices: new DynamoDeviceStore({ client, tableName: tables.cases.name }),
    limits: adminStore,
    /** Admin sign-in codes land here (the case pipeline has its own outbox). */
    sms: new OutboxSmsSender(join(mkdtempSync(join(tmpdir(), 'cunjing-admin-sms-')), 'outbox.jsonl'), { log: () => undefined, clock }),
    secret: 'test-session-secret-0123456789abcdef0123456789',
    linkSecret: 'test-link-secret-0123456789abcdef0123456789',
    publicUrl: 'https://cunjing.test',
    ratings: new DynamoRatingStore({ client, ratingsTable: tables.ratings.name, casesTable: tables.cases.name }),
    roster,
    county: runtime.county,
    logger: runtime.logger,
  };
}
export type TestEnv = Awaited<ReturnType<typeof createTestEnv>>;
