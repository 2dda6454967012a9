/**
 * A resident on a 360-px phone reports from the page, with JavaScript off and on, and gets a receipt;
 * the officer's SMS lands in the outbox. Runs the real local stack (DynamoDB Local, the built site).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, ROOT, type LocalStack } from '../../scripts/local/stack.ts';
import { launchChromium } from '../support/browser.ts';
import { freePort } from '../support/ports.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'cunjing-e2e-')), log: () => undefined });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function fillReport(page: Page, kind: string, villageId: string, description: string) {
  await page.goto(stack.url);
  await page.selectOption('select[name="villageId"]', villageId);
  await page.check(`input[name="kind"][value="${kind}"]`);
  await page.fill('textarea[name="description"]', description);
}

async function officerSms(caseNumber: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const outbox = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as { role: string; caseNumber: string; body: string }[];
    const sms = outbox.filter((m) => m.caseNumber === caseNumber && m.role === 'officer');
    if (sms.length > 0 || Date.now() > deadline) return sms;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('report page', () => {
  it('sends a tip with JavaScript disabled and shows the receipt with case number and tracking code', async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await fillReport(page, 'tip', 'dongshan', '后山有人夜里偷砍林木，开蓝色三轮车');
    await page.screenshot({ path: join(ARTIFACTS, 'report-360.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/receipt\/DEMO-\d{4}-\d{6}$/), page.click('button[type="submit"]')]);

    const caseNumber = (await page.textContent('#case-number'))!.trim();
    expect(caseNumber).toMatch(/^DEMO-\d{4}-\d{6}$/);
    expect((await page.textContent('#tracking-code'))!.trim()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(page.url()).not.toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
    await page.screenshot({ path: join(ARTIFACTS, 'receipt-360.png'), fullPage: true });
    const sms = await officerSms(caseNumber);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toContain(caseNumber);
    await context.close();
  });

  it('sends a service request with JavaScript enabled, once, even when the button is tapped twice', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await fillReport(page, 'service', 'baishui', '想咨询孩子上户口需要带哪些材料');
    expect(await page.inputValue('input[name="idempotencyKey"]')).not.toBe('');

    await Promise.all([page.waitForURL(/\/receipt\//), page.dblclick('button[type="submit"]')]);

    const caseNumber = (await page.textContent('#case-number'))!.trim();
    expect(await officerSms(caseNumber)).toHaveLength(1);
    // Give a second case, if the double tap made one, the time to reach the outbox too.
    await new Promise((r) => setTimeout(r, 1000));
    const all = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as { body: string; caseNumber: string }[];
    expect(new Set(all.filter((m) => m.body.includes('想咨询孩子上户口')).map((m) => m.caseNumber))).toEqual(new Set([caseNumber]));
    await context.close();
  });

  it('keeps the resident on an error page that names the field when the description is too short', async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await fillReport(page, 'hazard', 'xishan', '危险');
    await page.$eval('textarea[name="description"]', (el) => el.removeAttribute('minlength'));

    const response = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]).then(([r]) => r);

    expect(response?.status()).toBe(400);
    expect(await page.textContent('body')).toContain('情况描述');
    await context.close();
  });
});
