/**
 * County files from the command line: `county:new` scaffolds one from counties/template.jsonc,
 * `county:check` validates it (and its roster CSV) with errors that name the field, or the CSV line
 * and column. The CLIs (new.ts, check.ts) only parse arguments and print.
 *
 * The roster CSV is the project's one roster format, the one bureau staff also import and export in
 * the admin console (functions/domain/roster-import.ts): one row per village with its township,
 * officer and assistant. It assigns people to the villages of the county file; stations, offices
 * and villages themselves are added in the county file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CountyFileError, parseCounty, type County } from '../../functions/domain/county.ts';
import { COUNTY_ID, PROJECT_ROOT } from '../../infra/project.ts';
import { exportRosterCsv, importRosterCsv } from '../../functions/domain/roster-import.ts';
import { INBOX_PATH } from '../../functions/domain/links.ts';
import { registrationSheet, SMS_TEMPLATES, SMS_TYPES, templateMode } from '../../functions/domain/sms-templates.ts';

export const TEMPLATE_FILE = path.join(PROJECT_ROOT, 'counties', 'template.jsonc');
export const DEFAULT_DIR = path.join(PROJECT_ROOT, 'counties');

/** Phone numbers in the template: +999 is no country's calling code, so nothing is ever sent to them. */
export const PLACEHOLDER_PHONE = /^\+999/;
/** Example domains (RFC 2606) stand for "fill me in". */
export const PLACEHOLDER_EMAIL = /@example\.(org|com|net)$/i;

export const countyFile = (dir: string, id: string) => path.join(dir, `${id}.json`);
export const rosterFile = (dir: string, id: string) => path.join(dir, `${id}.roster.csv`);

const shown = (file: string) => path.relative(process.cwd(), file) || file;

// ---------------------------------------------------------------------------------------------
// county:new

export interface ScaffoldOptions {
  readonly dir?: string;
  /** Case-number prefix; default: the id's letters in capitals (at most 8). */
  readonly code?: string;
  /** The county's name; default `<id>县`. */
  readonly name?: string;
  /** Also write `<id>.roster.csv` (default true). */
  readonly csv?: boolean;
  /** Overwrite existing files. */
  readonly force?: boolean;
  readonly templateFile?: string;
}

export interface ScaffoldResult {
  readonly files: readonly string[];
  readonly county: County;
}

/** Drops the template's whole-line `//` comments (values never start a line with //). */
export function stripLineComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
}

export function scaffoldCounty(id: string, options: ScaffoldOptions = {}): ScaffoldResult {
  if (!COUNTY_ID.test(id)) throw new Error(`"${id}" cannot be a county id: use lowercase letters, digits and dashes (at most 30), e.g. qingshan`);
  const dir = options.dir ?? DEFAULT_DIR;
  const code = options.code ?? id.replace(/[^a-z]/g, '').toUpperCase().slice(0, 8);
  if (!/^[A-Z]{2,8}$/.test(code)) throw new Error(`The case-number code "${code}" must be 2 to 8 capital letters: pass --code, e.g. --code QS`);
  const name = options.name ?? `${id}县`;
  const shortName = name.replace(/(县|市|区|旗|自治县)$/, '').slice(0, 8) || name.slice(0, 8);

  const data = JSON.parse(stripLineComments(readFileSync(options.templateFile ?? TEMPLATE_FILE, 'utf8'))) as Record<string, unknown>;
  Object.assign(data, { code, name, shortName });
  const county = parseCounty(data, `the county made from ${shown(options.templateFile ?? TEMPLATE_FILE)}`);

  const targets = [countyFile(dir, id), ...(options.csv === false ? [] : [rosterFile(dir, id)])];
  const existing = targets.filter((f) => existsSync(f));
  if (existing.length > 0 && !options.force) {
    throw new Error(`${existing.map(shown).join(' and ')} already exist${existing.length === 1 ? 's' : ''}: pick another id, or pass --force to overwrite`);
  }
  writeFileSync(targets[0]!, `${JSON.stringify(data, null, 2)}\n`);
  if (targets[1]) writeFileSync(targets[1], exportRosterCsv(county));
  return { files: targets, county };
}

// ---------------------------------------------------------------------------------------------
// county:check

export interface CheckOptions {
  readonly dir?: string;
  /** Copy the roster CSV's roster into the county file (when everything else checks out). */
  readonly write?: boolean;
}

export interface CheckResult {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** One line: what the county holds, when it is valid. */
  readonly summary?: string;
  /** The county file, when `write` rewrote it. */
  readonly wrote?: string;
  /** Template mode: the templates the county must register with its SMS provider (those it lacks a code for), ready to paste. */
  readonly register?: string;
}

