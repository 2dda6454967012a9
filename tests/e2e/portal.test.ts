/**
 * The public portal in headless Chromium on a 360×640 phone, against the real local stack (its own
 * DynamoDB Local, the built site, the stream poller): a resident finds the village, reports each kind
 * with JavaScript off and on, sees errors next to the fields, keeps the receipt, comes back, tracks
 * and rates, in Chinese and English; safety alerts, public figures, the QR posters; an axe-core scan
 * of every page type (0 serious or critical violations); the page weights against the budgets.
 *
 * ONE stack and ONE browser for the whole file (each stack start costs seconds and a JVM).
 * Artifacts (not committed): screenshots in test-artifacts/*.png, axe results in
 * test-artifacts/axe.json, page weights in test-artifacts/weights.{json,md}.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENHANCE_CSP_HASH, ENHANCE_JS, POSTER_JS, REPORT_CSP_HASH, REPORT_JS } from '../../functions/ui/enhance.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { DynamoAlertStore } from '../../functions/store/alerts.ts';
import { WEB_DIST, type LocalStack } from '../../scripts/local/stack.ts';
import { HEAVIEST_PAGE_BUDGET, measureWeights, PUBLIC_JS_BUDGET, PUBLIC_PAGE_BUDGET, REPORT_PAGE_BUDGET, weightsTable } from '../../scripts/weights.ts';
import { ARTIFACTS, startBrowserRun, stopBrowserRun } from '../support/browser.ts';

/** Where the QR codes point (read before the stack sets PUBLIC_URL for its own handlers). */
const QR_BASE = process.env.PUBLIC_URL || 'http://localhost:8787';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const KINDS = ['tip', 'dispute', 'hazard', 'service', 'help'] as const;
type Kind = (typeof KINDS)[number];

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const axeResults: { page: string; url: string; violations: { id: string; impact: string | null; help: string; nodes: number }[] }[] = [];

beforeAll(async () => {
  ({ stack, browser } = await startBrowserRun('e2e'));
  // Alerts are published from the admin console; here straight into the store it reads.
  const alerts = new DynamoAlertStore({ client: createDocumentClient(stack.dynamodbEndpoint), tableName: stack.tables.roster, countyCode: 'DEMO' });
  const now = Date.now();
  const alert = (id: string, title: string, stationId?: string) => ({
    id,
    title,
    body: '近期有人冒充公安机关打电话，说您的银行卡涉嫌洗钱，要求转账到“安全账户”。\n公安机关不会在电话里要求转账。接到这类电话请挂断，拨打 110 核实。',
    ...(stationId && { stationId }),
    publishedAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    publishedBy: '青山县公安局',
  });
  await alerts.publish(alert('fraud-call', '警惕冒充公安的诈骗电话'));
  await alerts.publish(alert('baishui-flood', '白水乡汛期注意安全 <b>不要</b>下河', 'baishui-xiang'));
}, 120_000);

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'axe.json'), JSON.stringify(axeResults, null, 2));
  for (const c of contexts) await c.close().catch(() => undefined);
  await stopBrowserRun({ stack, browser });
});

async function phonePage(options: { js?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: options.js ?? true, bypassCSP: options.bypassCSP ?? false });
  contexts.push(context);
  return context.newPage();
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-360x640.png`) });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-full.png`), fullPage: true });
}

interface OutboxSms {
  to: string;
  role: string;
  body: string;
  caseNumber: string;
}

async function smsFor(caseNumber: string, role: string, atLeast = 1): Promise<OutboxSms[]> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const outbox = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as OutboxSms[];
    const sms = outbox.filter((m) => m.caseNumber === caseNumber && m.role === role);
    if (sms.length >= atLeast || Date.now() > deadline) return sms;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What an officer does from the one-tap link in the SMS: a plain form post to /o/{token}. */
async function officerActs(caseNumber: string, fields: Record<string, string>) {
  const [sms] = await smsFor(caseNumber, 'officer');
  const path = /\/o\/[0-9a-z]{12}/.exec(sms?.body ?? '')?.[0];
  expect(path, `officer link for ${caseNumber}`).toBeDefined();
  const res = await fetch(stack.url + path, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  expect(res.status).toBe(303);
}

interface Receipt {
  caseNumber: string;
  trackingCode: string;
}

/** From the village's contact card: tap a kind, write, send; returns what the receipt shows. */
async function report(page: Page, o: { village: string; kind: Kind; description: string; prefix?: string; more?: (page: Page) => Promise<void>; submit?: (page: Page) => Promise<unknown> }): Promise<Receipt> {
  await page.goto(`${stack.url}${o.prefix ?? ''}/v/${o.village}`);
  await Promise.all([page.waitForURL(`**/v/${o.village}/${o.kind}/`), page.click(`a.kind-${o.kind}`)]);
  expect(await page.inputValue('input[name="villageId"]')).toBe(o.village);
  await page.fill('#description', o.description);
  await o.more?.(page);
  await Promise.all([page.waitForURL(/\/receipt\/DEMO-\d{4}-\d{6}(\?lang=\w+)?$/), o.submit ? o.submit(page) : page.click('#report button[type="submit"]')]);
  const receipt = { caseNumber: await text(page, '#case-number'), trackingCode: await text(page, '#tracking-code') };
  expect(receipt.caseNumber).toMatch(/^DEMO-\d{4}-\d{6}$/);
  expect(receipt.trackingCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  expect(page.url()).not.toContain(receipt.trackingCode);
  return receipt;
}

async function track(page: Page, caseNumber: string, trackingCode: string, prefix = '') {
  await page.goto(`${stack.url}/track${prefix}`);
  await page.fill('#case', caseNumber);
  await page.fill('#code', trackingCode);
  return (await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]))[0];
}

