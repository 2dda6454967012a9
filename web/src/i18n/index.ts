/**
 * Locale strings shared by the static site (Astro, at build time) and the pages the API server
 * renders (hono/html, per request). One file per language; `zh-CN.ts` is the reference and the
 * type of the others.
 *
 * The files are loaded with `loadMessages()` before the first page is rendered (the site's
 * middleware, the API's page routes): in the api function they are chunks of their own, so a cold
 * start that serves the JSON API never loads them. `messages()` then reads them synchronously.
 */
import type { Locale } from '../../../functions/domain/county.ts';

type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? readonly Widen<U>[] : { readonly [K in keyof T]: Widen<T[K]> };

/** The shape of every locale file: zh-CN's keys, any words. */
export type Messages = Widen<(typeof import('./zh-CN.ts'))['default']>;

const LOADERS: Record<Locale, () => Promise<{ default: Messages }>> = { 'zh-CN': () => import('./zh-CN.ts'), en: () => import('./en.ts') };

export const SITE_LOCALES = Object.keys(LOADERS) as Locale[];

const loaded = new Map<Locale, Messages>();
let loading: Promise<void> | undefined;

/** Loads every language's strings once (later calls wait for the first or return at once). */
export function loadMessages(): Promise<void> {
  loading ??= Promise.all(SITE_LOCALES.map(async (locale) => loaded.set(locale, (await LOADERS[locale]()).default))).then(() => undefined);
  return loading;
}

export function messages(locale: Locale): Messages {
  const m = loaded.get(locale);
  if (!m) throw new Error(`the ${locale} page strings are not loaded: await loadMessages() before rendering a page`);
  return m;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(LOADERS, value);
}

/** The other language (the site has two). */
export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh-CN' : 'en';
}

/** `fmt('最多 {max} 字', { max: 500 })` → `最多 500 字`. Unknown placeholders stay as they are. */
export function fmt(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(params, key) ? String(params[key]) : whole));
}
