/** @jsxImportSource hono/jsx */
/**
 * The shell of every console page (/admin/…): language, viewport, /site.css plus /admin.css, a header
 * with the site name, the language switch and — once GET /api/v1/admin/me has answered — the pages
 * the person's role may open, who is signed in, and the sign-out button. The page's own script does
 * the rest (web/src/admin/pages/*.ts).
 *
 * Every static label carries `data-t="key"` (functions/messages/console/zh-CN.ts) so the script can
 * show the other language without another page. No inline styles or scripts: the site's
 * Content-Security-Policy allows neither.
 */
import type { Child } from 'hono/jsx';
import type { County } from '../../../../functions/domain/county.ts';
import type { Action } from '../../../../functions/domain/permissions.ts';
import { LANG_NAMES } from '../../../../functions/messages/index.ts';
import { said, t, type Key } from '../words.ts';

/** Which navigation entry a page is; `signin` has no navigation. */
export type PageName = 'signin' | 'cases' | 'case' | 'file' | 'roster' | 'alerts' | 'assessment' | 'audit' | 'devices';

/** What the shell takes from the county file (nothing else of it reaches the browser). */
export type ShellCounty = Pick<County, 'locale' | 'timezone' | 'shortName'>;

/** Each page's entry, shown to whoever may do what it is for (functions/domain/permissions.ts; '' for everyone). */
const NAV: readonly { readonly page: PageName; readonly href: string; readonly key: Key; readonly may: Action | '' }[] = [
  { page: 'cases', href: '/admin/cases/', key: 'navCases', may: 'view' },
  { page: 'file', href: '/admin/file/', key: 'navFile', may: 'file' },
  { page: 'roster', href: '/admin/roster/', key: 'navRoster', may: 'roster.view' },
  { page: 'alerts', href: '/admin/alerts/', key: 'navAlerts', may: '' },
  { page: 'assessment', href: '/admin/assessment/', key: 'navAssessment', may: 'assessment.view' },
  { page: 'audit', href: '/admin/audit/', key: 'navAudit', may: 'audit.view' },
  { page: 'devices', href: '/admin/devices/', key: 'navDevices', may: 'devices.manage' },
];

interface Props {
  /** The page title's dictionary key. */
  readonly title: Key;
  /** Which navigation entry is this page. */
  readonly page: PageName;
  readonly county: ShellCounty;
  readonly children?: Child;
}

export function ConsoleDocument({ title, page, county, children }: Props) {
  const other = county.locale === 'en' ? 'zh-CN' : 'en';
  const brand = { short: county.shortName };
  return (
    <html lang={county.locale} data-tz={county.timezone} data-short={county.shortName} data-title={title}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${t(title)} - ${t('brand', brand)}`}</title>
        <link rel="stylesheet" href="/site.css" />
        <link rel="stylesheet" href="/admin.css" />
        <link rel="icon" href="data:," />
      </head>
      <body class="admin">
        <a class="skip" href="#main" {...said('skip')} />
        <header class="top">
          <div class="bar">
            <a class="brand" href={page === 'signin' ? '/admin/' : '/admin/cases/'} {...said('brand', brand)} />
            <button type="button" class="lang-switch" id="lang-switch" lang={other}>{LANG_NAMES[other]}</button>
          </div>
          {page !== 'signin' && (
            <div class="admin-bar">
              <nav aria-label={t('navLabel')} data-ta="aria-label:navLabel">
                <ul class="admin-nav">
                  {NAV.map((n) => (
                    <li data-may={n.may} hidden>
                      <a href={n.href} aria-current={n.page === page || (page === 'case' && n.page === 'cases') ? 'page' : undefined} {...said(n.key)} />
                    </li>
                  ))}
                </ul>
              </nav>
              <p class="who">
                <span id="who"></span>
                <button type="button" class="sign-out" id="sign-out" {...said('signOut')} />
              </p>
            </div>
          )}
        </header>
        <main class="page" id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

interface PageProps {
  /** The page title's dictionary key, also its heading. */
  readonly title: Key;
  /** Which navigation entry is this page. */
  readonly page: Exclude<PageName, 'signin'>;
  readonly county: ShellCounty;
  /** Whether the content stays hidden until the script shows it. @default true */
  readonly hidden?: boolean;
  /** The heading's id, where the script rewrites it. */
  readonly headingId?: string;
  /** Data for the script on the content element (`data-…` attributes). */
  readonly data?: Readonly<Record<`data-${string}`, string>>;
  /** What stands above the heading (a link back). */
  readonly before?: Child;
  /** What lives outside the content (a dialog). */
  readonly outside?: Child;
  readonly children?: Child;
}

/**
 * A signed-in console page: the shell, its heading, the status line the page's script replaces once
 * the admin API has answered, and the content the script fills (hidden until then).
 */
export function ConsolePage({ title, page, county, hidden = true, headingId, data = {}, before, outside, children }: PageProps) {
  return (
    <ConsoleDocument title={title} page={page} county={county}>
      {before}
      <h1 id={headingId} {...said(title)} />
      <p id="status" class="status" role="status" {...said('loading')} />
      <div id="content" hidden={hidden} {...data}>
        {children}
      </div>
      {outside}
    </ConsoleDocument>
  );
}

interface CardProps {
  /** The heading's id, which names the card. */
  readonly titleId: string;
  /** The heading's dictionary key. */
  readonly title: Key;
  /** The card's id. */
  readonly id?: string;
  /** Hidden until the page's script shows it. @default false */
  readonly hidden?: boolean;
  readonly children?: Child;
}

/** A card of a page: a section named by its heading. */
export function Card({ titleId, title, id, hidden = false, children }: CardProps) {
  return (
    <section class="card" id={id} aria-labelledby={titleId} hidden={hidden}>
      <h2 id={titleId} {...said(title)} />
      {children}
    </section>
  );
}
