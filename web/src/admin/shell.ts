/**
 * What every signed-in admin page does first: the language, the sign-out button, GET /me (a 401
 * goes to sign-in), the navigation entries for the person's role, and a plain "not for your role"
 * when the page is not theirs.
 */
import { api, setCsrf } from './api.ts';
import { byId } from './dom.ts';
import type { ConsoleKey as Key } from '../../../functions/messages/index.ts';
import { initLang, onLang, setT, t } from './lang.ts';
import type { Me, VillageListing } from '../../../functions/api/admin/views.ts';
import { can, type Action } from '../../../functions/domain/permissions.ts';

export type { Me, Role } from '../../../functions/api/admin/views.ts';
/** A village of the public list, as the console reads it. */
export type Village = VillageListing;

let villagesCache: Promise<Village[]> | undefined;
/** The public list of villages (GET /api/v1/villages), fetched once per page. */
export function villages(): Promise<Village[]> {
  villagesCache ??= api<Village[]>('/villages');
  return villagesCache;
}

export const roleLabel = (role: string): string => t(`role_${role}` as Key);

/** Shows a sentence in the page's status line (`#status`, role="status"); no key clears it. */
export function status(key?: Key, params?: Record<string, string | number>, isError = false): void {
  const el = document.getElementById('status');
  if (!el) return;
  el.classList.toggle('error', isError);
  if (key) setT(el, key, params);
  else {
    delete el.dataset.t;
    el.textContent = '';
  }
}

/** Shows text that is not in the dictionary (an error from the server) in the status line. */
export function statusText(text: string, isError = true): void {
  const el = document.getElementById('status');
  if (!el) return;
  el.classList.toggle('error', isError);
  delete el.dataset.t;
  el.textContent = text;
}

export async function signOut(): Promise<void> {
  try {
    await api('/admin/logout', { method: 'POST' });
  } finally {
    location.assign('/admin/');
  }
}

/**
 * Sets up the page; resolves with who is signed in, or undefined when the page is for something their
 * role may not do (`may`, as functions/domain/permissions.ts decides it; the server checks again).
 */
export async function boot(may?: Action): Promise<Me | undefined> {
  initLang();
  document.getElementById('sign-out')?.addEventListener('click', () => void signOut());
  const me = await api<Me>('/admin/me');
  setCsrf(me.csrfToken);
  // Each navigation entry names what its page is for (`data-may`); an entry without one is for everyone.
  for (const li of document.querySelectorAll<HTMLElement>('[data-may]')) li.hidden = li.dataset.may !== '' && !can(me, li.dataset.may as Action);
  const who = byId('who');
  const showWho = () => (who.textContent = t('paren', { a: me.name, b: roleLabel(me.role) }));
  showWho();
  onLang(showWho);
  if (may && !can(me, may)) {
    const content = document.getElementById('content');
    if (content) content.hidden = true;
    status('forbidden', undefined, true);
    return undefined;
  }
  return me;
}
