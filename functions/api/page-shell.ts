/**
 * The bare page shell of the server-rendered pages outside the resident site's layout (the
 * officer's case page, plain error pages): the shared stylesheet and nothing else, so the staff
 * function does not carry the public site's strings.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../domain/county.ts';

/** The officer app's manifest and icon (web/public): the inbox and its case pages install to the home screen. */
const APP_HEAD = html`<link rel="manifest" href="/officer.webmanifest">
<meta name="theme-color" content="#0b4f8a">
<link rel="apple-touch-icon" href="/icons/officer-192.png">
`;

/** The bare page shell (same stylesheet as the public site), for pages without the public header. */
export function page(locale: Locale, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>, options: { readonly app?: boolean } = {}) {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/site.css">
<link rel="stylesheet" href="/case.css">
${options.app ? APP_HEAD : html`<link rel="icon" href="data:,">`}
</head>
<body><main class="page">${body}</main></body>
</html>`;
}

