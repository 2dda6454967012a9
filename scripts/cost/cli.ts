/**
 * `npm run cost -- <county> [--cases-per-month N] [--sms-country CN] [--sms-provider sns|aliyun|tencent] [--dir counties] [--json]`
 *
 * Synthesizes the county's stack (offline, without bundling the functions), reads what it runs from
 * the template, and prints the monthly cost per service: idle (no cases) and, with
 * `--cases-per-month`, at that volume. Prices and per-case assumptions: scripts/cost/prices.json.
 * The SMS price is the country most officer phone numbers dial into (override: --sms-country), sent
 * by the county's provider (county file `sms.provider`; a county in the China regions without one is
 * priced with `aliyun`; override: --sms-provider). Every provider's SMS cost at the volume follows,
 * so a county can compare them.
 */
import * as path from 'node:path';
import { parseCommand } from '../cli.ts';
import { isChinaRegion, type County } from '../../functions/domain/county.ts';
import { COUNTIES_DIR, loadCountyFile } from '../../infra/county-file.ts';
import { loadPriceBook, synthesizeTemplate } from './inputs.ts';
import { estimate, factsFromTemplate, formatEstimate, providerSmsPrice, smsCountryOf, smsProviderName, SMS_PROVIDERS, type SmsCountry, type SmsProvider, type StackFacts, type PriceBook } from './model.ts';

function main(argv: string[]): number {
  const parsed = parseCommand(
    argv,
    {
      'cases-per-month': { type: 'string' },
      'sms-country': { type: 'string' },
      'sms-provider': { type: 'string' },
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    'npm run cost -- <county> [--cases-per-month N] [--sms-country CN] [--sms-provider sns|aliyun|tencent] [--dir counties] [--json]',
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
  // `sms.provider` comes with the SMS providers (issue 10); until a county file has it, China means aliyun.
  const fileProvider = (county.sms as { provider?: string }).provider;
  const provider = (values['sms-provider'] ?? fileProvider ?? (isChinaRegion(county.deployment?.region) ? 'aliyun' : 'sns')) as SmsProvider;
  if (!SMS_PROVIDERS.includes(provider)) {
    console.error(`--sms-provider must be one of ${SMS_PROVIDERS.join(', ')}, not "${provider}"`);
    return 2;
  }
  const phones = county.officers.map((o) => o.phone);
  let sms: SmsCountry & { derived: boolean };
  try {
    const country = values['sms-country']?.toUpperCase() ?? smsCountryOf(book, phones).country;
    sms = { ...providerSmsPrice(book, provider, country), derived: values['sms-country'] === undefined && smsCountryOf(book, phones).derived };
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const facts = factsFromTemplate(synthesizeTemplate(countyId, county), book.assumptions.daysPerMonth);

  const volumes = cases > 0 ? [0, cases] : [0];
  const estimates = volumes.map((n) => estimate(facts, book, n, sms));
  const byProvider = smsByProvider(facts, book, cases, sms.country);
  if (values.json) {
    console.log(JSON.stringify({ county: countyId, region: book.region, asOf: book.asOf, smsProvider: provider, estimates, smsByProvider: byProvider }, null, 2));
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
  if (cases > 0) {
    const rows = byProvider.map((p) => `  ${p.name.padEnd(20)} $${p.perMessagePart.toFixed(4)}/part  $${p.monthly.toFixed(2)} a month${p.source ? `  (${p.asOf}, ${p.source})` : ''}`);
    console.log(`\nSMS per provider at ${cases.toLocaleString('en-US')} cases per month (${sms.country}):\n${rows.join('\n')}`);
  }
  if (isChinaRegion(county.deployment?.region)) {
    console.log(`\nNote: ${county.deployment!.region} is an AWS China region, billed in CNY at its own prices; the AWS lines above use ${book.region} prices in USD.`);
  }
  return 0;
}

/** The SMS line at this volume for every provider that sends to the country. */
function smsByProvider(facts: StackFacts, book: PriceBook, cases: number, country: string) {
  return SMS_PROVIDERS.filter((p) => p === 'sns' || country === 'CN').map((p) => {
    const price = providerSmsPrice(book, p, country);
    const line = estimate(facts, book, cases, price).lines.find((l) => l.service.startsWith(smsProviderName(book, p)))!;
    const domestic = p === 'sns' ? undefined : book.prices.smsDomestic[p];
    return { provider: p, name: smsProviderName(book, p), perMessagePart: price.perMessagePart, monthly: line.list, asOf: domestic?.asOf, source: domestic?.source };
  });
}

process.exitCode = main(process.argv.slice(2));
