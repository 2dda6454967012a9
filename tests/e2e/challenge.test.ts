/**
 * The proof of work in a real browser: past the soft limit the report form comes back with an ALTCHA
 * challenge, the page's own script solves it in the background and sends the form, and the resident
 * lands on the receipt. Without JavaScript the page says to wait and repeats the emergency number.
 * A stack of its own, with a soft limit of one case per 10 minutes from this machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack.ts';
import { launchChromium } from '../support/browser.ts';
import { freePort } from '../support/ports.ts';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamodbPort: await freePort(),
    dataDir: mkdtempSync(join(tmpdir(), 'cunjing-challenge-e2e-')),
    log: () => undefined,
    intakeLimits: { softPer10Minutes: 1, hardPer10Minutes: 50, hardPerDay: 100, challengeMaxNumber: 5_000 },
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function report(js: boolean, description: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${stack.url}/v/dongshan/dispute/`);
  await page.fill('#description', description);
  await Promise.all([page.waitForLoadState('load'), page.click('#report button[type="submit"]')]);
  return page;
}

describe('proof of work past the soft limit', () => {
  it('is solved by the page in the background and the case arrives, with JavaScript', async () => {
    const first = await report(true, '村口两户人家为地界吵架，第一次');
    expect(first.url()).toMatch(/\/receipt\/DEMO-\d{4}-\d{6}$/);

    const second = await report(true, '村口两户人家为地界吵架，第二次');
    await second.waitForURL(/\/receipt\/DEMO-\d{4}-\d{6}$/, { timeout: 30_000 });

    expect(await second.textContent('main')).toContain('DEMO-');
  });

  it('says to wait and repeats the emergency number without JavaScript', async () => {
    const page = await report(false, '村口两户人家为地界吵架，第三次');

    expect(page.url()).toMatch(/\/api\/v1\/cases$/);
    expect(await page.textContent('[role="alert"]')).toContain('拨打110');
    expect(await page.inputValue('#description')).toBe('村口两户人家为地界吵架，第三次');
  });
});
