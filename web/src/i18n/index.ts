/**
 * Locale strings shared by the static site (Astro, at build time) and the pages the API server
 * renders (hono/html, per request). One file per language; `zh-CN.ts` is the reference and the
 * type of the others.
 */
import type { Locale } from '../../../functions/domain/county.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';

type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? readonly Widen<U>[] : { readonly [K in keyof T]: Widen<T[K]> };

/** The shape of every locale file: zh-CN's keys, any words. */
export type Messages = Widen<typeof zhCN>;

const ALL: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export const SITE_LOCALES = Object.keys(ALL) as Locale[];

export function messages(locale: Locale): Messages {
  return ALL[locale];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(ALL, value);
}

/** The other language (the site has two). */
export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh-CN' : 'en';
}

/** `fmt('最多 {max} 字', { max: 500 })` → `最多 500 字`. Unknown placeholders stay as they are. */
export function fmt(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(params, key) ? String(params[key]) : whole));
}
