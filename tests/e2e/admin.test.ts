/**
 * The admin console on a 360-px phone against the real local stack (DynamoDB Local, the built site):
 * the village officer signs in with the SMS code from the outbox, finds a dispute in his list,
 * acknowledges it and sees the timeline; the police assistant of the same village sees the dispute
 * but never the tip; office staff edit a village's joint-defence contacts on the roster; bureau staff
 * publish an alert, sort the assessment and read the audit log; a station chief sees signed-in phones.
 * axe-core checks every console page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type LocalStack } from '../../scripts/local/stack.ts';
import { ARTIFACTS, startBrowserRun, stopBrowserRun } from '../support/browser.ts';

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

let stack: LocalStack;
let browser: Browser;
const cases = { dispute: '', tip: '' };

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

interface Sms {
  to: string;
  role: string;
  body: string;
}
const outbox = async () => (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as Sms[];

/** The newest sign-in code sent to `to` after `seen` login messages. */
async function loginCode(to: string, seen: number): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const sms = (await outbox()).filter((m) => m.role === 'login' && m.to === to);
    if (sms.length > seen) return /(\d{6})/.exec(sms.at(-1)!.body)![1]!;
    if (Date.now() > deadline) throw new Error(`no sign-in code for ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The newest one-tap link sent to `to` for a case, once the router has sent it. */
async function waitForLink(caseNumber: string, to: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const sms = (await outbox()).filter((m) => m.to === to && m.body.includes(caseNumber));
    const link = /(https?:\/\/\S+\/o\/[0-9a-z]{12})/.exec(sms.at(-1)?.body ?? '')?.[1];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no link to ${to} for ${caseNumber}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const loginsTo = async (to: string) => (await outbox()).filter((m) => m.role === 'login' && m.to === to).length;

/** The village officer's SMS about a case, once the router has sent it (undefined after 8 s). */
async function officerSms(caseNumber: string): Promise<Sms | undefined> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const sms = (await outbox()).find((m) => m.role === 'officer' && m.body.includes(caseNumber));
    if (sms || Date.now() > deadline) return sms;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fills the filing page for a resident who agreed, sends it and waits for the receipt: the case number. */
async function fileWithConsent(page: Page, fields: { kind: string; description: string; name: string; phone: string }): Promise<string> {
  await page.check(`input[name="kind"][value="${fields.kind}"]`);
  await page.fill('#file-description', fields.description);
  await page.fill('#file-name', fields.name);
  await page.fill('#file-phone', fields.phone);
  await page.check('#file-consent');
  await page.click('#file-form button[type="submit"]');
  await page.waitForSelector('#receipt:not([hidden])');
  return ((await page.textContent('#case-number')) ?? '').trim();
}

/** Types the phone as a person would (no +86), asks for the code and signs in; lands on the case list. */
async function signIn(context: BrowserContext, typed: string, landing = '/admin/cases/'): Promise<Page> {
  const to = `+86${typed}`;
  const seen = await loginsTo(to);
  const page = await context.newPage();
  await page.goto(`${stack.url}/admin/${landing === '/admin/cases/' ? '' : `?next=${encodeURIComponent(landing)}`}`);
  await page.fill('#phone', typed);
  await page.click('#send-code');
  await page.waitForSelector('#verify-form:not([hidden])');
  await page.fill('#code', await loginCode(to, seen));
  await Promise.all([page.waitForURL(`${stack.url}${landing}`), page.click('#sign-in')]);
  return page;
}

/** Signs `typed` in on a phone of its own, landing on a page of the console. */
async function signedIn(typed: string, landing = '/admin/cases/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(phone);
  return { context, page: await signIn(context, typed, landing) };
}

/** Signs `typed` in and opens a case's page in the console, once the case is shown. */
async function openCase(typed: string, caseNumber: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await signedIn(typed);
  await page.goto(`${stack.url}/admin/case/?n=${caseNumber}`);
  await page.waitForSelector('#case-status');
  return { context, page };
}

/** The error line beside a control says `words`, and the control is marked invalid. */
async function expectFieldError(page: Page, control: string, errorLine: string, words: string): Promise<void> {
  expect(await page.textContent(errorLine)).toContain(words);
  expect(await page.getAttribute(control, 'aria-invalid')).toBe('true');
}

/** Checks the page as it is now with axe-core (no serious or critical violation) and keeps its screenshot in test-artifacts. */
async function accessibleAsShot(page: Page, name: string): Promise<void> {
  expect(await axeProblems(page)).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Serious and critical axe-core violations on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // The test runs without the DOM types: reach the page's globals through globalThis.
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    return (await g.axe.run(g.document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  ({ stack, browser } = await startBrowserRun('admin-e2e'));
  cases.dispute = await submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解', name: '李四', phone: '13812345678' });
  cases.tip = await submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' });
}, 120_000);

afterAll(() => stopBrowserRun({ stack, browser }));

describe('admin console', () => {
  it('sends a visitor without a session to sign-in, and says so plainly when the code is wrong', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();

    await page.goto(`${stack.url}/admin/cases/`);
    await page.waitForURL(/\/admin\/\?next=%2Fadmin%2Fcases%2F$/);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-signin-360.png'), fullPage: true });

    await page.fill('#phone', '12345');
    await page.click('#send-code');
    await expectFieldError(page, '#phone', '#phone-error', '手机号');

    const seen = await loginsTo('+8613800001002');
    await page.fill('#phone', '138 0000 1002');
    await page.click('#send-code');
    await page.waitForSelector('#verify-form:not([hidden])');
    const code = await loginCode('+8613800001002', seen);
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.click('#sign-in');
    await page.waitForSelector('#code-error:not([hidden])');
    expect(await page.textContent('#code-error')).toContain('验证码错误或已过期');
    expect(page.url()).toMatch(/\/admin\/\?next=/);
    await context.close();
  });

  it('lets the village officer find the dispute in his list, open it, acknowledge it and see the timeline', async () => {
    const context = await browser.newContext(phone);
    const page = await signIn(context, '13800001001');

    const row = page.locator(`#list a[href="/admin/case/?n=${cases.dispute}"]`);
    await row.waitFor();
    await expect.poll(() => page.textContent('#who')).toContain('王军');
    expect(await page.locator(`#list a[href="/admin/case/?n=${cases.tip}"]`).count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-cases-360.png'), fullPage: true });

    await Promise.all([page.waitForURL(new RegExp(`/admin/case/\\?n=${cases.dispute}$`)), row.click()]);
    await page.waitForSelector('#case-status');
    expect(await page.textContent('#case-status')).toBe('待签收');
    expect(await page.textContent('#facts')).toContain('李四');

    await page.click('form[data-action="acknowledge"] button');
    await page.waitForSelector('#action-ok:not([hidden])');

    expect(await page.textContent('#case-status')).toBe('已签收');
    expect(await page.locator('form[data-action="acknowledge"]').isHidden()).toBe(true);
    expect(await page.textContent('#timeline')).toContain('王军（驻村民警）：已签收');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-case-360.png'), fullPage: true });
    await context.close();
  });

  it('shows the police assistant the dispute of his village but never the tip', async () => {
    const context = await browser.newContext(phone);
    const page = await signIn(context, '13900002001');

    await page.locator(`#list a[href="/admin/case/?n=${cases.dispute}"]`).waitFor();
    expect(await page.locator(`#list a[href="/admin/case/?n=${cases.tip}"]`).count()).toBe(0);
    expect(await page.textContent('#list')).not.toContain(cases.tip);
    expect(await page.locator('#f-kind option[value="tip"]').count()).toBe(0);
    await context.close();
  });

  it('lets the station record the payout of a verified tip’s reward with the tipster’s tracking code, once', async () => {
    const res = await fetch(`${stack.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'tip', villageId: 'dongshan', description: '村东头有人收购来路不明的电缆' }) });
    const { caseNumber, trackingCode } = (await res.json()) as { caseNumber: string; trackingCode: string };
    const deadline = Date.now() + 8_000;
    let link: string | undefined;
    while (!link && Date.now() < deadline) {
      link = /\/o\/[0-9a-z]{12}/.exec((await outbox()).find((m) => m.role === 'officer' && m.body.includes(caseNumber))?.body ?? '')?.[0];
      if (!link) await new Promise((r) => setTimeout(r, 100));
    }
    const verified = await fetch(stack.url + link!, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=reward&verified=yes&tierId=tier-3' });
    expect(verified.status).toBe(303);

    const { context, page } = await openCase('13300006101', caseNumber);
    const form = page.locator('form[data-action="payout"]');
    await form.waitFor();
    expect(await page.textContent('#facts')).toContain('尚未领取');

    await page.fill('#payout-code', 'AAAAA-AAAAA');
    await form.locator('button').click();
    await page.waitForSelector('#payout-code-error:not([hidden])');
    expect(await page.textContent('#payout-code-error')).toBe('查询码与本案件不符。');
    expect(await axeProblems(page)).toEqual([]);

    await page.fill('#payout-code', trackingCode);
    await form.locator('button').click();
    await page.waitForSelector('#action-ok:not([hidden])');
    expect(await page.textContent('#facts')).toMatch(/已于 .+ 发放（经办：马丽）/);
    expect(await page.textContent('#timeline')).toContain('马丽（派出所）：奖励已发放');
    expect(await form.isHidden()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-payout-360.png'), fullPage: true });
    await context.close();
  });

  it('lets the village information officer file a case for a resident, with consent, from his phone; the officer’s SMS says who filed it', async () => {
    const context = await browser.newContext(phone);
    const page = await signIn(context, '13600007001', '/admin/file/');
    await page.locator('#file-form').waitFor();
    expect(await page.inputValue('#file-village')).toBe('dongshan');

    await page.check('input[name="kind"][value="hazard"]');
    await page.fill('#file-description', '村东头小桥的护栏断了，孩子上学要经过');
    await page.fill('#file-name', '刘大爷');
    await page.fill('#file-phone', '13812340000');
    await page.click('#file-form button[type="submit"]');
    await page.waitForSelector('#file-consent-error:not([hidden])');
    expect(await page.textContent('#file-consent-error')).toBe('请先征得群众同意。');
    expect(await axeProblems(page)).toEqual([]);

    await page.check('#file-consent');
    await page.click('#file-form button[type="submit"]');
    await page.waitForSelector('#receipt:not([hidden])');
    const caseNumber = ((await page.textContent('#case-number')) ?? '').trim();
    expect(caseNumber).toMatch(/^DEMO-\d{4}-\d{6}$/);
    expect(((await page.textContent('#tracking-code')) ?? '').trim()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-file-360.png'), fullPage: true });

    expect((await officerSms(caseNumber))?.body).toContain('东山村（信息员李梅代报）');
    await context.close();
  });

  it("lets office staff edit a village's joint-defence contacts on the roster, with errors beside the fields", async () => {
    const context = await browser.newContext(phone);
    const page = await signIn(context, '13300006001');
    await page.goto(`${stack.url}/admin/roster/`);
    // The console fills #who from GET /me after the page has loaded.
    await expect.poll(() => page.textContent('#who')).toContain('张伟');

    await page.click('button[data-edit="village:dongshan"]');
    const dialog = page.locator('#editor');
    await dialog.waitFor();
    expect(await page.textContent('#editor-title')).toContain('东山村');
    // The demo roster has two contacts for 东山村: both go, one new one comes.
    await dialog.getByRole('button', { name: '删除联防队员 2' }).click();
    await dialog.getByRole('button', { name: '删除联防队员 1' }).click();
    await dialog.getByRole('button', { name: '添加联防队员' }).click();
    await page.fill('[name="defenceContacts.0.name"]', '东山联防新组');
    await page.fill('[name="defenceContacts.0.phone"]', '12345');
    await page.click('#editor button[type="submit"]');
    await expectFieldError(page, '[name="defenceContacts.0.phone"]', '[data-error-for="defenceContacts.0.phone"]', '手机号');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-roster-edit-360.png'), fullPage: true });

    await page.fill('[name="defenceContacts.0.phone"]', '137 0000 3099');
    await page.click('#editor button[type="submit"]');
    await page.locator('#status', { hasText: '已保存' }).waitFor();
    expect(await dialog.isHidden()).toBe(true);

    await page.reload();
    const village = page.locator('#roster li[data-village="dongshan"]');
    await village.waitFor();
    expect(await village.locator('h4').textContent()).toBe('东山村');
    expect(await village.locator('dd').nth(2).textContent()).toBe('东山联防新组 13700003099');
    expect(await village.locator('dd').nth(3).textContent()).toBe('李梅 13600007001');
    expect(await page.textContent('#roster')).not.toContain('东山联防1组');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-roster-360.png'), fullPage: true });
    await context.close();
  });
});

describe('information officers on the roster', () => {
  it('lets office staff add a village’s information officer and correct his name on the roster page, with the error beside the field; he then signs in and files a case that names him', async () => {
    const staff = await browser.newContext(phone);
    const page = await signIn(staff, '13300006001');
    await page.goto(`${stack.url}/admin/roster/`);
    await expect.poll(() => page.textContent('#who')).toContain('张伟');
    const dialog = page.locator('#editor');

    await page.click('button[data-edit="village:xishan"]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '添加信息员' }).click();
    await page.fill('[name="informants.0.name"]', '赵晓红');
    await page.fill('[name="informants.0.phone"]', '1360000');
    await page.click('#editor button[type="submit"]');
    await expectFieldError(page, '[name="informants.0.phone"]', '[data-error-for="informants.0.phone"]', '手机号');
    await page.fill('[name="informants.0.phone"]', '136 0000 7099');
    await page.click('#editor button[type="submit"]');
    await page.locator('#status', { hasText: '已保存' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.click('button[data-edit="village:xishan"]');
    await dialog.waitFor();
    expect(await page.inputValue('[name="informants.0.phone"]')).toBe('13600007099');
    await page.fill('[name="informants.0.name"]', '赵小红');
    await page.click('#editor button[type="submit"]');
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    const village = page.locator('#roster li[data-village="xishan"]');
    await village.waitFor();

    expect(await village.locator('dd').nth(3).textContent()).toBe('赵小红 13600007099');
    await staff.close();

    const informant = await browser.newContext(phone);
    const filing = await signIn(informant, '13600007099', '/admin/file/');
    await filing.locator('#file-form').waitFor();
    expect(await filing.inputValue('#file-village')).toBe('xishan');
    const caseNumber = await fileWithConsent(filing, { kind: 'service', description: '村里王奶奶的身份证丢了，想问补办要带什么', name: '王奶奶', phone: '13812340001' });

    expect(caseNumber).toMatch(/^DEMO-\d{4}-\d{6}$/);
    expect((await officerSms(caseNumber))?.body).toContain('西山村（信息员赵小红代报）');
    await informant.close();
  });
});

describe('the chain in the console', () => {
  it('marks a case that climbed past its SLA with its level and 已超时 in the bureau’s list, and a fresh case with neither', async () => {
    const climbed = await submit({ kind: 'tip', villageId: 'xishan', description: '村口小卖部夜里有人聚众赌博' });
    await fetch(`${stack.url}/dev/clock?advanceMinutes=121`, { method: 'POST' });
    await fetch(`${stack.url}/dev/escalate`, { method: 'POST' });
    const fresh = await submit({ kind: 'tip', villageId: 'xishan', description: '河边有人用电网捕鱼，很危险' });
    const context = await browser.newContext(phone);
    const page = await signIn(context, '13300006201');

    const row = page.locator(`#list a[href="/admin/case/?n=${climbed}"]`);
    await row.waitFor();
    const freshRow = page.locator(`#list a[href="/admin/case/?n=${fresh}"]`);
    await freshRow.waitFor();

    expect(await row.locator('.badge.level').textContent()).toBe('中心警务室');
    expect(await row.locator('.badge.overdue').textContent()).toBe('已超时');
    expect(await freshRow.locator('.badge.level').count()).toBe(0);
    expect(await freshRow.locator('.badge.overdue').count()).toBe(0);
    if (!(await page.locator('#filter-box').getAttribute('open'))) await page.click('#filter-box summary');
    await page.check('[name="overdue"]');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => freshRow.count()).toBe(0);
    expect(await row.count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-cases-overdue-360.png'), fullPage: true });
    await context.close();
  });

  it('lets the village officer report a case up from his SMS link with a reason, and the office duty contact gets the SMS', async () => {
    const caseNumber = await submit({ kind: 'hazard', villageId: 'nanwan', description: '南湾村口的桥栏杆断了，晚上很危险' });
    const link = await waitForLink(caseNumber, '+8613800001002');
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(link);

    await page.click('summary:has-text("上报上级")');
    await page.click('form:has(input[value="escalate"]) button[type="submit"]');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { querySelector: (s: string) => { validity: { valid: boolean } } } }).document.querySelector('#escalate-reason').validity.valid)).toBe(false);
    await page.fill('#escalate-reason', '桥归乡里管，需要派出所联系乡政府');
    await page.selectOption('#escalate-level', '3');
    await Promise.all([page.waitForURL(/\?done$/), page.click('form:has(input[value="escalate"]) button[type="submit"]')]);

    expect(await page.textContent('body')).toContain('当前层级：派出所');
    expect(await page.textContent('.timeline')).toContain('上报派出所');
    await page.screenshot({ path: join(ARTIFACTS, 'officer-escalate-360.png'), fullPage: true });
    await expect.poll(async () => (await outbox()).some((m) => m.to === '+8613500004010' && m.body.includes(caseNumber) && m.body.includes('上报')), { timeout: 10_000 }).toBe(true);
    await context.close();
  });

  it('lets the station report a case up to the bureau and hand it back down to the village officer from the console', async () => {
    const caseNumber = await submit({ kind: 'dispute', villageId: 'hekou', description: '河口村两家因为水渠放水吵架' });
    const { context, page } = await openCase('13300006101', caseNumber);

    await page.click('form[data-action="escalate"] button[type="submit"]');
    expect(await page.textContent('#escalate-reason-error')).toContain('请填写此项');
    await page.fill('#escalate-reason', '跨乡镇用水纠纷，请县局协调');
    await page.click('form[data-action="escalate"] button[type="submit"]');
    await page.waitForSelector('#action-ok:not([hidden])');
    expect(await page.textContent('#facts')).toContain('县局值班台');
    expect(await page.textContent('#timeline')).toContain('上报县局值班台');

    expect(await page.inputValue('#assign-village')).toBe('hekou');
    await page.fill('#assign-reason', '县局已协调，请驻村民警落实');
    await page.click('form[data-action="assign"] button[type="submit"]');
    await page.waitForSelector('#action-ok:not([hidden])');
    await expect.poll(() => page.textContent('#timeline'), { timeout: 10_000 }).toContain('下派河口村驻村民警赵强');
    expect(await page.textContent('#facts')).toContain('驻村民警');
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-case-escalate-assign-360.png'), fullPage: true });
    await expect.poll(async () => (await outbox()).some((m) => m.to === '+8613800001003' && m.body.includes(caseNumber) && m.body.includes('下派')), { timeout: 10_000 }).toBe(true);
    await context.close();
  });
});