async function axe(page: Page, name: string) {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  axeResults.push({ page: name, url: page.url().replace(stack.url, ''), violations });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}

const cases: Partial<Record<'tipJsOff' | 'disputeWithPhone' | 'serviceJsOn', Receipt>> = {};

describe('finding the village', () => {
  it('by typing its name with JavaScript off (the search goes to its contact card) and by the township list', async () => {
    const page = await phonePage({ js: false });
    await page.goto(stack.url);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await text(page, 'main')).toContain('110');
    await shot(page, 'home');

    await page.fill('#q', '西山');
    await Promise.all([page.waitForURL('**/v/xishan/'), page.click('form.find button')]);
    expect(await text(page, 'h1')).toBe('西山村');
    expect(await text(page, '.contact-card')).toContain('王军');
    expect(await text(page, '.contact-card')).toContain('刘桂兰');
    expect(await text(page, '.contact-card')).toContain('0000-1202');
    expect(await page.getAttribute('a[href^="/alerts"]', 'href')).toBe('/alerts?station=qingshan-zhen');

    await page.goto(`${stack.url}/find?q=${encodeURIComponent('村')}`);
    expect(await text(page, 'main')).toMatch(/找到 \d+ 个/);

    await page.goto(stack.url);
    await Promise.all([page.waitForURL('**/v/nanwan/'), page.click('a:text-is("南湾村")')]);
    expect(await text(page, 'h1')).toBe('南湾村');
  });

  it('filters the village list as the name is typed, and lists the township’s alerts on the card, with JavaScript on', async () => {
    const page = await phonePage();
    await page.goto(stack.url);
    await page.fill('#q', '桃花');
    expect(await page.isVisible('a:text-is("桃花村")')).toBe(true);
    expect(await page.isVisible('a:text-is("东山村")')).toBe(false);

    await page.goto(`${stack.url}/v/dongshan`);
    await page.waitForSelector('.alert-list li');
    expect(await text(page, '.alert-list')).toContain('警惕冒充公安的诈骗电话');
    expect(await text(page, '.alert-list')).not.toContain('白水乡');
    await shot(page, 'village');
  });
});

