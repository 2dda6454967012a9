/**
 * The one message catalogue (zh-CN, en): every word a person reads, by section, each section a
 * Chinese file (the reference: its keys are the type) and an English file typed by it, so a key
 * missing in either language does not compile (tests/unit/messages.test.ts also checks keys and
 * placeholders):
 *
 *   words/     the kinds, statuses, levels and roles: one word each, used by every section below
 *   site/      the public pages (static Astro build and the pages the API server renders)
 *   console/   the admin console (/admin; the browser loads English only when someone reads it)
 *   officer/   the officer's case page (/o/…) and the officer inbox (/o/inbox)
 *   timeline/  timeline entries, for the resident and for the staff
 *   sms/       every SMS: the templates counties register and the text SNS sends (domain/sms-templates.ts)
 *   fields/    what is wrong with a field, written by the zod error map (functions/domain/field-errors.ts)
 *   fields/    what is wrong with a field (the zod error map, functions/messages/validation.ts)
 *
 * Import a section's files where they are used (a page ships only its sections); this module holds
 * the types, `fmt` and the shared words; site.ts loads the public pages' strings. The back end
 * imports it here, the static site and the console import it from web/: the
 * dependency runs from web/ to functions/, never back. Placeholders are `{name}`, filled by `fmt()`.
 * */
import type { Locale } from '../domain/county.ts';
import wordsZh from './words/zh-CN.ts';
import wordsEn from './words/en.ts';

/** A section's shape: the Chinese file's keys, any words (arrays and nesting kept). */
export type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? readonly Widen<U>[] : { readonly [K in keyof T]: Widen<T[K]> };

export type Words = Widen<typeof wordsZh>;
export type TimelineMessages = Widen<(typeof import('./timeline/zh-CN.ts'))['default']>;
export type FieldMessages = Widen<(typeof import('./fields/zh-CN.ts'))['default']>;
export type OfficerMessages = Widen<(typeof import('./officer/zh-CN.ts'))['default']>;
export type SmsMessages = Widen<(typeof import('./sms/zh-CN.ts'))['default']>;
/** The public pages' strings (loaded by site.ts). */
export type Messages = Widen<(typeof import('./site/zh-CN.ts'))['default']>;
/** The console's strings: one flat key per label, so a static label can name its key (`data-t`). */
export type ConsoleKey = keyof (typeof import('./console/zh-CN.ts'))['default'];
export type ConsoleMessages = { readonly [K in ConsoleKey]: string };

const WORDS: Record<Locale, Words> = { 'zh-CN': wordsZh, en: wordsEn };

export const words = (locale: Locale): Words => WORDS[locale];

/**
 * The shared words under the console's flat keys (`status_received`, `kind_tip`, `level_2`,
 * `notif_escalation`…), so a console label can name one in `data-t` and still say the one word.
 */
export function consoleWords(w: Words) {
  return {
    role_officer: w.role.officer,
    role_assistant: w.role.assistant,
    role_office: w.role.office,
    role_station: w.role.station,
    role_informant: w.role.informant,
    role_bureau: w.role.bureau,
    role_system: w.role.system,
    role_resident: w.role.resident,
    notif_officer: w.role.officer,
    notif_assistant: w.role.assistant,
    notif_defence: w.role.defence,
    notif_escalation: w.role.escalation,
    notif_resident: w.role.resident,
    kind_tip: w.kind.tip,
    kind_dispute: w.kind.dispute,
    kind_hazard: w.kind.hazard,
    kind_service: w.kind.service,
    kind_help: w.kind.help,
    status_received: w.status.received,
    status_acknowledged: w.status.acknowledged,
    status_in_progress: w.status.in_progress,
    status_resolved: w.status.resolved,
    level_1: w.level[1],
    level_2: w.level[2],
    level_3: w.level[3],
    level_4: w.level[4],
    urgent: w.urgent,
    overdue: w.overdue,
  };
}

/** Each language's own name, for the switch that leads to it. */
export const LANG_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(LANG_NAMES, value);
}

/** The other language (the site has two). */
export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh-CN' : 'en';
}

/** `fmt('最多 {max} 字', { max: 500 })` → `最多 500 字`. Unknown placeholders stay as they are. */
export function fmt(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(params, key) ? String(params[key]) : whole));
}