describe('the console pages drawn from components', () => {
  // Bureau staff sign in once for these pages (sign-in codes to one phone are limited).
  let bureau: BrowserContext | undefined;
  async function bureauPage(path: string): Promise<Page> {
    if (!bureau) {
      bureau = await browser.newContext(phone);
      return signIn(bureau, '13300006201', path);
    }
    const page = await bureau.newPage();
    await page.goto(`${stack.url}${path}`);
    return page;
  }
  afterAll(async () => {
    await bureau?.close();
  });

  it('lets bureau staff publish an alert county-wide, says what is wrong beside each field first, and lists it in force with its words as text', async () => {
    const page = await bureauPage('/admin/alerts/');
    await page.waitForSelector('#publish:not([hidden])');
    await expect.poll(() => page.locator('#alert-scope option').count()).toBeGreaterThan(1);

    const publish = page.locator('#alert-form button[type="submit"]');
    await publish.click();
    await expectFieldError(page, '#alert-body', '#alert-body-error', '请填写此项');
    await page.fill('#alert-title', '山');
    await page.fill('#alert-body', '今晚有暴雨，请远离 <河边> & 桥下');
    await publish.click();
    await expectFieldError(page, '#alert-title', '#alert-title-error', '至少 2 个字');
    await page.fill('#alert-title', '山洪预警');
    await publish.click();
    await page.waitForSelector('#publish-ok:not([hidden])');

    const shown = page.locator('#alerts li.card', { hasText: '山洪预警' });
    await shown.waitFor();
    expect(await shown.locator('.alert-body').textContent()).toBe('今晚有暴雨，请远离 <河边> & 桥下');
    expect(await shown.locator('.alert-meta').textContent()).toContain('青山县公安局');
    await accessibleAsShot(page, 'admin-alerts-360');
    await page.close();
  });

  it('shows bureau staff the month’s assessment as a bar per officer and a table sorted by the column they click, in the language they switch to', async () => {
    const page = await bureauPage('/admin/assessment/');
    await page.waitForSelector('#content:not([hidden]) #rows tr th');
    const officers = await page.locator('#rows tr').count();
    expect(await page.locator('svg.chart g').count()).toBe(officers);

    await page.click('th[data-col="name"] button');
    expect(await page.getAttribute('th[data-col="name"]', 'aria-sort')).toBe('ascending');
    const names = (await page.locator('#rows th').allTextContents()).map((s) => s.trim());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    await page.click('th[data-col="name"] button');
    expect(await page.getAttribute('th[data-col="name"]', 'aria-sort')).toBe('descending');
    expect((await page.locator('#rows th').allTextContents()).map((s) => s.trim())).toEqual([...names].reverse());
    expect(await axeProblems(page)).toEqual([]);

    await page.click('#lang-switch');
    await expect.poll(() => page.textContent('th[data-col="name"] button')).toBe('Officer');
    expect((await page.locator('#rows th').allTextContents()).map((s) => s.trim())).toEqual([...names].reverse());
    await page.screenshot({ path: join(ARTIFACTS, 'admin-assessment-360.png'), fullPage: true });
    await page.click('#lang-switch');
    await expect.poll(() => page.textContent('th[data-col="name"] button')).toBe('驻村民警');
    await page.close();
  });

  it('shows bureau staff the month’s audit log with each sign-in, who did it and links to the cases acted on', async () => {
    const caseNumber = await submit({ kind: 'hazard', villageId: 'dongshan', description: '东山村小学门口路灯坏了，晚上很黑' });
    const officer = await openCase('13800001001', caseNumber);
    await officer.page.click('form[data-action="acknowledge"] button[type="submit"]');
    await officer.page.waitForSelector('#action-ok:not([hidden])');
    await officer.context.close();

    const page = await bureauPage('/admin/audit/');
    const acted = page.locator('#rows tr', { has: page.locator(`a[href="/admin/case/?n=${caseNumber}"]`) });
    await acted.waitFor();
    expect(await acted.textContent()).toContain('签收');
    expect(await acted.textContent()).toContain('王军（驻村民警）');
    expect(await page.locator('#rows tr', { hasText: '登录' }).count()).toBeGreaterThan(0);
    await accessibleAsShot(page, 'admin-audit-360');
    await page.close();
  });

  it('shows a station chief his own signed-in phones first and those of the people of his area when he picks one', async () => {
    const { context, page } = await signedIn('13300006101', '/admin/devices/');
    await page.waitForSelector('#content:not([hidden])');
    await expect.poll(() => page.textContent('#devices-title')).toContain('马丽');
    expect(await page.inputValue('#person')).toBe('staff:ma-li');
    expect(await page.locator('#rows tr').count()).toBeGreaterThan(0);

    const other = page.locator('#person option:not([value="staff:ma-li"])').first();
    const name = ((await other.textContent()) ?? '').trim();
    await page.selectOption('#person', (await other.getAttribute('value'))!);
    await expect.poll(() => page.textContent('#devices-title')).toBe(name);
    await accessibleAsShot(page, 'admin-devices-360');
    await context.close();
  });
});
