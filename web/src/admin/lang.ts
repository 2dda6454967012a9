/**
 * The reader's language: `?lang=en|zh-CN` (remembered), else the one chosen before (localStorage),
 * else the county's (the `lang` the page was built with). Static labels carry `data-t="key"` (and
 * `data-tp` JSON parameters, `data-ta="attr:key …"` for attributes) and are switched in place; the
 * scripts re-render what they drew through `onLang`. Chinese is always here; English is fetched
 * the first time someone reads it.
 */
import type { Locale as AdminLocale } from '../../../functions/domain/county.ts';
import { LANG_NAMES } from '../../../functions/messages/index.ts';
import zh from '../../../functions/messages/console/zh-CN.ts';
import { t, useDict, type Dict, type Key, type Params } from './words.ts';

export { t };

const STORE = 'cj-admin-lang';
const root = document.documentElement;
export const TZ = root.dataset.tz || 'Asia/Shanghai';
export const SHORT = root.dataset.short || '';

const isLocale = (v: unknown): v is AdminLocale => v === 'zh-CN' || v === 'en';
const built: AdminLocale = isLocale(root.lang) ? root.lang : 'zh-CN';

function remember(locale: AdminLocale): void {
  try {
    localStorage.setItem(STORE, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

function pick(): AdminLocale {
  const asked = new URLSearchParams(location.search).get('lang');
  if (isLocale(asked)) {
    remember(asked);
    return asked;
  }
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORE);
  } catch {
    // no storage
  }
  return isLocale(stored) ? stored : built;
}

const load = async (locale: AdminLocale): Promise<Dict> => (locale === 'en' ? (await import('../../../functions/messages/console/en.ts')).default : zh);

let current = pick();
useDict(await load(current).catch(() => ((current = 'zh-CN'), zh)));
const listeners: (() => void)[] = [];

export const lang = (): AdminLocale => current;

/** Sets an element's text from the dictionary and marks it so a language switch updates it. */
export function setT(el: HTMLElement, key: Key, params?: Params): void {
  el.dataset.t = key;
  if (params) el.dataset.tp = JSON.stringify(params);
  else delete el.dataset.tp;
  el.textContent = t(key, params);
}

function applyStatic(): void {
  root.lang = current;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t as Key, el.dataset.tp ? JSON.parse(el.dataset.tp) : undefined);
  for (const el of document.querySelectorAll<HTMLElement>('[data-ta]')) {
    for (const pair of el.dataset.ta!.split(' ')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, t(key as Key));
    }
  }
  document.title = `${t((root.dataset.title || 'brand') as Key)} - ${t('brand', { short: SHORT })}`;
  const other: AdminLocale = current === 'en' ? 'zh-CN' : 'en';
  const button = document.getElementById('lang-switch');
  if (button) {
    button.textContent = LANG_NAMES[other];
    button.lang = other;
  }
}

export function onLang(render: () => void): void {
  listeners.push(render);
}

/** Wires the switch and shows the chosen language if the page was built in the other one. */
export function initLang(): void {
  if (current !== built) applyStatic();
  document.getElementById('lang-switch')?.addEventListener('click', async () => {
    const next: AdminLocale = current === 'en' ? 'zh-CN' : 'en';
    try {
      useDict(await load(next));
    } catch {
      return;
    }
    current = next;
    remember(current);
    applyStatic();
    for (const render of listeners) render();
  });
}
