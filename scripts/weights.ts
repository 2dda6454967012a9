/**
 * `npm run weights`: what each public page costs a resident on a slow mobile network — bytes
 * transferred gzipped (HTML + its stylesheets + its scripts), and the JavaScript part of it; and the
 * officer inbox (`/o/inbox`: sign-in, a full inbox of 50 open cases, a case page), which officers open
 * on the same networks.
 *
 *   npm run weights                    starts a throw-away local stack (own DynamoDB Local, temp data)
 *   npm run weights -- --url URL       measures a running portal (sends ONE case to it, for the
 *                                      receipt and track pages)
 *   add --json for JSON instead of the table.
 *
 * Budgets (shared/DESIGN.md, issues #3 and #14): the report page ≤ 30 KB gzipped with its CSS and JS;
 * every public page ≤ 14 KB (one round trip on 2G), photos aside; JavaScript on the public pages
 * ≤ 10 KB gzipped in total; issue #12: no public page heavier than 7.1 KB (7,270 B). The posters
 * show each village's QR code as an image file (`/qr/{village}.svg`), weighed in its own column and,
 * like photos, outside the budgets; the sheet of every village's poster grows by about 100 B per
 * village (5,112 B for the demo county's 15). A
 * stylesheet is counted on every page that links it (a first visit pays it once; this is the worst
 * case); the repeat-visit column is what the page costs once its stylesheets and scripts are in the
 * browser's cache (the HTML alone). Scripts a page loads only on demand (the proof-of-work solver
 * /pow.js, when the server asks for one) are weighed on their own line. The e2e test asserts the
 * budgets with the same measurement.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const REPORT_PAGE_BUDGET = 30 * 1024;
/** Every public page, photos aside (issue #14): the first round trip on a 2G link. */
export const PUBLIC_PAGE_BUDGET = 14 * 1024;
export const PUBLIC_JS_BUDGET = 10 * 1024;
/** Issue #12: the largest public page no heavier than when the issue was filed (7.1 KB). */
export const HEAVIEST_PAGE_BUDGET = 7270;
/** Scripts a public page loads only when it needs them, never on a first visit. */
export const ON_DEMAND_SCRIPTS = [{ name: 'proof-of-work solver (a 428 or a challenge on the form)', path: '/pow.js' }] as const;

export interface PageWeight {
  readonly name: string;
  readonly path: string;
  /** Gzipped bytes: the HTML (inline script included), the stylesheets, the external scripts. */
  readonly html: number;
  readonly css: number;
  readonly js: number;
  /** What the page transfers gzipped: html + css + external js. */
  readonly total: number;
  /**
   * The images it shows, gzipped (the posters' QR codes; outside `total`, as photos are outside the
   * budgets: each is a file of its own, fetched once and cached for every page that shows it).
   */
  readonly images: number;
  /** What a repeat visit transfers gzipped, stylesheets and external scripts cached: the HTML. */
  readonly repeat: number;
  /** Raw (uncompressed) HTML bytes. */
  readonly rawHtml: number;
  /**
   * Classes the page uses that one of the public stylesheets styles but none of those the page
   * links does: a page that lost a stylesheet it needs, to look light (should be none).
   */
  readonly unstyled: readonly string[];
}

/** The stylesheets of the public pages: the one every page links, and those some pages link beside it. */
export const PUBLIC_STYLESHEETS = ['/site.css', '/village.css', '/case.css', '/stats.css', '/poster.css'] as const;

/** The class names a stylesheet's selectors name. */
const styledClasses = (css: string) => new Set([...css.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]!));

export const gz = (text: string | Uint8Array) => gzipSync(typeof text === 'string' ? Buffer.from(text) : text).length;

