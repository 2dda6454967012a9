/**
 * `npm run counters:rebuild -- <county-id> [--months 12] [--endpoint http://localhost:8000] [--table cunjing-local-cases]`
 *
 * Works the monthly counters out again from the cases themselves, month by month, and replaces the
 * stored ones (functions/domain/counters.ts, `rebuildMonth`). A county runs it once after deploying
 * the version that brought counters (cases from before have none), and whenever figures look wrong.
 * It is safe to run again at any time; run it when intake is quiet, since a change that lands while
 * a month is being rebuilt may be missed until the next run.
 *
 * Without `--table` it works on the local stack's table (`cunjing-local-cases` on DynamoDB Local at
 * `--endpoint`, default http://localhost:$DYNAMODB_PORT or 8000). With `--table` and no endpoint it
 * uses the AWS account and region of the environment.
 */
import { readFileSync } from 'node:fs';
import { monthIn } from '../functions/domain/time.ts';
import { rebuildMonth } from '../functions/domain/counters.ts';
import { parseCounty } from '../functions/domain/county.ts';
import { recentMonths } from '../functions/domain/stats.ts';
import { DynamoCaseStore } from '../functions/store/cases.ts';
import { createDocumentClient } from '../functions/store/client.ts';
import { DynamoCounterStore } from '../functions/store/counters.ts';
import { parseCommand } from './cli.ts';
import { countyFile, DEFAULT_DIR } from './county/lib.ts';

const usage = 'npm run counters:rebuild -- <county-id> [--months 12] [--endpoint URL] [--table NAME]';
const parsed = parseCommand(process.argv.slice(2), { months: { type: 'string', default: '12' }, endpoint: { type: 'string' }, table: { type: 'string' } }, usage);
if (parsed === 2) process.exit(2);
const months = Number(parsed.values.months);
if (!Number.isInteger(months) || months < 1 || months > 120) {
  console.error(`--months must be a whole number from 1 to 120\nusage: ${usage}`);
  process.exit(2);
}
const county = parseCounty(JSON.parse(readFileSync(countyFile(DEFAULT_DIR, parsed.id), 'utf8')), countyFile(DEFAULT_DIR, parsed.id));
const local = parsed.values.table === undefined;
const endpoint = parsed.values.endpoint ?? (local ? `http://localhost:${process.env.DYNAMODB_PORT ?? 8000}` : undefined);
const tableName = parsed.values.table ?? 'cunjing-local-cases';
const client = createDocumentClient(endpoint);
const cases = new DynamoCaseStore({ client, tableName });
const counters = new DynamoCounterStore({ client, tableName });

for (const month of recentMonths(monthIn(county.timezone, new Date()), months)) {
  const { cases: n, areas } = await rebuildMonth(cases, counters, month);
  console.log(`${month}: ${n} cases, ${areas} counter items`);
}
client.destroy();
