/**
 * `npm run county:check -- <id> [--dir counties] [--write]`
 *
 * Validates counties/<id>.json and, when it exists, counties/<id>.roster.csv: every error names the
 * county-file field (`stations[0].offices[1].name`) or the CSV line and column. `--write` copies the
 * CSV's roster into the county file once everything else checks out. Exit code 1 on any error. A county
 * on a domestic SMS provider needs a template code for every SMS type: the missing ones are printed
 * with their text and variable attributes, ready to paste into the provider's console.
 */
import * as path from 'node:path';
import { parseCommand } from '../cli.ts';
import { checkCounty } from './lib.ts';

function main(argv: string[]): number {
  const parsed = parseCommand(argv, { dir: { type: 'string' }, write: { type: 'boolean', default: false } }, 'npm run county:check -- <id> [--dir counties] [--write]');
  if (parsed === 2) return 2;
  const { id, values } = parsed;
  const result = checkCounty(id, { ...(values.dir && { dir: path.resolve(values.dir) }), write: values.write });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  if (result.errors.length > 0) {
    for (const error of result.errors) console.error(`error: ${error}`);
    if (result.register) console.error(`\nTemplates to register:\n${result.register}\n`);
    console.error(`${result.errors.length} error${result.errors.length === 1 ? '' : 's'}: fix them and run npm run county:check -- ${id} again`);
    return 1;
  }
  if (result.wrote) console.log(`Copied the roster from the CSV into ${result.wrote}.`);
  console.log(result.summary);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
