/**
 * Validation messages localized at the source: a zod error map that words each issue of a
 * resident's field from the message catalogue (functions/messages/fields), in the reader's
 * language, chosen by the field and the kind of issue (missing, too short, too long, wrong format).
 * Schemas that residents fill in carry no message of their own (a schema's message would outrank
 * this map); parse them with `{ error: fieldErrors(locale) }`, and the API's problem+json and the
 * page next to the field say the same words.
 */
import type * as z from 'zod/mini';
import type { Locale } from './county.ts';
import { fmt, type FieldMessages } from '../messages/index.ts';
import zh from '../messages/fields/zh-CN.ts';
import en from '../messages/fields/en.ts';

const FIELDS: Readonly<Record<Locale, FieldMessages>> = { 'zh-CN': zh, en };

/** A field's messages in a language (for checks made outside a schema: photos, a wish for SMS without a phone). */
export const fieldMessages = (locale: Locale): FieldMessages => FIELDS[locale];

const blank = (input: unknown) => input === undefined || (typeof input === 'string' && input.trim() === '');

/** The fields whose wrong value has one message whatever the issue. */
const ONE_MESSAGE: Readonly<Record<string, keyof FieldMessages>> = {
  kind: 'kind',
  villageId: 'villageId',
  phone: 'phone',
  latitude: 'position',
  longitude: 'position',
  urgent: 'yesNo',
  anonymous: 'yesNo',
  updates: 'yesNo',
  trackingCode: 'trackingCode',
  score: 'score',
  'Idempotency-Key': 'idempotencyKey',
  idempotencyKey: 'idempotencyKey',
};

/** The fields residents fill in with a message of their own kind (free text, a number, a code). */
const TEXT_FIELDS = new Set(['description', 'category', 'name', 'location', 'comment', 'text', 'caseNumber']);

export interface FieldErrorOptions {
  /** A case number of this county, shown as the example when one is mistyped. @default DEMO-2026-000001 */
  readonly caseExample?: string;
  /**
   * Word only the fields residents fill in, and leave the rest (`undefined`) to the next map: for
   * the global map (functions/domain/z.ts), which every schema meets. @default false
   */
  readonly residentFieldsOnly?: boolean;
}

/** The error map for `schema.safeParse(input, { error: fieldErrors(locale) })`. */
export function fieldErrors(locale: Locale, options: FieldErrorOptions = {}): z.core.$ZodErrorMap {
  const m = FIELDS[locale];
  return (issue) => {
    const field = String(issue.path?.[0] ?? '');
    if (options.residentFieldsOnly && !TEXT_FIELDS.has(field) && !ONE_MESSAGE[field]) return undefined;
    if (issue.code === 'too_big' && issue.origin === 'string') return fmt(m.tooLong, { max: Number(issue.maximum) });
    if (field === 'description') return blank(issue.input) ? m.descriptionRequired : fmt(m.descriptionShort, { min: Number(issue.code === 'too_small' ? issue.minimum : 5) });
    if (field === 'caseNumber') return fmt(m.caseNumber, { example: options.caseExample ?? 'DEMO-2026-000001' });
    const one = ONE_MESSAGE[field];
    if (one) return m[one];
    return blank(issue.input) ? m.required : m.invalid;
  };
}

/** One message per field (its first issue), keyed by the field's form name: for a form sent back. */
export function messagesByField(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (field !== '' && !(field in out)) out[field] = issue.message;
  }
  return out;
}
