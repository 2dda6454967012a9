/**
 * The server-rendered public pages on DynamoDB Local: each one in both languages (the language's
 * path prefix, as the static pages have it), the large-text switch remembered by cookie or asked
 * for by query, and the receipt that says whom a case alerted.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** Sends a report form as a browser would and opens the receipt it is sent to, with its cookie. */
async function receiptFor(fields: Record<string, string>): Promise<string> {
  const sent = await p.app.request('/api/v1/cases', form(fields));
  expect(sent.status).toBe(303);
  const cookie = (sent.headers.get('Set-Cookie') ?? '').split(';')[0]!;
  const receipt = await p.app.request(sent.headers.get('Location')!, { headers: { Cookie: cookie } });
  expect(receipt.status).toBe(200);
  return receipt.text();
}

describe('a page nothing serves', () => {
  it('answers the site’s 404 page in the path’s language, with the way home, and the API’s unknown routes with problem+json', async () => {
    const zh = await p.app.request('/v/gone-village/index.html');
    const en = await p.app.request('/en/v/gone-village/');
    const api = await p.app.request('/api/v1/nothing');

    expect(zh.status).toBe(404);
    expect(zh.headers.get('Content-Type')).toContain('text/html');
    expect(zh.headers.get('Content-Security-Policy')).toContain("script-src 'sha256-");
    expect(await zh.text()).toMatch(/<h1>没有这个页面<\/h1>[\s\S]*href="\/"/);
    expect(en.status).toBe(404);
    expect(await en.text()).toMatch(/<html lang="en"[\s\S]*href="\/en\/"/);
    expect(api.status).toBe(404);
    expect(api.headers.get('Content-Type')).toContain('application/problem+json');
  });
});

describe('server pages in both languages', () => {
  it.each(['/en/track', '/en/rate', '/en/alerts', '/en/stats', '/en/find'])('answers %s in English', async (path) => {
    const res = await p.app.request(path);

    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Language')).toBe('en');
    expect(await res.text()).toContain('<html lang="en"');
  });

  it('answers the county’s own language under its prefix too, and a query lang still wins', async () => {
    const zh = await p.app.request('/zh/track');
    const asked = await p.app.request('/zh/track?lang=en');

    expect(zh.headers.get('Content-Language')).toBe('zh-CN');
    expect(asked.headers.get('Content-Language')).toBe('en');
  });

  it('tracks a case posted to /en/track in English', async () => {
    const sent = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });

    const res = await p.app.request('/en/track', form({ caseNumber: sent.caseNumber, trackingCode: sent.trackingCode }));

    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Case number');
  });
});

describe('large text', () => {
  it('is on when the cookie remembers it, and the header’s switch shows it checked', async () => {
    const res = await p.app.request('/alerts', { headers: { Cookie: 'cj_text=large' } });

    const page = await res.text();
    expect(page).toContain('<html lang="zh-CN" class="large">');
    expect(page).toContain('<input type="checkbox" id="large-text" checked=""/>');
  });

  it('is on for ?text=large without any cookie', async () => {
    const page = await (await p.app.request('/stats?text=large')).text();

    expect(page).toContain('class="large"');
  });

  it('is off otherwise, with the switch there to turn it on', async () => {
    const page = await (await p.app.request('/track', { headers: { Cookie: 'cj_text=normal' } })).text();

    expect(page).not.toContain('class="large"');
    expect(page).toContain('<label class="large-switch" for="large-text"><input type="checkbox" id="large-text"/><span>大字</span></label>');
  });
});

describe('the receipt says whom the case alerted', () => {
  it('for urgent help: the officer, the assistant and the joint-defence contacts, and repeats the emergency number', async () => {
    const page = await receiptFor({ kind: 'help', villageId: 'dongshan', urgent: 'true', description: '家里老人摔倒了起不来，需要人帮忙', lang: 'zh-CN' });

    expect(page).toContain('id="call-now"');
    expect(page).toMatch(/请马上拨打 <a href="tel:110">110<\/a>/);
    expect(page).toMatch(/<p id="alerted">已通知：驻村民警 王军、警务助理 张建国、\d+ 位联防队员。<\/p>/);
  });

  it('for a tip: the officer alone, and no emergency call-out', async () => {
    const page = await receiptFor({ kind: 'tip', villageId: 'dongshan', description: '有人夜里在后山偷砍林木', lang: 'zh-CN' });

    expect(page).toContain('<p id="alerted">已通知：驻村民警 王军。</p>');
    expect(page).not.toContain('id="call-now"');
  });

  it('in English, with the county’s names marked as Chinese', async () => {
    const page = await receiptFor({ kind: 'help', villageId: 'dongshan', urgent: 'true', description: 'My father fell and cannot get up', lang: 'en' });

    expect(page).toContain('We are alerting village officer <span lang="zh-CN">王军</span>, police assistant <span lang="zh-CN">张建国</span>,');
    expect(page).toContain('call <a href="tel:110">110</a> now');
  });

  it('says nothing of it once the receipt cookie is gone', async () => {
    const sent = await p.app.request('/api/v1/cases', form({ kind: 'help', villageId: 'dongshan', urgent: 'true', description: '家里老人摔倒了起不来，需要人帮忙' }));

    const page = await (await p.app.request(sent.headers.get('Location')!)).text();

    expect(page).not.toContain('id="alerted"');
  });
});

