/**
 * The officer inbox in headless Chromium on a 360-px phone with JavaScript off, against the real
 * local stack with officers' SMS carrying the inbox address instead of one-tap links: the officer
 * opens the address from the SMS, signs in once with the code from the outbox, and handles the case
 * from the inbox (acknowledge, reply, resolve); the next SMS's address opens the inbox directly.
 * The console lists the phone and revokes it; the page installs (web app manifest with icons).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type LocalStack } from '../../scripts/local/stack.ts';
import { ARTIFACTS, startBrowserRun, stopBrowserRun } from '../support/browser.ts';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const OFFICER = '+8613800001001'; // 王军, 东山村
const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', javaScriptEnabled: false };

let stack: LocalStack;
let browser: Browser;

interface Sms {
  to: string;
  role: string;
  body: string;
  caseNumber?: string;
}
const outbox = async () => (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as Sms[];

async function waitFor<T>(what: string, find: (sms: Sms[]) => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = find(await outbox());
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the outbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function submit(body: Record<string, unknown>): Promise<{ caseNumber: string; trackingCode: string }> {
  const res = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; trackingCode: string };
}

/** The address in the officer's SMS for a case. */
const smsAddress = (caseNumber: string) =>
  waitFor(`officer SMS for ${caseNumber}`, (sms) => {
    const body = sms.find((m) => m.caseNumber === caseNumber && m.to === OFFICER)?.body;
    return body ? /(https?:\/\/\S+)$/.exec(body)?.[1] : undefined;
  });

/** The page opens on the stack's own address: the SMS carries PUBLIC_URL's. */
const onStack = (address: string) => `${stack.url}${new URL(address).pathname}`;

async function axeProblems(page: import('playwright-core').Page): Promise<string[]> {
  // axe needs JavaScript; it runs in a JavaScript-enabled copy of the page's HTML.
  const html = await page.content();
  const context = await browser.newContext({ ...phone, javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route('**/*', (route) => (route.request().isNavigationRequest() ? route.fulfill({ contentType: 'text/html', body: html }) : route.continue()));
  await copy.goto(page.url());
  await copy.addScriptTag({ content: AXE });
  const violations = await copy.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    return (await g.axe.run(g.document, { resultTypes: ['violations'] })).violations;
  });
  await context.close();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  ({ stack, browser } = await startBrowserRun('inbox-e2e', { smsLinks: false }));
}, 120_000);

afterAll(() => stopBrowserRun({ stack, browser }));