describe('reporting, with JavaScript off', () => {
  it('sends each kind from the village card and shows the receipt; the officer gets the SMS', async () => {
    const page = await phonePage({ js: false });
    cases.tipJsOff = await report(page, { village: 'dongshan', kind: 'tip', description: '后山有人夜里偷砍林木，开蓝色三轮车' });
    await shot(page, 'receipt');
    expect(await text(page, 'main')).toContain('请截图保存');
    expect(await smsFor(cases.tipJsOff.caseNumber, 'officer')).toHaveLength(1);
    expect(await smsFor(cases.tipJsOff.caseNumber, 'assistant', 0)).toHaveLength(0);

    cases.disputeWithPhone = await report(page, {
      village: 'nanwan',
      kind: 'dispute',
      description: '两家为宅基地边界吵了好几次，想请民警调解',
      more: async (p) => {
        await p.selectOption('#category', '土地山林');
        await p.fill('#name', '李大姐');
        await p.fill('#phone', '138 1234 5678');
        await p.check('#updates');
      },
    });

    const hazard = await report(page, { village: 'hekou', kind: 'hazard', description: '河口桥的护栏断了一截，晚上很危险', more: (p) => p.fill('#location', '河口桥东头') });
    const service = await report(page, { village: 'baishui', kind: 'service', description: '想咨询孩子上户口需要带哪些材料' });
    const help = await report(page, { village: 'dongshan', kind: 'help', description: '家里老人走失了，穿灰色棉袄', more: (p) => p.check('#urgent') });
    for (const r of [cases.disputeWithPhone, hazard, service, help]) expect(await smsFor(r.caseNumber, 'officer')).toHaveLength(1);
    // Urgent help rings the village's joint-defence group too.
    expect((await smsFor(help.caseNumber, 'defence', 2)).length).toBe(2);
  });

  it('shows what to correct next to each field, in the page language, keeping what was typed', async () => {
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/v/xishan/hazard/`);
    await page.fill('#description', '危险');
    await page.fill('#location', '<村口>');
    await page.fill('#phone', '123');
    await page.check('#updates');
    // The browser's own checks (minlength, pattern) would stop it first: let the server answer.
    await page.$eval('#report', (form) => form.setAttribute('novalidate', ''));
    const [response] = await Promise.all([page.waitForNavigation(), page.click('#report button[type="submit"]')]);

    expect(response?.status()).toBe(400);
    expect(await text(page, '#err-description')).toBe('请多写几句，至少 5 个字');
    expect(await text(page, '#err-phone')).toContain('手机号不对');
    expect(await page.getAttribute('#description', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#description')).toBe('危险');
    expect(await page.inputValue('#location')).toBe('<村口>');
    expect(await page.inputValue('#phone')).toBe('123');
    expect(await page.isChecked('#updates')).toBe(true);
    expect(await page.inputValue('input[name="villageId"]')).toBe('xishan');
    expect(await page.isVisible('#err-location')).toBe(false);
    await shot(page, 'report-errors');

    // Corrected, it goes through from the same page.
    await page.fill('#description', '危险的电线杆歪在路边');
    await page.fill('#phone', '13812345678');
    await page.$eval('#report', (form) => form.setAttribute('novalidate', ''));
    await Promise.all([page.waitForURL(/\/receipt\//), page.click('#report button[type="submit"]')]);

    // The same in English.
    await page.goto(`${stack.url}/en/v/xishan/hazard/`);
    await page.fill('#description', 'bad');
    await page.$eval('#report', (form) => form.setAttribute('novalidate', ''));
    const [en] = await Promise.all([page.waitForNavigation(), page.click('#report button[type="submit"]')]);
    expect(en?.status()).toBe(400);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, '#err-description')).toBe('Please write a little more: at least 5 characters');
    expect(await page.inputValue('#description')).toBe('bad');
  });
});

describe('reporting, with JavaScript on', () => {
  it('sends each kind once, even when the button is tapped twice', async () => {
    const page = await phonePage();
    const sent: Receipt[] = [];
    for (const kind of KINDS) {
      sent.push(
        await report(page, {
          village: 'baishui',
          kind,
          description: `脚本开启时提交的${kind}：请民警看一下`,
          submit: (p) => p.dblclick('#report button[type="submit"]'),
        }),
      );
    }
    cases.serviceJsOn = sent[3];
    for (const r of sent) expect(await smsFor(r.caseNumber, 'officer')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000));
    const outbox = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as OutboxSms[];
    for (const kind of KINDS) {
      expect(new Set(outbox.filter((m) => m.role === 'officer' && m.body.includes(`提交的${kind}`)).map((m) => m.caseNumber)).size).toBe(1);
    }
  });

  it('checks the form before sending, with messages in the page language, and counts characters', async () => {
    const page = await phonePage();
    await page.goto(`${stack.url}/report/help/`);
    await page.fill('#description', '有人');
    expect(await text(page, '#description-count')).toBe('已写 2 字，最多 500 字');
    const before = page.url();
    await page.click('#report button[type="submit"]');
    expect(await text(page, '#err-villageId')).toBe('请选择您所在的村（社区）');
    expect(await text(page, '#err-description')).toBe('请多写几句，至少 5 个字');
    expect(page.url()).toBe(before);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('village');

    await page.goto(`${stack.url}/en/report/help/`);
    await page.click('#report button[type="submit"]');
    expect(await text(page, '#err-description')).toBe('Please write what happened');
  });
});

describe('tracking and rating', () => {
  it('opens the case straight from the receipt, without the code in any URL', async () => {
    const page = await phonePage({ js: false });
    const r = await report(page, { village: 'shiqiao', kind: 'service', description: '想问一下开无犯罪记录证明要带什么' });
    await Promise.all([page.waitForURL('**/track'), page.click('main form[action="/track"] button')]);
    expect(await text(page, 'h1')).toContain(r.caseNumber);
    expect(await text(page, '#status')).toBe('待签收');
    expect(page.url()).toBe(`${stack.url}/track`);
  });

  it('shows status and timeline for the right code; a wrong code reads exactly like an unknown case', async () => {
    const { caseNumber, trackingCode } = cases.tipJsOff!;
    const page = await phonePage({ js: false });
    const ok = await track(page, caseNumber, trackingCode.toLowerCase());
    expect(ok?.status()).toBe(200);
    expect(await text(page, 'ol.timeline')).toContain('已收到您的反映');
    expect(await text(page, '#reward')).toBe('线索奖励');
    await shot(page, 'track');

    const wrong = await track(page, caseNumber, 'AAAAA-AAAAA');
    const wrongText = await text(page, '.card.error');
    const unknown = await track(page, caseNumber.replace(/\d{6}$/, '999999'), trackingCode);
    expect(wrong?.status()).toBe(404);
    expect(unknown?.status()).toBe(404);
    expect(await text(page, '.card.error')).toBe(wrongText);
    expect(wrongText).toBe('没有找到：请核对案件编号和查询码。');
  });

  it('shows the reward status of a verified tip', async () => {
    const { caseNumber, trackingCode } = cases.tipJsOff!;
    await officerActs(caseNumber, { action: 'reward', verified: 'yes', tierId: 'tier-2' });
    const page = await phonePage({ js: false });
    await track(page, caseNumber, trackingCode);
    expect(await text(page, '#reward + p')).toBe('线索已核实。 奖励等级：二等（1000 元）');
    expect(await text(page, '#reward-claim')).toMatch(/^领取方式：请在 .+ 前，带上案件编号和查询码，到.+派出所领取。/);
  });

  it('answers the officer’s question about a hazard on the track page, with JavaScript off; the officer gets the answer by SMS', async () => {
    const page = await phonePage({ js: false });
    const { caseNumber, trackingCode } = await report(page, { village: 'dongshan', kind: 'hazard', description: '村口的桥栏杆断了，小孩容易掉下去' });
    await officerActs(caseNumber, { action: 'ask', text: '是哪一座桥？靠近哪户人家？' });

    await track(page, caseNumber, trackingCode);
    expect(await text(page, 'ol.timeline')).toContain('民警提问：是哪一座桥？靠近哪户人家？');
    expect(await text(page, 'label[for="answer"]')).toBe('回答民警的问题');
    await page.fill('#answer', '学校后面那座石桥');
    await Promise.all([page.waitForNavigation(), page.click('form:has(#answer) button[type="submit"]')]);

    expect(await text(page, '[role="status"]')).toBe('已发送，民警会收到短信提醒。');
    expect(await text(page, 'ol.timeline')).toContain('您的回答：学校后面那座石桥');
    const toOfficer = await smsFor(caseNumber, 'officer', 2);
    expect(toOfficer.map((m) => m.body).join('\n')).toContain('群众回复：学校后面那座石桥');
  });

  it('rates a resolved case once, from the link in the resident’s SMS, with JavaScript off', async () => {
    const { caseNumber, trackingCode } = cases.disputeWithPhone!;
    await officerActs(caseNumber, { action: 'acknowledge' });
    await officerActs(caseNumber, { action: 'reply', text: '明天上午到现场看一下边界' });
    await officerActs(caseNumber, { action: 'status', status: 'resolved' });
    // The acknowledgement and the resolution SMS are sent in parallel: find the resolution by its link.
    const resolvedSms = (await smsFor(caseNumber, 'resident', 2)).find((m) => m.body.includes('/track?case='))!;
    const link = /\/track\?case=DEMO-\d{4}-\d{6}/.exec(resolvedSms.body)?.[0];
    expect(link).toBe(`/track?case=${caseNumber}`);

    const page = await phonePage({ js: false });
    await page.goto(stack.url + link);
    expect(await page.inputValue('#case')).toBe(caseNumber);
    await page.fill('#code', trackingCode);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(await text(page, '#status')).toBe('已办结');
    expect(await text(page, '#replies ~ ul')).toContain('明天上午到现场看一下边界');
    await shot(page, 'track-resolved');

    await page.check('#score-4');
    await page.fill('#comment', '民警来得很快，谢谢');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/rate"] button[type="submit"]')]);
    expect(await text(page, '[role="status"]')).toBe('谢谢您的评价！');
    expect(await text(page, 'ol.timeline')).toContain('您的评价：4 分');
    expect(await page.$('form[action="/rate"]')).toBeNull();

    // Once only.
    await page.goto(`${stack.url}/rate?case=${caseNumber}`);
    await shot(page, 'rate');
    await page.fill('#code', trackingCode);
    await page.check('#score-1');
    const [again] = await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(again?.status()).toBe(409);
    expect(await text(page, '[role="alert"]')).toBe('这个案件已经评价过了，每个案件只能评价一次。');
    expect(await text(page, 'ol.timeline')).not.toContain('1 分');
  });

  it('refuses to rate a case that is not resolved yet', async () => {
    const { caseNumber, trackingCode } = cases.serviceJsOn!;
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/rate?case=${caseNumber}`);
    await page.fill('#code', trackingCode);
    await page.check('#score-5');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(res?.status()).toBe(409);
    expect(await text(page, '[role="alert"]')).toBe('案件办结后才能评价。');
  });
});