describe('"not fixed": a resident reopens a resolved case', () => {
  /** A dispute that the village officer acknowledged and resolved, as the officer page does it. */
  async function resolvedCase() {
    const sent = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '邻居的车天天堵在巷子口，说了也不听' });
    await p.routeNew(sent.caseNumber);
    const officer = `/o/${await p.linkFor(sent.caseNumber, '+8613800001001')}`;
    await p.app.request(officer, form({ action: 'acknowledge' }));
    await p.app.request(officer, form({ action: 'status', status: 'resolved' }));
    return sent;
  }

  it('sends the case back to its village officer, with a timeline entry and the officer’s SMS', async () => {
    const sent = await resolvedCase();
    p.clock.advance(3 * 86_400_000);

    const res = await p.app.request('/track', form({ caseNumber: sent.caseNumber, trackingCode: sent.trackingCode, op: 'reopen', text: '车还是天天堵着，没有解决' }));

    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('已重新交给驻村民警办理，民警会收到短信。');
    expect(page).toContain('您反映问题未解决，已重新交给驻村民警办理：车还是天天堵着，没有解决');
    const view = (await (await p.app.request(`/api/v1/cases/${sent.caseNumber}`, { headers: { 'X-Tracking-Code': sent.trackingCode } })).json()) as { status: string };
    expect(view.status).toBe('received');
    await p.sendPending(sent.caseNumber);
    const sms = (await p.outbox(sent.caseNumber)).filter((m) => m.role === 'officer').at(-1)!;
    expect(sms.to).toBe('+8613800001001');
    expect(sms.body).toMatch(new RegExp(`^【青山村警】群众反映未解决，重新办理${sent.caseNumber} 东山村：`));
  });

  it('offers the form on a resolved case only, and refuses after the county’s window (14 days)', async () => {
    const open = await p.submit({ kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解' });
    const openPage = await (await p.app.request('/track', form({ caseNumber: open.caseNumber, trackingCode: open.trackingCode }))).text();
    expect(openPage).not.toContain('name="op" value="reopen"');

    const sent = await resolvedCase();
    expect(await (await p.app.request('/track', form({ caseNumber: sent.caseNumber, trackingCode: sent.trackingCode }))).text()).toContain('name="op" value="reopen"');
    p.clock.advance(15 * 86_400_000);

    const late = await p.app.request(`/api/v1/cases/${sent.caseNumber}/reopen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ trackingCode: sent.trackingCode, text: '还是没有解决' }) });

    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ detail: 'a case can be reopened within 14 days of its resolution' });
  });
});

describe('one submit spine for the report form', () => {
  const bad = { kind: 'dispute', villageId: 'dongshan', description: '吵架', phone: '123', lang: 'en' };

  it('puts next to the field the very message the API answers the form’s script with, in the form’s language', async () => {
    const page = await p.app.request('/api/v1/cases', form(bad));
    const api = await p.app.request('/api/v1/cases', { ...form(bad), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } });

    const problem = (await api.json()) as { errors: { field: string; message: string }[] };
    const html = await page.text();
    expect(page.status).toBe(400);
    expect(api.status).toBe(400);
    expect(problem.errors).toEqual([
      { field: 'description', message: 'Please write a little more: at least 5 characters' },
      { field: 'phone', message: 'This is not a mobile number: 11 digits, for example 13800000000' },
    ]);
    for (const { field, message } of problem.errors) expect(html).toContain(`<p class="error" id="err-${field}">${message}</p>`);
  });

  it('gives a form without a known kind the generic page, its messages in the form’s language', async () => {
    const res = await p.app.request('/api/v1/cases', form({ kind: 'graffiti', villageId: 'dongshan', description: '村口路灯坏了一个月' }));

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('请选择要反映的事');
  });
});

describe('the ICP filing number', () => {
  const demoCn = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo-cn.json', import.meta.url), 'utf8')));

  it.each(['/track', '/en/track', '/alerts', '/stats', '/find'])('stands at the foot of %s in a county on an ICP-filed domain, linked to the registry', async (path) => {
    const cn = await createPipeline(inject('dynamodbEndpoint'), { county: demoCn });

    const page = await (await cn.app.request(path)).text();

    const foot = page.slice(page.indexOf('<footer'));
    expect(foot).toContain(`<p class="icp"><a href="https://beian.miit.gov.cn/" rel="noopener noreferrer" target="_blank" lang="zh-CN">${demoCn.deployment!.icpRecordal}</a></p>`);
  });

  it('is not shown where the county file has none', async () => {
    const page = await (await p.app.request('/track')).text();

    expect(page).not.toContain('beian.miit.gov.cn');
    expect(page).not.toContain('class="icp"');
  });
});
