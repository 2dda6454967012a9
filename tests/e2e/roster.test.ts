/**
 * One roster on the public pages (issue 12, item 6): the table the console edits is the truth, and
 * the site publisher renders the static pages again from it on every save (the roster table's
 * stream, as in AWS). On the local stack: bureau staff rename an officer and change a village's
 * hours and duty phone through the console's API; a new roster version adds a village and drops one. The
 * portal then serves the new pages as plain HTML (read here without a browser, as a phone without
 * JavaScript would), and axe-core finds nothing on a re-published page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { County } from '../../functions/domain/county.ts';
import { ROOT } from '../../scripts/local/stack.ts';
import { startBrowserRun, stopBrowserRun, type BrowserRun } from '../support/browser.ts';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/** The bureau's duty desk, who may edit the whole roster. */
const BUREAU = '13300006201';
/** How long a save may take to reach the pages on the local stack (the stream poll and one publish), and more, for a loaded machine. */
const PUBLISHED_WITHIN_MS = 20_000;

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun('roster');
}, 120_000);
afterAll(() => stopBrowserRun(run));

/** Signs in to the console's API as the bureau (the code from the outbox) and returns a caller of it. */
async function consoleApi(): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const url = run.stack.url;
  const json = { 'Content-Type': 'application/json', Origin: url };
  expect((await fetch(`${url}/api/v1/admin/login/code`, { method: 'POST', headers: json, body: JSON.stringify({ phone: BUREAU }) })).status).toBe(202);
  let code: string | undefined;
  for (const deadline = Date.now() + 5_000; !code && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const outbox = (await (await fetch(`${url}/dev/outbox.json`)).json()) as { to: string; role: string; body: string }[];
    code = /(\d{6})/.exec(outbox.filter((m) => m.role === 'login' && m.to === `+86${BUREAU}`).at(-1)?.body ?? '')?.[1];
  }
  const verified = await fetch(`${url}/api/v1/admin/login/verify`, { method: 'POST', headers: json, body: JSON.stringify({ phone: BUREAU, code }) });
  expect(verified.status).toBe(200);
  const { csrfToken } = (await verified.json()) as { csrfToken: string };
  const cookie = verified.headers.get('set-cookie')!.split(';')[0]!;
  return (method, path, body) => fetch(`${url}${path}`, { method, headers: { ...json, Cookie: cookie, 'X-CSRF-Token': csrfToken }, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

/** The page's HTML as the portal serves it, once `published` says it is the new one (or the deadline passes). */
async function servedOnce(path: string, published: (status: number, html: string) => boolean): Promise<{ status: number; html: string; afterMs: number }> {
  const start = Date.now();
  for (;;) {
    const res = await fetch(`${run.stack.url}${path}`);
    const html = await res.text();
    if (published(res.status, html) || Date.now() - start > PUBLISHED_WITHIN_MS) return { status: res.status, html, afterMs: Date.now() - start };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The `<p class="to">` line of a report form: whom the report goes to. */
const toLine = (html: string) => /<p class="to">(.*?)<\/p>/.exec(html)?.[1];

describe('the static pages after a console edit of the roster', () => {
  beforeAll(async () => {
    const before = await fetch(`${run.stack.url}/v/dongshan/`);
    expect(await before.text()).toContain('王军');
    const api = await consoleApi();
    expect((await api('PATCH', '/api/v1/admin/roster', { target: 'officer', id: 'wang-jun', name: '王俊' })).status).toBe(200);
    expect((await api('PATCH', '/api/v1/admin/roster', { target: 'village', id: 'dongshan', officeHours: '每天 8:00-20:00', dutyPhone: '0000-1299' })).status).toBe(200);
  });

  it('serve the renamed officer and the new hours and duty phone on the village page, as plain HTML', async () => {
    const { status, html } = await servedOnce('/v/dongshan/', (_, page) => page.includes('0000-1299'));

    expect(status).toBe(200);
    expect(html).toContain('王俊');
    expect(html).not.toContain('王军');
    expect(html).toContain('每天 8:00-20:00');
    expect(html).toContain('href="tel:0000-1299"');
  });

  it('serve the renamed officer on the village’s report forms, in English too', async () => {
    const zh = await servedOnce('/v/dongshan/tip/', (_, page) => page.includes('王俊'));
    const en = await servedOnce('/en/v/xishan/dispute/', (_, page) => page.includes('王俊'));

    expect(toLine(zh.html)).toContain('王俊');
    expect(toLine(en.html)).toContain('王俊');
  });

  it('serve a re-published page axe-core finds nothing wrong with', async () => {
    await servedOnce('/v/dongshan/', (_, page) => page.includes('0000-1299'));
    const context = await run.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${run.stack.url}/v/dongshan/`);
    await page.addScriptTag({ content: AXE });

    const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: { id: string }[] };
    await context.close();

    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});

describe('the static pages after a roster version adds a village and drops one', () => {
  beforeAll(async () => {
    // A new roster version with 新庄村 in 东山中心警务室 and without 西山村 (the console's import changes villages'
    // people but adds or drops none: a deploy's roster seed saves versions like this one, functions/domain/roster-seed.ts).
    const { county } = await run.stack.runtime.county.get({ fresh: true });
    const next: County = structuredClone(county);
    next.stations.forEach((s) => s.offices.forEach((o) => (o.villages = o.villages.filter((v) => v.id !== 'xishan'))));
    const office = next.stations[0]!.offices[0]!;
    const template = office.villages.find((v) => v.id === 'dongshan')!;
    office.villages.push({ ...template, id: 'xinzhuang', name: '新庄村', assistant: { name: '孙小梅', phone: '+8613900002099' }, informants: [], defenceContacts: [] });
    await run.stack.runtime.roster.saveCounty(next);
  });

  it('serve the new village’s page and list it on the home page and in the report form’s picker', async () => {
    const page = await servedOnce('/v/xinzhuang/', (status) => status === 200);
    const home = await servedOnce('/', (_, html) => html.includes('/v/xinzhuang/'));
    const form = await servedOnce('/report/tip/', (_, html) => html.includes('value="xinzhuang"'));

    expect(page.status).toBe(200);
    expect(page.html).toContain('新庄村');
    expect(home.html).toContain('href="/v/xinzhuang/"');
    expect(form.html).toContain('value="xinzhuang"');
  });

  it('answer 404 for the dropped village’s page (the site’s 404 page, which links home) and QR code, and no longer link it', async () => {
    const page = await servedOnce('/v/xishan/', (status) => status === 404);
    const qr = await fetch(`${run.stack.url}/qr/xishan.svg`);
    const home = await servedOnce('/', (_, html) => !html.includes('/v/xishan/'));

    expect(page.status).toBe(404);
    expect(page.html).toMatch(/<h1>没有这个页面<\/h1>[\s\S]*<a class="button" href="\/">回到首页<\/a>/);
    expect(qr.status).toBe(404);
    expect(home.html).not.toContain('/v/xishan/');
  });
});
