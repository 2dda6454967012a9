/**
 * zod, the small build (`zod/mini`: functions instead of methods, so a bundle carries only the checks
 * it uses — about 60 KB less per Lambda than full zod), with English messages for the checks that
 * carry none of their own: the fields residents fill in from the catalogue (field-errors.ts, which a
 * parse in another language replaces with `{ error: fieldErrors(locale) }`), the rest zod's own. Schemas import `zod/mini` themselves (a re-exported namespace would
 * defeat tree shaking); county.ts, which every function loads, imports this module, so the messages
 * are always set.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { fieldErrors } from './field-errors.ts';

// A resident's fields carry no message of their own: parsed without a language they read English.
z.config({ ...en(), customError: fieldErrors('en', { residentFieldsOnly: true }) });

/** A trimmed string between `min` and `max` characters (messages optional). */
export const text = (min: number, max: number, messages: { min?: string; max?: string } = {}) =>
  z.string().check(z.trim(), z.minLength(min, messages.min), z.maxLength(max, messages.max));

/** Blank or missing form fields as `undefined`, before `schema` sees them. */
export const blankAsUndefined = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)),
    schema,
  );
