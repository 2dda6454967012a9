/**
 * Bad fields, in the resident's language. The domain's zod schemas speak English to API clients;
 * a resident on a form gets a message from the locale files instead, chosen by the field and the
 * kind of issue (missing, too short, too long, wrong format), never by the English wording.
 */
import { LIMITS } from '../domain/case.ts';
import type { Locale } from '../domain/county.ts';
import { fmt } from '../messages/index.ts';
import { messages } from '../messages/site.ts';
import { DESCRIPTION_MIN } from '../../web/src/shared/report-form.ts';

/** What we read of a zod issue (v4 shapes: `too_small` has `minimum`, `too_big` has `maximum`). */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly code?: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
}

const MAX: Record<string, number> = { description: LIMITS.description, name: LIMITS.name, location: LIMITS.location, category: LIMITS.category, comment: LIMITS.comment };

/** One message per field (its first issue), keyed by the field's form name. */
export function localizeIssues(locale: Locale, issues: readonly Issue[], values: Readonly<Record<string, string>> = {}, caseExample = 'DEMO-2026-000001'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (field === '' || field in out) continue;
    out[field] = fieldMessage(locale, field, issue, values[field], caseExample);
  }
  return out;
}

function fieldMessage(locale: Locale, field: string, issue: Issue, value: string | undefined, caseExample = 'DEMO-2026-000001'): string {
  const e = messages(locale).errors;
  const max = typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint' ? Number(issue.maximum) : MAX[field];
  if (issue.code === 'too_big' && max !== undefined) return fmt(e.tooLong, { max });
  switch (field) {
    case 'kind':
      return e.kind;
    case 'villageId':
      return e.villageId;
    case 'description':
      return (value ?? '').trim() === '' ? e.descriptionRequired : fmt(e.descriptionShort, { min: Number(issue.minimum ?? DESCRIPTION_MIN) });
    case 'photo':
      return e.photo;
    case 'phone':
      return e.phone;
    case 'trackingCode':
      return e.trackingCode;
    case 'score':
      return e.score;
    case 'caseNumber':
      return fmt(e.caseNumber, { example: caseExample });
    default:
      return issue.code === 'invalid_type' && (value ?? '') === '' ? e.required : e.invalid;
  }
}

/**
 * A `{field, message}` the API made (English) as the resident should read it: for the generic error
 * page, where only these pairs are known.
 */
export function localizeProblem(locale: Locale, problem: { field: string; message: string }): string {
  if (locale === 'en') return problem.message;
  const at = (re: RegExp) => Number(re.exec(problem.message)?.[1]);
  const code = /at least \d+/.test(problem.message) ? 'too_small' : /at most \d+/.test(problem.message) ? 'too_big' : 'invalid_format';
  return fieldMessage(locale, problem.field, { path: [problem.field], code, minimum: at(/at least (\d+)/), maximum: code === 'too_big' ? at(/at most (\d+)/) : undefined }, code === 'too_small' ? 'x' : undefined);
}
