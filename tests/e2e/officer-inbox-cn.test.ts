/**
 * The officer inbox of a county on a domestic SMS provider (counties/demo-cn.json: Alibaba Cloud SMS,
 * registered templates, so no one-tap links whatever `sms.links` says), in headless Chromium on a
 * 360-px phone with JavaScript off, against the real local stack: the officer's SMS is the registered
 * template, whose fixed words name the inbox on the county's domain; the officer opens that address,
 * signs in once with the code of the sign-in template, and handles the case from the inbox; the next
 * SMS's address opens the inbox signed in. (tests/e2e/officer-inbox.test.ts: the same on Amazon SNS
 * with `sms.links: false`.)
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../functions/notify/outbox.ts';
import { ROOT, type LocalStack } from '../../scripts/local/stack.ts';
import { ARTIFACTS, startBrowserRun, stopBrowserRun } from '../support/browser.ts';

const OFFICER = '+8613800001001'; // 王军, 东山村
const INBOX = 'https://cunjing.qingshan.example.cn/o/inbox';
const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', javaScriptEnabled: false };

let stack: LocalStack;
let browser: Browser;

async function waitFor(what: string, find: (sms: OutboxEntry[]) => OutboxEntry | undefined): Promise<OutboxEntry> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = find((await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as OutboxEntry[]);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the outbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const officerSms = (caseNumber: string) => waitFor(`officer SMS for ${caseNumber}`, (sms) => sms.find((m) => m.caseNumber === caseNumber && m.to === OFFICER));

async function submit(body: Record<string, unknown>): Promise<{ caseNumber: string; trackingCode: string }> {
  const res = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; trackingCode: string };
}

beforeAll(async () => {
  ({ stack, browser } = await startBrowserRun('inbox-cn-e2e', {
    countyFile: join(ROOT, 'counties', 'demo-cn.json'),
    // The inbox is rendered by the server; web/dist stays the demo county's, which the other browser tests use.
    buildWeb: false,
  }));
}, 120_000);

afterAll(() => stopBrowserRun({ stack, browser }));

describe('officer inbox in a county on a domestic SMS provider', () => {
  it('signs the officer in once from the address the registered template names, and handles a case from the inbox', async () => {
    const dispute = await submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    const sms = await officerSms(dispute.caseNumber);
    expect(sms.template).toEqual({ type: 'assignment', code: 'SMS_900000001', params: { label: '新矛盾纠纷', caseNumber: dispute.caseNumber, village: '东山村' } });
    expect(sms.body).toBe(`【青山村警】新矛盾纠纷，编号${dispute.caseNumber}，东山村，请登录村警工作台 ${INBOX} 处理。`);
    const context = await browser.newContext(phone);
    const page = await context.newPage();

    await page.goto(`${stack.url}${new URL(INBOX).pathname}`);
    await page.fill('#phone', '138 0000 1001');
    await page.click('button[type="submit"]');
    const login = await waitFor('sign-in code', (all) => all.find((m) => m.role === 'login' && m.to === OFFICER));
    expect(login.template).toMatchObject({ type: 'login', code: 'SMS_900000012' });
    await page.fill('#code', login.template!.params.code!);
    await Promise.all([page.waitForURL(/\/o\/inbox$/), page.click('button[type="submit"]')]);
    const item = page.locator(`a[href="/o/c/${dispute.caseNumber}"]`);
    await Promise.all([page.waitForURL(new RegExp(`/o/c/${dispute.caseNumber}$`)), item.click()]);
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(input[name="action"][value="acknowledge"]) button')]);
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(input[name="status"][value="resolved"]) button')]);
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-cn-case-360.png'), fullPage: true });

    const tracked = (await (await fetch(`${stack.url}/api/v1/cases/${dispute.caseNumber}`, { headers: { 'X-Tracking-Code': dispute.trackingCode } })).json()) as { status: string };
    expect(tracked.status).toBe('resolved');
    const next = await submit({ kind: 'hazard', villageId: 'dongshan', description: '村口桥面塌了一块，晚上看不清' });
    expect((await officerSms(next.caseNumber)).body).toContain(INBOX);
    await page.goto(`${stack.url}${new URL(INBOX).pathname}`);
    expect(await page.locator('#phone').count()).toBe(0);
    expect(await page.locator(`a[href="/o/c/${next.caseNumber}"]`).count()).toBe(1);
    await context.close();
  }, 60_000);
});