export function checkCounty(id: string, options: CheckOptions = {}): CheckResult {
  const dir = options.dir ?? DEFAULT_DIR;
  if (!COUNTY_ID.test(id)) return { errors: [`"${id}" is not a county id: the county file is counties/<id>.json, e.g. demo`], warnings: [] };
  const jsonFile = countyFile(dir, id);
  const csvFile = rosterFile(dir, id);
  const json = shown(jsonFile);
  const csv = shown(csvFile);
  if (!existsSync(jsonFile)) return { errors: [`${json} not found: make it with npm run county:new -- ${id}`], warnings: [] };

  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return { errors: [`${json} is not valid JSON: ${(error as Error).message}`], warnings: [] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { errors: [`${json} must hold one JSON object`], warnings: [] };

  const errors: string[] = [];
  const warnings: string[] = [];

  let county: County;
  try {
    county = parseCounty(raw, json);
  } catch (error) {
    if (!(error instanceof CountyFileError)) throw error;
    return { errors: error.issues.map((issue) => `${json} ${issue.path || '(root)'}: ${issue.message}`), warnings: [] };
  }

  // The roster CSV, when there is one, assigns the villages' officers and assistants.
  let csvText: string | undefined;
  if (existsSync(csvFile)) {
    try {
      csvText = decodeUtf8(readFileSync(csvFile), csv);
    } catch (error) {
      return { errors: [(error as Error).message], warnings: [] };
    }
    const imported = importRosterCsv(county, csvText);
    if (!imported.ok) {
      return { errors: imported.errors.map((e) => `${csv} line ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.message}`), warnings: [] };
    }
    const villages = county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages.map((v) => v.name)));
    const listed = imported.rows;
    if (listed < villages.length) warnings.push(`${csv} lists ${listed} of the county's ${villages.length} villages; the others keep their officer and assistant`);
    if (imported.changes.length > 0 && !options.write) {
      const shownChanges = imported.changes
        .slice(0, 3)
        .map((c) => `${c.village}: ${[c.officer && `officer ${c.officer.from} → ${c.officer.to}`, c.assistant && `assistant ${c.assistant.from} → ${c.assistant.to}`].filter(Boolean).join(', ')}`);
      errors.push(
        `${json}'s roster differs from ${csv} (${imported.changes.length} village${imported.changes.length === 1 ? '' : 's'}: ${shownChanges.join('; ')}${imported.changes.length > 3 ? '; ...' : ''}): ` +
          `run npm run county:check -- ${id} --write to copy the CSV into the county file, or delete the CSV if you keep the roster in the JSON`,
      );
    }
    county = imported.county;
  }

  // Where a phone number is: the CSV line that holds it, else its county-file path.
  const where = (issuePath: string, phone: string) => {
    const line = csvText?.split(/\r?\n/).findIndex((l) => l.includes(phone));
    return line !== undefined && line >= 0 ? `${csv} line ${line + 1}` : `${json} ${issuePath}`;
  };

  // Officers no village names: harmless, but the roster CSV leaves them behind when it reassigns.
  const serving = new Set(county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages.map((v) => v.officerId))));
  const idle = county.officers.filter((o) => !serving.has(o.id));
  if (idle.length > 0) warnings.push(`${json} officers ${idle.map((o) => `${o.id} (${o.name})`).join(', ')} serve no village: remove them from the county file`);

  // Placeholders from the template: valid in form, never meant to be deployed.
  const idlePaths = new Set(county.officers.flatMap((o, i) => (serving.has(o.id) ? [] : [`officers[${i}].phone`])));
  for (const [issuePath, phone] of phones(county)) {
    if (idlePaths.has(issuePath)) continue;
    if (PLACEHOLDER_PHONE.test(phone)) errors.push(`${where(issuePath, phone)}: ${phone} is the template's placeholder: put the real phone number`);
  }
  if (county.ops?.alarmEmail && PLACEHOLDER_EMAIL.test(county.ops.alarmEmail)) {
    errors.push(`${json} ops.alarmEmail: ${county.ops.alarmEmail} is a placeholder: put the address that should receive alarms`);
  }

  if (!county.ops?.alarmEmail) warnings.push(`${json} ops.alarmEmail is not set: nobody will hear about alarms`);
  if (county.sms.monthlySpendLimitUsd === undefined) warnings.push(`${json} sms.monthlySpendLimitUsd is not set: no alarm on SMS spend`);
  if (county.sms.senderId && county.officers.some((o) => o.phone.startsWith('+86'))) {
    warnings.push(`${json} sms.senderId: mainland China (+86) does not support sender ids; SNS ignores it there`);
  }

  const register = checkSmsTemplates(county, json, errors, warnings);

  if (errors.length > 0) return { errors: sortByPlace(errors), warnings, ...(register && { register }) };

  let wrote: string | undefined;
  if (options.write && csvText !== undefined) {
    // Only the roster changes; every other part of the file stays as written.
    writeFileSync(jsonFile, `${JSON.stringify({ ...raw, officers: county.officers, stations: county.stations }, null, 2)}\n`);
    wrote = json;
  }
  const offices = county.stations.flatMap((s) => s.offices);
  const villages = offices.flatMap((o) => o.villages);
  const summary =
    `${json}: OK, ${county.code} (${county.name}): ${county.stations.length} stations, ${offices.length} central offices, ` +
    `${villages.length} villages, ${county.officers.length} officers${csvText !== undefined ? ` (officers and assistants from ${csv})` : ''}` +
    `${templateMode(county) ? `; SMS through ${county.sms.provider} with ${SMS_TYPES.length} registered templates` : ''}`;
  return { errors, warnings, summary, ...(wrote && { wrote }) };
}