/** Weighs one HTML document: its own gzipped size, plus each stylesheet and script it loads. */
export async function weigh(base: string, name: string, path: string, htmlText: string, fetched = new Map<string, string>()): Promise<PageWeight> {
  const get = async (href: string) => {
    const url = new URL(href, base + path).toString();
    if (!fetched.has(url)) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      fetched.set(url, await res.text());
    }
    return fetched.get(url)!;
  };
  const cssHrefs = [...htmlText.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const scriptSrcs = [...htmlText.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  const inline = [...htmlText.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
  const css = (await Promise.all(cssHrefs.map(async (h) => gz(await get(h))))).reduce((a, b) => a + b, 0);
  const external = (await Promise.all(scriptSrcs.map(async (h) => gz(await get(h))))).reduce((a, b) => a + b, 0);
  const imgSrcs = [...new Set([...htmlText.matchAll(/<img[^>]+src="(\/[^"]+)"/g)].map((m) => m[1]!))];
  const images = (await Promise.all(imgSrcs.map(async (h) => gz(await get(h))))).reduce((a, b) => a + b, 0);
  const html = gz(htmlText);
  const own = new Set((await Promise.all(cssHrefs.map(get))).flatMap((text) => [...styledClasses(text)]));
  const anywhere = new Set((await Promise.all(PUBLIC_STYLESHEETS.map(get))).flatMap((text) => [...styledClasses(text)]));
  const used = new Set([...htmlText.matchAll(/\sclass="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)));
  const unstyled = [...used].filter((c) => anywhere.has(c) && !own.has(c)).sort();
  return { name, path, html, css, js: external + (inline ? gz(inline) : 0), total: html + css + external, images, repeat: html, rawHtml: Buffer.byteLength(htmlText), unstyled };
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Every page type a resident meets, measured on the portal at `base` (sends one case). */
export async function measureWeights(base: string, options: { readonly inboxCases?: number } = {}): Promise<PageWeight[]> {
  const cache = new Map<string, string>();
  const page = async (name: string, path: string, init?: RequestInit, status = 200) => {
    const res = await fetch(base + path, { redirect: 'manual', ...init });
    if (res.status !== status) throw new Error(`${name} (${path}): ${res.status}, expected ${status}`);
    return weigh(base, name, path, await res.text(), cache);
  };
  const out: PageWeight[] = [];
  out.push(await page('home', '/'));
  out.push(await page('village (contact card)', '/v/dongshan/'));
  for (const kind of ['tip', 'dispute', 'hazard', 'service', 'help']) out.push(await page(`report form: ${kind}`, `/v/dongshan/${kind}/`));
  out.push(await page('report form, village to choose', '/report/tip/'));
  out.push(await page('report form, English', '/en/v/dongshan/tip/'));
  out.push(await page('report form with errors', '/api/v1/cases', { method: 'POST', headers: FORM, body: new URLSearchParams({ kind: 'tip', villageId: 'dongshan', description: '短', lang: 'zh-CN' }) }, 400));

  const sent = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    redirect: 'manual',
    headers: FORM,
    body: new URLSearchParams({ kind: 'tip', villageId: 'dongshan', description: '页面重量测量：后山有人夜里偷砍林木', lang: 'zh-CN' }),
  });
  const receiptPath = sent.headers.get('Location');
  if (sent.status !== 303 || !receiptPath) throw new Error(`form post answered ${sent.status}`);
  const cookie = (sent.headers.get('Set-Cookie') ?? '').split(';')[0]!;
  const [caseNumber, trackingCode] = decodeURIComponent(cookie.split('=')[1] ?? '').split('.');
  out.push(await page('receipt', receiptPath, { headers: { Cookie: cookie } }));
  out.push(await page('track (form)', '/track'));
  out.push(await page('track (a case)', '/track', { method: 'POST', headers: FORM, body: new URLSearchParams({ caseNumber: caseNumber!, trackingCode: trackingCode! }) }));
  out.push(await page('rate', `/rate?case=${caseNumber}`));
  out.push(await page('track (form), English', '/en/track'));
  out.push(await page('alerts', '/alerts'));
  out.push(await page('alerts, English', '/en/alerts'));
  out.push(await page('stats', '/stats'));
  out.push(await page('stats, English', '/en/stats'));
  out.push(await page('posters (all villages, print)', '/posters/'));
  out.push(await page('poster (one village, print)', '/posters/dongshan/'));
  out.push(...(await measureInbox(base, cache, page, options.inboxCases ?? 0)));
  return out;
}

/** The village officer 王军 (东山村, 西山村) on the roster of the demo county. */
const INBOX_OFFICER = '+8613800001001';

/**
 * The officer inbox (`/o/inbox`): its sign-in page, the inbox signed in (after `extraCases` more open
 * cases for the officer, to weigh a full list) and a case page opened from it.
 */
async function measureInbox(base: string, cache: Map<string, string>, page: (name: string, path: string, init?: RequestInit, status?: number) => Promise<PageWeight>, extraCases: number): Promise<PageWeight[]> {
  const out = [await page('officer inbox: sign-in', '/o/inbox')];
  for (let i = 0; i < extraCases; i++) {
    const res = await fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: i % 2 ? 'dispute' : 'hazard', villageId: i % 3 ? 'dongshan' : 'xishan', description: `页面重量测量 ${i + 1}：村口路灯坏了一个多月，晚上路过的老人和孩子看不清路面，容易摔倒`, urgent: false }),
    });
    if (res.status !== 201) throw new Error(`inbox case ${i + 1}: ${res.status}`);
  }
  const logins = async () => ((await (await fetch(`${base}/dev/outbox.json`)).json()) as { to: string; role: string; body: string }[]).filter((m) => m.role === 'login' && m.to === INBOX_OFFICER);
  const before = (await logins()).length;
  await fetch(`${base}/o/code`, { method: 'POST', headers: FORM, body: new URLSearchParams({ phone: INBOX_OFFICER }) });
  const sent = await logins();
  if (sent.length <= before) throw new Error('no sign-in code for the inbox (is this a local stack with /dev/outbox?)');
  const code = /(\d{6})/.exec(sent.at(-1)!.body)![1]!;
  const verified = await fetch(`${base}/o/verify`, { method: 'POST', redirect: 'manual', headers: FORM, body: new URLSearchParams({ phone: INBOX_OFFICER, code }) });
  const cookie = verified.headers.getSetCookie().find((c) => c.startsWith('cj_device='))?.split(';')[0];
  if (verified.status !== 303 || !cookie) throw new Error(`inbox sign-in answered ${verified.status}`);
  const inboxHtml = await (await fetch(`${base}/o/inbox`, { headers: { Cookie: cookie } })).text();
  const listed = [...inboxHtml.matchAll(/href="(\/o\/c\/[^"]+)"/g)].map((m) => m[1]!);
  out.push({ ...(await weigh(base, `officer inbox (${listed.length} open cases)`, '/o/inbox', inboxHtml, cache)) });
  if (listed[0]) out.push(await page('officer case page (from the inbox)', listed[0], { headers: { Cookie: cookie } }));
  return out;
}

/** The gzipped size of each on-demand script (`ON_DEMAND_SCRIPTS`) on the portal at `base`. */
export async function measureOnDemand(base: string): Promise<{ readonly name: string; readonly path: string; readonly js: number }[]> {
  return Promise.all(
    ON_DEMAND_SCRIPTS.map(async ({ name, path }) => {
      const res = await fetch(base + path);
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return { name, path, js: gz(await res.text()) };
    }),
  );
}

export function weightsTable(weights: readonly PageWeight[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = weights.map((w) => `| ${w.name} | \`${w.path.replace(/\?.*$/, '')}\` | ${w.html} | ${w.css} | ${w.js} | **${w.total}** (${kb(w.total)}) | ${w.repeat} | ${w.images || ''} |`);
  return ['| page | path | HTML gz | CSS gz | JS gz (in HTML) | total gz bytes | repeat visit gz | images gz (not in total) |', '|---|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const urlAt = args.indexOf('--url');
  let base = urlAt >= 0 ? args[urlAt + 1] : undefined;
  let stop: (() => Promise<void>) | undefined;
  if (!base) {
    const { startLocalStack } = await import('./local/stack.ts');
    const { freePort } = await import('../tests/support/ports.ts');
    const { NO_INTAKE_LIMITS } = await import('./local/stack.ts');
    // Intake limits and the SMS gate off: the officer inbox is weighed full (50 open cases), sent from this one address.
    const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'cunjing-weights-')), log: () => undefined, intakeLimits: NO_INTAKE_LIMITS, smsGate: 'off' });
    base = stack.url;
    stop = () => stack.stop();
  }
  try {
    const weights = await measureWeights(base.replace(/\/+$/, ''), { inboxCases: stop ? 49 : 0 });
    const onDemand = await measureOnDemand(base.replace(/\/+$/, ''));
    if (args.includes('--json')) {
      console.log(JSON.stringify({ pages: weights, onDemand }, null, 2));
      return;
    }
    console.log(weightsTable(weights));
    for (const s of onDemand) console.log(`On demand: ${s.name}, \`${s.path}\`: ${s.js} B gzipped, on top of the page that loads it.`);
    const report = weights.filter((w) => w.name.startsWith('report form'));
    const worst = Math.max(...report.map((w) => w.total));
    const js = Math.max(...weights.map((w) => w.js));
    const heaviest = Math.max(...weights.map((w) => w.total));
    console.log(`\nReport pages: at most ${worst} B gzipped (budget ${REPORT_PAGE_BUDGET}); every page at most ${heaviest} B (budget ${PUBLIC_PAGE_BUDGET}; issue #12: ${HEAVIEST_PAGE_BUDGET}).`);
    console.log(`JavaScript: at most ${js} B gzipped on a page, inline (budget ${PUBLIC_JS_BUDGET} in total).`);
    const unstyled = weights.filter((w) => w.unstyled.length > 0);
    for (const w of unstyled) console.log(`${w.name} (${w.path}) uses ${w.unstyled.join(', ')} without the stylesheet that styles it.`);
    if (worst > REPORT_PAGE_BUDGET || heaviest > PUBLIC_PAGE_BUDGET || heaviest > HEAVIEST_PAGE_BUDGET || js > PUBLIC_JS_BUDGET || unstyled.length > 0) process.exitCode = 1;
  } finally {
    await stop?.();
  }
}

if (import.meta.main) await main();
