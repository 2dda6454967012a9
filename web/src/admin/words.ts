/**
 * The console's words in the language being shown: one `t` for the components (web/src/admin/ui),
 * whether Astro renders them at build time (the county's language, web/src/admin/county.ts) or the
 * browser does (the reader's language, web/src/admin/lang.ts). No DOM here, so both can import it.
 */
import { fmt, type ConsoleKey as Key, type ConsoleMessages as Dict } from '../../../functions/messages/index.ts';
import zh from '../../../functions/messages/console/zh-CN.ts';

export type { Key, Dict };
export type Params = Readonly<Record<string, string | number>>;

let dict: Dict = zh;

/** Speaks from now on with `next` (a language switch; the build's county language). */
export function useDict(next: Dict): void {
  dict = next;
}

export function t(key: Key, params?: Params): string {
  return fmt(dict[key] ?? key, params);
}

/**
 * A static label's attributes: its text and its key (`data-t`, parameters in `data-tp`), so a language
 * switch rewrites it in place (lang.ts): `<h1 {...said('casesTitle')} />`.
 */
export function said(key: Key, params?: Params): { 'data-t': Key; 'data-tp'?: string; children: string } {
  return { 'data-t': key, ...(params && { 'data-tp': JSON.stringify(params) }), children: t(key, params) };
}
