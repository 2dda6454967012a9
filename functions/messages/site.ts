/**
 * The public pages' strings (site/zh-CN.ts, site/en.ts), loaded with `loadMessages()` before the
 * first page is rendered (the site's middleware, the API's page routes): in the api function they
 * are chunks of their own, so a cold start that serves the JSON API never loads them. `messages()`
 * then reads them synchronously.
 */
import type { Locale } from '../domain/county.ts';
import type { Messages } from './index.ts';

const LOADERS: Record<Locale, () => Promise<{ default: Messages }>> = { 'zh-CN': () => import('./site/zh-CN.ts'), en: () => import('./site/en.ts') };

export const SITE_LOCALES = Object.keys(LOADERS) as Locale[];

const loaded = new Map<Locale, Messages>();
let loading: Promise<void> | undefined;

/** Loads every language's page strings once (later calls wait for the first or return at once). */
export function loadMessages(): Promise<void> {
  loading ??= Promise.all(SITE_LOCALES.map(async (locale) => loaded.set(locale, (await LOADERS[locale]()).default))).then(() => undefined);
  return loading;
}

/** The public pages' strings of a language (after `loadMessages()`). */
export function messages(locale: Locale): Messages {
  const m = loaded.get(locale);
  if (!m) throw new Error(`the ${locale} page strings are not loaded: await loadMessages() before rendering a page`);
  return m;
}
