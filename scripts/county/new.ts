/**
 * `npm run county:new -- <id> [--code QS] [--name 青山县] [--dir counties] [--no-csv] [--force]`
 *
 * Scaffolds counties/<id>.json from counties/template.jsonc (with its explanations as "$comment"s)
 * and counties/<id>.roster.csv (the admin console's roster CSV: one row per village with its officer
 * and assistant). Then: edit both, `npm run county:check -- <id>`.
 */
import * as path from 'node:path';
import { parseCommand } from '../cli.ts';
import { scaffoldCounty } from './lib.ts';

function main(argv: string[]): number {
  const parsed = parseCommand(
    argv,
    {
      code: { type: 'string' },
      name: { type: 'string' },
      dir: { type: 'string' },
      'no-csv': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
    'npm run county:new -- <id> [--code QS] [--name 青山县] [--dir counties] [--no-csv] [--force]',
  );
  if (parsed === 2) return 2;
  const { id, values } = parsed;
  try {
    const { files, county } = scaffoldCounty(id, {
      ...(values.dir && { dir: path.resolve(values.dir) }),
      ...(values.code && { code: values.code }),
      ...(values.name && { name: values.name }),
      csv: !values['no-csv'],
      force: values.force,
    });
    const shown = files.map((f) => path.relative(process.cwd(), f) || f);
    console.log(`Wrote ${shown.join(' and ')} for county ${county.code} (${county.name}).`);
    console.log('Next:');
    console.log(`  1. Edit ${shown[0]}: every "$comment" explains its part; replace the +999 phone numbers and example.org address.`);
    if (shown[1]) console.log(`  2. Put each village's officer and assistant in ${shown[1]} (one row per village), then: npm run county:check -- ${id} --write`);
    console.log(`  ${shown[1] ? 3 : 2}. npm run county:check -- ${id}, then COUNTY=${id} npm run build:web and npx cdk deploy -c county=${id} (docs/deploy.md)`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
