/**
 * The bare page shell of the server-rendered pages outside the resident site's layout (the
 * officer's case page and inbox, the plain errors page): the shared stylesheet and nothing else, so
 * the staff function does not carry the public site's strings.
 */
import type { Child } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../domain/county.ts';
import { render } from './render.ts';

interface Props {
  readonly locale: Locale;
  readonly title: string;
  /** Part of the installable officer app (the inbox and its case pages): manifest, theme and icon. @default false */
  readonly app?: boolean;
  readonly children?: Child;
}

export function BarePage({ locale, title, app = false, children }: Props) {
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/site.css" />
        <link rel="stylesheet" href="/case.css" />
        {app ? (
          <>
            <link rel="manifest" href="/officer.webmanifest" />
            <meta name="theme-color" content="#0b4f8a" />
            <link rel="apple-touch-icon" href="/icons/officer-192.png" />
          </>
        ) : (
          <link rel="icon" href="data:," />
        )}
      </head>
      <body>
        <main class="page">{children}</main>
      </body>
    </html>
  );
}

interface NoticeProps {
  readonly locale: Locale;
  /** The one sentence the page says, as its title and heading. */
  readonly text: string;
  /** A way on (back to the inbox). @default - none */
  readonly back?: { readonly href: string; readonly label: string } | undefined;
  /** @default false */
  readonly app?: boolean;
}

/** A page that says one thing and perhaps leads on: a dead link, a case not in one's area, an expired form. */
export function NoticePage({ locale, text, back, app = false }: NoticeProps) {
  return (
    <BarePage locale={locale} title={text} app={app}>
      <h1>{text}</h1>
      {back && (
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
      )}
    </BarePage>
  );
}

/** A whole page as the server sends it: the doctype, then the rendered component. */
export async function documentString(page: HtmlEscapedString | Promise<HtmlEscapedString>): Promise<string> {
  return `<!doctype html>\n${await render(page)}`;
}