describe('officer inbox', () => {
  let context: BrowserContext;

  it('signs the officer in once from the SMS address, and handles a case from the inbox without JavaScript', async () => {
    const dispute = await submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解', name: '李四', phone: '13812345678' });
    const address = await smsAddress(dispute.caseNumber);
    expect(new URL(address).pathname).toBe('/o/inbox');
    context = await browser.newContext(phone);
    const page = await context.newPage();

    await page.goto(onStack(address));
    expect(await page.getAttribute('link[rel="manifest"]', 'href')).toBe('/officer.webmanifest');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-signin-360.png'), fullPage: true });
    const logins = (await outbox()).filter((m) => m.role === 'login' && m.to === OFFICER).length;
    await page.fill('#phone', '138 0000 1001');
    await page.click('button[type="submit"]');
    const code = await waitFor('sign-in code', (sms) => {
      const mine = sms.filter((m) => m.role === 'login' && m.to === OFFICER);
      return mine.length > logins ? /(\d{6})/.exec(mine.at(-1)!.body)?.[1] : undefined;
    });
    await page.fill('#code', code);
    await Promise.all([page.waitForURL(/\/o\/inbox$/), page.click('button[type="submit"]')]);

    const item = page.locator(`a[href="/o/c/${dispute.caseNumber}"]`);
    expect(await item.count()).toBe(1);
    expect(await page.textContent('main')).toContain('王军');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-360.png'), fullPage: true });

    await Promise.all([page.waitForURL(new RegExp(`/o/c/${dispute.caseNumber}$`)), item.click()]);
    expect(await page.textContent('h1')).toContain(dispute.caseNumber);
    expect(await axeProblems(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(input[name="action"][value="acknowledge"]) button')]);
    await page.fill('#reply-text', '明天上午到现场调解，请两户都在家');
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(#reply-text) button')]);
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(input[name="status"][value="resolved"]) button')]);
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-case-360.png'), fullPage: true });

    const tracked = (await (await fetch(`${stack.url}/api/v1/cases/${dispute.caseNumber}`, { headers: { 'X-Tracking-Code': dispute.trackingCode } })).json()) as { status: string; timeline: { type: string; text: string }[] };
    expect(tracked.status).toBe('resolved');
    expect(tracked.timeline.map((e) => e.text).join('\n')).toContain('明天上午到现场调解');
    await Promise.all([page.waitForURL(/\/o\/inbox$/), page.click('a[href="/o/inbox"]')]);
    expect(await page.locator(`a[href="/o/c/${dispute.caseNumber}"]`).count()).toBe(0);
  }, 60_000);

  it('opens the inbox directly from the next SMS on the same phone, most urgent first', async () => {
    const hazard = await submit({ kind: 'hazard', villageId: 'dongshan', description: '村口桥面塌了一块，晚上看不清' });
    const urgent = await submit({ kind: 'help', villageId: 'xishan', description: '老人走失，家人在找', urgent: true });
    const page = await context.newPage();

    await page.goto(onStack(await smsAddress(urgent.caseNumber)));

    expect(await page.locator('#phone').count()).toBe(0);
    const listed = await page.locator('a[href^="/o/c/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(listed).toEqual([`/o/c/${urgent.caseNumber}`, `/o/c/${hazard.caseNumber}`]);
  }, 60_000);

  it('is installable: the manifest names the inbox as start and its icons load', async () => {
    const manifest = (await (await fetch(`${stack.url}/officer.webmanifest`)).json()) as { start_url: string; scope: string; display: string; icons: { src: string; sizes: string }[] };
    const icons = await Promise.all(manifest.icons.map(async (i) => (await fetch(`${stack.url}${i.src}`)).status));

    expect(manifest.start_url).toBe('/o/inbox');
    expect(manifest.scope).toBe('/o/');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.every((s) => s === 200)).toBe(true);
  });

  it('signs the phone out when the officer revokes it on the console’s signed-in phones page', async () => {
    const desk = await browser.newContext({ ...phone, javaScriptEnabled: true });
    const page = await desk.newPage();
    const logins = (await outbox()).filter((m) => m.role === 'login' && m.to === OFFICER).length;
    await page.goto(`${stack.url}/admin/`);
    await page.fill('#phone', '13800001001');
    await page.click('#send-code');
    await page.waitForSelector('#verify-form:not([hidden])');
    await page.fill('#code', await waitFor('console code', (sms) => {
      const mine = sms.filter((m) => m.role === 'login' && m.to === OFFICER);
      return mine.length > logins ? /(\d{6})/.exec(mine.at(-1)!.body)?.[1] : undefined;
    }));
    await Promise.all([page.waitForURL(/\/admin\/cases\/$/), page.click('#sign-in')]);

    await page.goto(`${stack.url}/admin/devices/`);
    const revoke = page.locator('#rows button[data-sid]');
    await revoke.waitFor();
    expect(await revoke.count()).toBe(1);
    expect(await page.textContent('#rows')).toContain('Chrome');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-devices-360.png'), fullPage: true });
    await revoke.click();
    await expect.poll(() => page.textContent('#status')).toContain('已撤销 1 台设备');
    expect(await page.textContent('#rows')).toContain('没有已登录的设备');
    const officerPhone = await context.newPage();
    await officerPhone.goto(`${stack.url}/o/inbox`);

    expect(await officerPhone.locator('#phone').count()).toBe(1);
    await desk.close();
    await context.close();
  }, 60_000);
});
