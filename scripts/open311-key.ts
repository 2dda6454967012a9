/**
 * `npm run open311:key -- <county-id> --client <id> --name <name> [--per-hour 60] [--dir counties]`
 *
 * Issues an Open311 API key for one of the county's other systems: prints the key once and writes
 * only its SHA-256 into counties/<id>.json (`open311.clients`). The same client id again replaces
 * its key (the old one stops working once the roster is deployed); removing the entry revokes it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCounty } from '../functions/domain/county.ts';
import { hashApiKey, newApiKey } from '../functions/domain/open311.ts';
import { parseCommand } from './cli.ts';
import { countyFile, DEFAULT_DIR } from './county/lib.ts';

export interface IssuedKey {
  readonly key: string;
  readonly file: string;
  readonly replaced: boolean;
}

/** Adds (or replaces) a client's key hash in a county file, which must stay valid; returns the key. */
export function issueApiKey(file: string, client: { id: string; name: string; requestsPerHour?: number }): IssuedKey {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { open311?: { clients?: Record<string, unknown>[] } };
  const key = newApiKey();
  const clients = data.open311?.clients ?? [];
  const entry = { id: client.id, name: client.name, keyHash: hashApiKey(key), requestsPerHour: client.requestsPerHour ?? 60 };
  const replaced = clients.some((c) => c.id === client.id);
  data.open311 = { ...data.open311, clients: replaced ? clients.map((c) => (c.id === client.id ? entry : c)) : [...clients, entry] };
  // Refuse to write a county file the stack would refuse (a bad client id, a name too long).
  parseCounty(data, file);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return { key, file, replaced };
}

function main(argv: string[]): number {
  const usage = 'npm run open311:key -- <county-id> --client <id> --name <name> [--per-hour 60] [--dir counties]';
  const parsed = parseCommand(argv, { client: { type: 'string' }, name: { type: 'string' }, 'per-hour': { type: 'string' }, dir: { type: 'string' } }, usage);
  if (parsed === 2) return 2;
  const { id, values } = parsed;
  const perHour = values['per-hour'] === undefined ? undefined : Number(values['per-hour']);
  if (!values.client || !values.name || (perHour !== undefined && !Number.isInteger(perHour))) {
    console.error(`--client and --name are required; --per-hour is a whole number\nusage: ${usage}`);
    return 2;
  }
  try {
    const issued = issueApiKey(countyFile(values.dir ? path.resolve(values.dir) : DEFAULT_DIR, id), { id: values.client, name: values.name, ...(perHour !== undefined && { requestsPerHour: perHour }) });
    console.log(`${issued.replaced ? 'Replaced the key of' : 'Issued a key for'} ${values.client} in ${path.relative(process.cwd(), issued.file)} (only its hash is kept there).`);
    console.log(`\n  ${issued.key}\n`);
    console.log('Give it to the system now: it is shown this once. It works once the roster is deployed (npx cdk deploy, or a fresh local DATA_DIR).');
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