describe('language', () => {
  it('switches to English and back on the same page, static and server-rendered, with JavaScript off', async () => {
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/v/dongshan/`);
    await Promise.all([page.waitForURL('**/en/v/dongshan/'), page.click('a.lang')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, '#card-title')).toBe('Police contact card');
    await shot(page, 'village-en');

    const r = await report(page, { village: 'dongshan', kind: 'dispute', prefix: '/en', description: 'The neighbours keep blocking the lane with their truck.' });
    expect(page.url()).toMatch(/\?lang=en$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, 'h1')).toBe('Sent');
    await shot(page, 'receipt-en');
    // The receipt in Chinese still shows the code (it is in the cookie, not the URL).
    await Promise.all([page.waitForURL(/\/receipt\/DEMO-\d{4}-\d{6}$/), page.click('a.lang')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await text(page, '#tracking-code')).toBe(r.trackingCode);

    // A tracked case switches language by posting its fields again.
    await track(page, r.caseNumber, r.trackingCode);
    expect(await text(page, '#status')).toBe('待签收');
    await Promise.all([page.waitForNavigation(), page.click('form.lang button')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, '#status')).toBe('Awaiting acknowledgement');
    expect(await text(page, 'ol.timeline')).toContain('Your report was received');
    expect(page.url()).toBe(`${stack.url}/track`);

    await page.goto(`${stack.url}/stats?lang=en`);
    await Promise.all([page.waitForURL(/\/stats$/), page.click('a.lang')]);
    expect(await text(page, 'h1')).toBe('公开数据');
  });
});

/** A phone photo with the camera and the GPS position in its EXIF, as a file to pick in the file input. */
async function exifPhoto(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'cunjing-photo-')), 'IMG_2041.jpg');
  writeFileSync(
    file,
    await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#4a7' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'E2eCam', Model: 'Spy 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1' } })
      .toBuffer(),
  );
  return file;
}

/** The track page's first photo once the photos function attached it (it works on its own time), or null. */
async function trackedPhoto(page: Page, sent: Receipt): Promise<string | null> {
  for (let i = 0; i < 60; i += 1) {
    await track(page, sent.caseNumber, sent.trackingCode);
    const src = await page.getAttribute('section[aria-labelledby="photos"] img', 'src').catch(() => null);
    if (src) return src;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

describe('photos', () => {
  it('sends a photo from the file input, with JavaScript off (in the form post) and on (straight to the bucket); the resident sees it on the track page without its EXIF', async () => {
    const file = await exifPhoto();
    for (const js of [false, true]) {
      const page = await phonePage({ js });
      const posts: { url: string; bytes: number }[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push({ url: r.url(), bytes: r.postDataBuffer()?.byteLength ?? 0 });
      });
      const sent = await report(page, { village: 'dongshan', kind: 'hazard', description: `照片测试（${js ? '有' : '无'}脚本）：桥栏杆断了`, more: (p) => p.setInputFiles('#photo', file) });

      // With JavaScript the case post carries the fields only, and the photo goes to the bucket by its presigned POST.
      const uploads = posts.filter((x) => x.url.startsWith(stack.s3.endpoint));
      const casePosts = posts.filter((x) => x.url === `${stack.url}/api/v1/cases`);
      expect(casePosts).toHaveLength(1);
      if (js) {
        expect(uploads.map((x) => x.url)).toEqual([`${stack.s3.endpoint}/${stack.s3.bucket}`]);
        expect(casePosts[0]!.bytes).toBeLessThan(4_000);
        expect(posts.filter((x) => x.url === `${stack.url}/api/v1/cases/${sent.caseNumber}/photos`)).toHaveLength(1);
      } else {
        expect(uploads).toEqual([]);
      }

      const src = await trackedPhoto(page, sent);
      expect(src, `photo on the track page (JavaScript ${js ? 'on' : 'off'})`).toContain(`${stack.s3.endpoint}/${stack.s3.bucket}/photos/${sent.caseNumber}/`);
      // The preview loads in the page (CSP allows the bucket's origin), 320 pixels wide.
      await page.locator('section[aria-labelledby="photos"] img').scrollIntoViewIfNeeded();
      // Polled with page.evaluate: waitForFunction's in-page polling evaluates strings, which the page's CSP refuses.
      await expect.poll(() => page.evaluate('document.querySelector("section[aria-labelledby=photos] img").naturalWidth'), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await page.evaluate('document.querySelector("section[aria-labelledby=photos] img").naturalWidth')).toBe(320);
      const photo = Buffer.from(await (await fetch(src!)).arrayBuffer());
      expect((await sharp(photo).metadata()).exif).toBeUndefined();
      await shot(page, `track-photo-${js ? 'js' : 'nojs'}`);
    }
  }, 120_000);
});

describe('a weak network, with JavaScript', () => {
  it('keeps a report on the phone while offline and sends it exactly once, with the same Idempotency-Key, when the network returns', async () => {
    const page = await phonePage();
    const context = page.context();
    const description = `断网测试：后山的路被塌方堵住了，车过不去`;
    await page.goto(`${stack.url}/v/dongshan/hazard/`);
    await page.fill('#description', description);
    await page.setInputFiles('#photo', await exifPhoto());
    const keys: string[] = [];
    let loseAnswer = true;
    await page.route(`${stack.url}/api/v1/cases`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!loseAnswer) return route.continue();
      // The post reaches the server and the case is made, but the answer is lost on the way back.
      loseAnswer = false;
      await route.fetch();
      await route.abort('internetdisconnected');
    });

    // Offline: nothing leaves; the page says the form is kept on the phone.
    await context.setOffline(true);
    await page.click('#report button[type="submit"]');
    await page.waitForSelector('#queued:not([hidden])');
    expect(await text(page, '#queued')).toContain('表单已保存在这部手机上');
    expect(await text(page, '#queued')).toContain('照片只有在本页不关闭时才会一起发出');
    const kept = JSON.parse((await page.evaluate('localStorage.getItem("cj_queue")')) as string) as { k: string; p: [string, string][] };
    expect(kept.p).toContainEqual(['description', description]);
    expect(keys).toEqual([]);
    await shot(page, 'report-offline');

    // Back online: sent by itself; its answer is lost, so the form waits again.
    await context.setOffline(false);
    await expect.poll(() => keys.length).toBe(1);
    await page.waitForSelector('#queued:not([hidden])');
    expect(page.url()).toBe(`${stack.url}/v/dongshan/hazard/`);

    // The network returns once more: the same key answers with the case the first post made.
    await context.setOffline(true);
    await Promise.all([page.waitForURL(/\/receipt\/DEMO-\d{4}-\d{6}$/), context.setOffline(false)]);
    const sent = { caseNumber: await text(page, '#case-number'), trackingCode: await text(page, '#tracking-code') };
    expect(sent.trackingCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys)).toEqual(new Set([kept.k]));
    expect(await page.evaluate('localStorage.getItem("cj_queue")')).toBeNull();

    // Exactly one case: one officer SMS for this text, and the photo on it.
    expect(await smsFor(sent.caseNumber, 'officer')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1000));
    const outbox = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as OutboxSms[];
    expect(outbox.filter((m) => m.role === 'officer' && m.body.includes('断网测试')).map((m) => m.caseNumber)).toEqual([sent.caseNumber]);
    expect(await trackedPhoto(page, sent)).toContain(`/photos/${sent.caseNumber}/`);
  }, 120_000);
});

describe('a second look', () => {
  it('reopens a resolved case from the track page (“not fixed”): back with the village officer, who gets an SMS', async () => {
    const page = await phonePage();
    const sent = await report(page, { village: 'dongshan', kind: 'hazard', description: '复查测试：村口路灯修过了又不亮' });
    await officerActs(sent.caseNumber, { action: 'acknowledge' });
    await officerActs(sent.caseNumber, { action: 'status', status: 'resolved' });

    await track(page, sent.caseNumber, sent.trackingCode);
    expect(await text(page, '#status')).toBe('已办结');
    await page.fill('#reopen', '路灯还是不亮，晚上很黑');
    await Promise.all([page.waitForNavigation(), page.click('form:has(#reopen) button[type="submit"]')]);

    expect(await text(page, '[role="status"]')).toBe('已重新交给驻村民警办理，民警会收到短信。');
    expect(await text(page, '#status')).toBe('待签收');
    expect(await text(page, 'ol.timeline')).toContain('您反映问题未解决，已重新交给驻村民警办理：路灯还是不亮，晚上很黑');
    expect(await page.$('#reopen')).toBeNull();
    const officer = await smsFor(sent.caseNumber, 'officer', 2);
    expect(officer).toHaveLength(2);
    expect(officer[1]!.body).toContain(`群众反映未解决，重新办理${sent.caseNumber}`);
    await shot(page, 'track-reopened');
  });
});

describe('the place', () => {
  it('fills the coordinates from “use my position” (JavaScript), and the officer sees them with a map link; no map tiles on the resident’s page', async () => {
    const context = await browser.newContext({ ...PHONE, geolocation: { latitude: 30.25012, longitude: 120.16891 }, permissions: ['geolocation'] });
    contexts.push(context);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    const sent = await report(page, {
      village: 'dongshan',
      kind: 'hazard',
      description: '位置测试：村口的桥栏杆断了',
      more: async (p) => {
        await p.click('[data-geo] button');
        await expect.poll(() => p.evaluate('document.querySelector("[data-geo] p").textContent.indexOf("30.25012") >= 0'), { timeout: 30_000 }).toBe(true);
      },
    });

    expect(requests.filter((u) => !u.startsWith(stack.url))).toEqual([]);
    await smsFor(sent.caseNumber, 'officer');
    const [sms] = await smsFor(sent.caseNumber, 'officer');
    const officer = await (await fetch(stack.url + /\/o\/[0-9a-z]{12}/.exec(sms!.body)![0])).text();
    expect(officer).toContain('30.25012, 120.16891');
    expect(officer).toContain('https://uri.amap.com/marker?position=120.16891,30.25012&amp;coordinate=wgs84');
  });
});

describe('large text', () => {
  /** The body's font size in CSS pixels, and whether anything sticks out sideways at 360 px. */
  const layout = (page: Page) =>
    page.evaluate('({ fontSize: parseFloat(getComputedStyle(document.body).fontSize), overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth })') as Promise<{ fontSize: number; overflow: number }>;
  /** The text twice its size, as a phone's largest font setting does. */
  const doubleText = (page: Page) => page.evaluate("document.documentElement.style.fontSize = '200%'");

  it('turns on from the header’s 大字 switch without JavaScript, on static and server pages', async () => {
    const page = await phonePage({ js: false });
    for (const path of ['/v/dongshan/help/', '/track']) {
      await page.goto(`${stack.url}${path}`);
      const before = await layout(page);

      await page.click('label.large-switch');

      const after = await layout(page);
      expect(after.fontSize, path).toBeGreaterThanOrEqual(before.fontSize * 1.5);
      expect(after.overflow, path).toBeLessThanOrEqual(0);
    }
    await shot(page, 'large-text-nojs');
  });

  it('is remembered from page to page with JavaScript, and the server pages render it large at once', async () => {
    const page = await phonePage();
    await page.goto(`${stack.url}/v/dongshan/`);
    const normal = (await layout(page)).fontSize;
    await page.click('label.large-switch');

    await page.goto(`${stack.url}/v/dongshan/dispute/`);
    expect((await layout(page)).fontSize).toBeGreaterThanOrEqual(normal * 1.5);
    expect(await page.isChecked('#large-text')).toBe(true);
    const server = await (await page.context().request.get(`${stack.url}/alerts`)).text();
    expect(server).toContain('<html lang="zh-CN" class="large">');

    await page.click('label.large-switch');
    await page.goto(`${stack.url}/stats`);
    expect((await layout(page)).fontSize).toBe(normal);
  });

  it('holds every page type’s layout at 200% text on a 360 px phone', async () => {
    const page = await phonePage();
    const sent = await report(page, { village: 'dongshan', kind: 'help', description: '大字测试：路口有人摔倒，需要帮忙' });
    const paths = ['/', '/v/dongshan/', '/v/dongshan/tip/', '/report/help/', '/en/v/dongshan/hazard/', '/track', '/en/track', '/rate', '/alerts', '/en/alerts', '/stats', '/en/stats', '/find?q=山'];
    for (const path of paths) {
      await page.goto(`${stack.url}${path}`);
      await doubleText(page);

      expect((await layout(page)).overflow, path).toBeLessThanOrEqual(0);
    }
    await track(page, sent.caseNumber, sent.trackingCode);
    await doubleText(page);
    expect((await layout(page)).overflow, 'a tracked case').toBeLessThanOrEqual(0);
    await shot(page, 'track-200pct');
  });
});

describe('alerts, statistics, posters', () => {
  it('lists the alerts in force, county-wide and by township, with the text escaped', async () => {
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/alerts`);
    expect(await page.$$eval('article', (a) => a.length)).toBe(2);
    expect(await text(page, '#alert-baishui-flood-title')).toBe('白水乡汛期注意安全 <b>不要</b>下河');
    await shot(page, 'alerts');
    await page.selectOption('#station', 'qingshan-zhen');
    await Promise.all([page.waitForURL(/\/alerts\?station=qingshan-zhen$/), page.click('main form button')]);
    expect(await page.$$eval('article', (a) => a.map((x) => x.id))).toEqual(['alert-fraud-call']);
  });

  it('shows each month’s figures per township and county, as a chart and as tables', async () => {
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/stats`);
    expect(await page.$$eval('svg.chart rect', (r) => r.length)).toBe(24);
    const firstRow = await page.$$eval('section[aria-labelledby="by-month"] tbody tr:first-child > *', (cells) => cells.map((c) => c.textContent?.trim()));
    expect(Number(firstRow[1])).toBeGreaterThanOrEqual(10);
    expect(firstRow[4]).toBe('4.0（1人）');
    expect(await page.$$eval('th[scope="row"]', (r) => r.map((x) => x.textContent)).then((r) => r.includes('白水乡'))).toBe(true);
    await shot(page, 'stats');
    await page.selectOption('#area', 'baishui-xiang');
    await Promise.all([page.waitForURL(/\/stats\?area=baishui-xiang$/), page.click('main form button')]);
    expect(await text(page, '#by-month')).toContain('白水乡');
  });

  it('prints one A4 poster per village with the QR code of its page', async () => {
    const page = await phonePage({ js: false });
    await page.goto(`${stack.url}/posters/`);
    const posters = await page.$$eval('.poster', (p) => p.map((x) => x.id));
    expect(posters).toHaveLength(15);
    const expected = await QRCode.toString(`${QR_BASE}/v/dongshan`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    expect(await page.$eval('#poster-dongshan .poster-qr img', (img) => img.getAttribute('src'))).toBe('/qr/dongshan.svg');
    expect(await page.evaluate("[...document.querySelectorAll('.poster-qr img')].filter((img) => !img.complete || img.naturalWidth === 0).length")).toBe(0);
    expect(await text(page, '#poster-dongshan')).toContain('驻村民警：王军');
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate("getComputedStyle(document.getElementById('poster-dongshan')).breakAfter")).toBe('page');
    expect(await page.$eval('#poster-dongshan .poster-qr img', (img) => Math.round(img.getBoundingClientRect().width * 25.4 / 96))).toBe(110);
    expect(await page.isVisible('.top')).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ARTIFACTS, 'posters.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(15);

    const svg = await fetch(`${stack.url}/qr/dongshan.svg`);
    expect(svg.headers.get('Content-Type')).toContain('image/svg+xml');
    expect(await svg.text()).toBe(expected);
  });
});

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation on any page type', async () => {
    const page = await phonePage({ bypassCSP: true });
    const r = cases.serviceJsOn!;
    const visits: [string, string][] = [
      ['home', '/'],
      ['home (English)', '/en/'],
      ['village', '/v/dongshan/'],
      ...KINDS.map((k): [string, string] => [`report form: ${k}`, `/v/dongshan/${k}/`]),
      ['report form, village to choose', '/report/tip/'],
      ['find', `/find?q=${encodeURIComponent('村')}`],
      ['track (form)', '/track'],
      ['rate', '/rate'],
      ['alerts', '/alerts'],
      ['stats', '/stats'],
      ['posters', '/posters/'],
      ['poster (one village)', '/posters/dongshan/'],
    ];
    for (const [name, path] of visits) {
      await page.goto(stack.url + path);
      await axe(page, name);
    }

    await page.goto(`${stack.url}/v/dongshan/hazard/`);
    await page.$eval('#report', (form) => form.setAttribute('novalidate', ''));
    await Promise.all([page.waitForNavigation(), page.evaluate("document.getElementById('report').submit()")]);
    await axe(page, 'report form with errors');

    await page.goto(`${stack.url}/v/dongshan/service/`);
    await page.fill('#description', '无障碍检查：想咨询办理居住证');
    await Promise.all([page.waitForURL(/\/receipt\//), page.click('#report button[type="submit"]')]);
    await axe(page, 'receipt');

    await track(page, r.caseNumber, r.trackingCode);
    await axe(page, 'track (a case)');
    await track(page, cases.disputeWithPhone!.caseNumber, cases.disputeWithPhone!.trackingCode);
    await axe(page, 'track (resolved and rated)');
    await track(page, r.caseNumber, 'WRONG-CODE0');
    await axe(page, 'track (not found)');
  });
});

describe('weight and scripts', () => {
  it('keeps every report page under 30 KB gzipped, every public page under 7.1 KB (the posters sheet too, its QR codes being image files) and the public JavaScript under 10 KB', async () => {
    const weights = await measureWeights(stack.url);
    writeFileSync(join(ARTIFACTS, 'weights.json'), JSON.stringify(weights, null, 2));
    writeFileSync(join(ARTIFACTS, 'weights.md'), `${weightsTable(weights)}\n`);
    for (const w of weights.filter((x) => x.name.startsWith('report form'))) expect(w.total, w.name).toBeLessThanOrEqual(REPORT_PAGE_BUDGET);
    for (const w of weights) expect(w.total, w.name).toBeLessThanOrEqual(PUBLIC_PAGE_BUDGET);
    // Issue #12: no heavier than the heaviest page when it was filed.
    for (const w of weights) expect(w.total, w.name).toBeLessThanOrEqual(HEAVIEST_PAGE_BUDGET);
    // The posters show each village's QR code as a file (weighed apart, like photos).
    expect(weights.find((w) => w.path === '/posters/')?.images).toBeGreaterThan(0);
    // No page is light for want of a stylesheet it needs.
    for (const w of weights) expect(w.unstyled, w.name).toEqual([]);
    // One script, the same on every page: the total a resident's browser ever loads.
    expect(Math.max(...weights.map((w) => w.js))).toBeLessThanOrEqual(PUBLIC_JS_BUDGET);
  });

  it('inlines the report form’s script on the report forms, the posters’ on the posters and the site’s on every other page, whose hashes the server pages’ CSP allows', async () => {
    const pages = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        // The admin console (web/src/pages/admin) is not a public page.
        if (statSync(path).isDirectory()) {
          if (path !== join(WEB_DIST, 'admin')) walk(path);
        } else if (name.endsWith('.html')) {
          const text = readFileSync(path, 'utf8');
          pages.set(path, [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!));
        }
      }
    };
    walk(WEB_DIST);
    const forms = [...pages.keys()].filter((path) => readFileSync(path, 'utf8').includes('id="report"'));
    const posters = [...pages.keys()].filter((path) => path.includes(`${sep}posters${sep}`));

    expect(forms.length).toBeGreaterThan(0);
    expect(posters.length).toBeGreaterThan(0);
    const expected = (path: string, scripts: string[]) => (forms.includes(path) ? [REPORT_JS] : posters.includes(path) ? [POSTER_JS] : scripts.length > 0 ? [ENHANCE_JS] : []);
    for (const [path, scripts] of pages) expect(scripts, path).toEqual(expected(path, scripts));
    expect(ENHANCE_CSP_HASH).toBe(`'sha256-${createHash('sha256').update(ENHANCE_JS).digest('base64')}'`);
    expect(REPORT_CSP_HASH).toBe(`'sha256-${createHash('sha256').update(REPORT_JS).digest('base64')}'`);
    const track = await fetch(`${stack.url}/track`);
    expect(track.headers.get('Content-Security-Policy')).toContain(ENHANCE_CSP_HASH);
    expect(await track.text()).toContain(`<script>${ENHANCE_JS}</script>`);
    const form = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ kind: 'tip', villageId: 'dongshan', description: '短', lang: 'zh-CN' }) });
    expect(form.headers.get('Content-Security-Policy')).toContain(REPORT_CSP_HASH);
    expect(await form.text()).toContain(`<script>${REPORT_JS}</script>`);
  });
});
