/**
 * The proof of work in a real browser: past the soft limit the report form comes back with an ALTCHA
 * challenge, the page's own script solves it in the background and sends the form (with JavaScript
 * the form's script gets the challenge as JSON and keeps the chosen photo), and the resident lands
 * on the receipt; the solver (/pow.js) is loaded only then. Without JavaScript the page says to wait and repeats the emergency number.
 * A stack of its own, with a soft limit of one case per 10 minutes from this machine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
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

async function report(js: boolean, description: string, photo?: string, uploads: string[] = []): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().startsWith(stack.s3.endpoint)) uploads.push(r.url());
  });
  await page.goto(`${stack.url}/v/dongshan/dispute/`);
  await page.fill('#description', description);
  if (photo) await page.setInputFiles('#photo', photo);
  await Promise.all([page.waitForLoadState('load'), page.click('#report button[type="submit"]')]);
  return page;
}

const RECEIPT = /\/receipt\/DEMO-\d{4}-\d{6}$/;

describe('proof of work past the soft limit', () => {
  it('is solved by the page in the background and the case arrives with its photo, with JavaScript', async () => {
    const first = await report(true, '村口两户人家为地界吵架，第一次');
    await first.waitForURL(RECEIPT);

    // The script sends the fields, gets 428 with the challenge, solves it and sends again; the photo waits in memory.
    const photo = join(mkdtempSync(join(tmpdir(), 'cunjing-challenge-photo-')), 'IMG_0428.jpg');
    writeFileSync(photo, await sharp({ create: { width: 640, height: 480, channels: 3, background: '#863' } }).jpeg().toBuffer());
    const uploads: string[] = [];
    const second = await report(true, '村口两户人家为地界吵架，第二次', photo, uploads);
    await second.waitForURL(RECEIPT, { timeout: 30_000 });

    expect(await second.textContent('main')).toContain('DEMO-');
    expect(uploads).toEqual([`${stack.s3.endpoint}/${stack.s3.bucket}`]);
  });

  it('says to wait and repeats the emergency number without JavaScript', async () => {
    const page = await report(false, '村口两户人家为地界吵架，第三次');

    expect(page.url()).toMatch(/\/api\/v1\/cases$/);
    expect(await page.textContent('[role="alert"]')).toContain('拨打110');
    expect(await page.inputValue('#description')).toBe('村口两户人家为地界吵架，第三次');
  });

  it('is solved on the form the server sends back, whose policy lets the solver load, in a browser without fetch', async () => {
    // Past the soft limit whichever test ran before; without fetch the script sends the form the plain way, and the server answers with the form and its challenge.
    await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'dispute', villageId: 'dongshan', description: '村口两户人家为地界吵架，先来一件' }) });
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.addInitScript(() => Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true }));
    const page = await context.newPage();
    const solver: string[] = [];
    const refused: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/pow.js') solver.push(r.url());
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${stack.url}/v/dongshan/dispute/`);
    await page.fill('#description', '村口两户人家为地界吵架，第四次');

    await page.click('#report button[type="submit"]');
    await page.waitForURL(RECEIPT, { timeout: 30_000 });

    expect(solver).toEqual([`${stack.url}/pow.js`]);
    expect(refused).toEqual([]);
    expect(await page.textContent('main')).toContain('DEMO-');
  });
});
