/**
 * `npm run cost -- <county> [--cases-per-month N] [--sms-country CN] [--dir counties] [--json]`
 *
 * Synthesizes the county's stack (offline, without bundling the functions), reads what it runs from
 * the template, and prints the monthly cost per service: idle (no cases) and, with
 * `--cases-per-month`, at that volume. Prices and per-case assumptions: scripts/cost/prices.json.
 * The SMS price is the country most officer phone numbers dial into (override: --sms-country).
 */
import * as path from 'node:path';
import { parseCommand } from '../cli.ts';
import type { County } from '../../functions/domain/county.ts';
import { COUNTIES_DIR, loadCountyFile } from '../../infra/county-file.ts';
import { loadPriceBook, synthesizeTemplate } from './inputs.ts';
import { estimate, factsFromTemplate, formatEstimate, smsCountryOf, smsPrice } from './model.ts';

function main(argv: string[]): number {
  const parsed = parseCommand(
    argv,
    {
      'cases-per-month': { type: 'string' },
      'sms-country': { type: 'string' },
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    'npm run cost -- <county> [--cases-per-month N] [--sms-country CN] [--dir counties] [--json]',
  );
  if (parsed === 2) return 2;
  const { id: countyId, values } = parsed;
  const casesRaw = values['cases-per-month'];
  const cases = casesRaw === undefined ? 0 : Number(casesRaw.replace(/[_,]/g, ''));
  if (!Number.isFinite(cases) || cases < 0) {
    console.error(`--cases-per-month must be a number >= 0, not "${casesRaw}"`);
    return 2;
  }

  let county: County;
  try {
    county = loadCountyFile(countyId, values.dir ? path.resolve(values.dir) : COUNTIES_DIR);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const book = loadPriceBook();
  let smsOverride;
  try {
    smsOverride = values['sms-country'] ? smsPrice(book, values['sms-country'].toUpperCase()) : undefined;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const facts = factsFromTemplate(synthesizeTemplate(countyId, county), book.assumptions.daysPerMonth);
  const phones = county.officers.map((o) => o.phone);
  const sms = smsOverride ? { ...smsOverride, derived: false } : smsCountryOf(book, phones);

  const volumes = cases > 0 ? [0, cases] : [0];
  const estimates = volumes.map((n) => estimate(facts, book, n, sms));
  if (values.json) {
    console.log(JSON.stringify({ county: countyId, region: book.region, asOf: book.asOf, estimates }, null, 2));
    return 0;
  }
  const smsNote = values['sms-country']
    ? `SMS priced for ${sms.country} (--sms-country)`
    : sms.derived
      ? `SMS priced for ${sms.country} (where the officers' phone numbers are)`
      : `SMS priced for ${sms.country} (no known country in the officers' phone numbers; set --sms-country)`;
  const blocks = estimates.map((e) =>
    formatEstimate(
      e,
      `Cunjing monthly cost, county ${countyId} (${county.code}): ${e.casesPerMonth === 0 ? 'idle, no cases' : `${e.casesPerMonth.toLocaleString('en-US')} cases per month`}; ${smsNote}`,
      book,
    ),
  );
  console.log(blocks.join('\n\n'));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