/**
 * A county on a domestic provider sends only registered templates: every SMS type needs its template
 * code, and every roster name that becomes a template variable must fit the variable's limit.
 * Returns the templates still to register (with their variable attributes), ready to paste.
 */
function checkSmsTemplates(county: County, json: string, errors: string[], warnings: string[]): string | undefined {
  if (!templateMode(county)) return undefined;
  if (county.sms.provider === 'tencent') {
    warnings.push(`${json} sms.provider: Tencent Cloud SMS's FAQ allows 6 characters per variable in a notification, fewer than a case number (functions/domain/sms-templates.ts, PARAM_LIMIT): confirm each variable's limit with Tencent before registering the templates`);
  }
  if (county.sms.links === true) {
    warnings.push(`${json} sms.links: ${county.sms.provider} sends registered templates, which may carry no link: officers' SMS name the inbox (${INBOX_PATH}) and carry no one-tap link whatever sms.links says`);
  }
  const tooLong = (value: string, max: number) => [...value].length > max;
  const villageMax = SMS_TEMPLATES.assignment.params.village!.max;
  const nameMax = SMS_TEMPLATES.defence.params.officer!.max;
  county.stations.forEach((station, s) =>
    station.offices.forEach((office, o) =>
      office.villages.forEach((village, v) => {
        if (tooLong(village.name, villageMax)) {
          errors.push(`${json} stations[${s}].offices[${o}].villages[${v}].name: "${village.name}" is longer than ${villageMax} characters, the SMS template variable that carries it: shorten it`);
        }
      }),
    ),
  );
  county.officers.forEach((officer, i) => {
    if (tooLong(officer.name, nameMax)) errors.push(`${json} officers[${i}].name: "${officer.name}" is longer than ${nameMax} characters, the SMS template variable that carries it: shorten it`);
  });
  const missing = SMS_TYPES.filter((type) => !county.sms.templates?.[type]);
  if (missing.length === 0) return undefined;
  errors.push(
    `${json} sms.templates: no ${county.sms.provider} template code for ${missing.join(', ')}: register the template${missing.length === 1 ? '' : 's'} printed below ` +
      `under the signature ${county.sms.signName ?? '(sms.signName)'} and put each code in sms.templates`,
  );
  return registrationSheet(county, missing);
}

/** Every phone number of a county with its county-file path. */
function phones(county: County): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const next = at ? `${at}.${key}` : key;
        if (key === 'phone' && typeof v === 'string') out.push([next, v]);
        else walk(v, next);
      }
    }
  };
  walk(county, '');
  return out;
}

/** The county file's errors first, then the CSV's by line. */
function sortByPlace(errors: string[]): string[] {
  const key = (e: string) => {
    const line = /\.roster\.csv line (\d+)/.exec(e);
    return line ? Number(line[1]) : 0;
  };
  return [...errors].sort((a, b) => key(a) - key(b));
}

/**
 * Decodes a CSV file's bytes as UTF-8; a file saved in another encoding (Excel's plain "CSV" is GBK
 * on Chinese Windows) is refused with a hint instead of turning names into mojibake.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`${source} is not UTF-8 text: in Excel or WPS use "Save as" → "CSV UTF-8" (plain "CSV" saves GBK on Chinese Windows)`);
  }
}
