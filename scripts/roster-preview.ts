/**
 * `npm run roster:preview -- <county-id> [--table NAME] [--endpoint URL]`
 *
 * What deploying `counties/<id>.json` would do to the roster in the table, without changing it
 * (docs/deploy.md, "What a deploy does to the roster"): seed, replace or merge; in a merge, the
 * stations, offices, villages and officers the file adds since the last deploy, and every way the
 * file's people and villages differ from the roster the deploy would keep (the console's).
 *
 * Without `--table` it reads the local stack's table (`cunjing-local-roster` on DynamoDB Local at
 * `--endpoint`, default http://localhost:$DYNAMODB_PORT or 8000). With `--table` and no endpoint it
 * uses the AWS account and region of the environment (read only: GetItem and Query).
 */
import { rosterDifferences, type RosterDifference } from '../functions/domain/roster-seed.ts';
import { createDocumentClient } from '../functions/store/client.ts';
import { DynamoRosterStore } from '../functions/store/roster.ts';
import { loadCountyFile } from '../infra/county-file.ts';
import { planRosterSync } from '../infra/handlers/roster-sync.ts';
import { parseCommand } from './cli.ts';

const usage = 'npm run roster:preview -- <county-id> [--table NAME] [--endpoint URL]';
const parsed = parseCommand(process.argv.slice(2), { endpoint: { type: 'string' }, table: { type: 'string' } }, usage);
if (parsed === 2) process.exit(2);
const file = loadCountyFile(parsed.id);
const local = parsed.values.table === undefined;
const endpoint = parsed.values.endpoint ?? (local ? `http://localhost:${process.env.DYNAMODB_PORT ?? 8000}` : undefined);
const tableName = parsed.values.table ?? 'cunjing-local-roster';
const client = createDocumentClient(endpoint);
const store = new DynamoRosterStore({ client, tableName });

const HOW: Record<RosterDifference['how'], string> = {
  'only-in-file': 'in the file, not in the roster kept (removed in the console): not applied',
  'only-in-roster': 'in the roster kept, not in the file (added in the console): kept',
  changed: 'different in the file: the roster’s is kept',
};

const current = await store.current(file.code);
const plan = await planRosterSync(store, file);
console.log(`roster of ${file.code} in ${tableName}: ${current ? `version ${current.version}, ${current.source === 'deploy' ? 'the county file’s (last saved by a deploy)' : 'edited or imported in the console since the last deploy'}` : 'none'}`);
console.log(`a deploy of counties/${parsed.id}.json would ${{ seed: 'load the file (seed)', replace: 'replace it with the file (replace)', merge: 'merge (settings from the file, people and villages from the console)' }[plan.action]}`);
if (plan.action === 'merge') {
  const added = Object.entries(plan.added).flatMap(([kind, ids]) => (ids as string[]).map((id) => `${kind.slice(0, -1)} ${id}`));
  console.log(`  adds from the file: ${added.join(', ') || 'nothing'}`);
  for (const d of rosterDifferences(file, plan.county)) console.log(`  ${d.kind} ${d.id}: ${HOW[d.how]}`);
}
client.destroy();
