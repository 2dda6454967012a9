/**
 * The public pages the server renders, as components (functions/ui: receipt, track, alerts, find),
 * without a server: the resident's and the officer's words are escaped, county text is marked with
 * the county's language on the English page, and each page shows what its case or query calls for.
 * The pages as residents meet them are tested in tests/e2e/portal.test.ts and
 * tests/integration/public-pages.test.ts.
 */
import { readFileSync } from 'node:fs';
import { jsx } from 'hono/jsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import type { PublicCase } from '../../functions/domain/tracking.ts';
import { loadMessages } from '../../functions/messages/site.ts';
import { AlertsPage } from '../../functions/ui/AlertsPage.tsx';
import { FindPage } from '../../functions/ui/FindPage.tsx';
import { ReceiptPage } from '../../functions/ui/ReceiptPage.tsx';
import { villageCards } from '../../functions/ui/roster.ts';
import { siteContext } from '../../functions/ui/site.ts';
import { CaseFormPage, CaseView } from '../../functions/ui/CasePages.tsx';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const now = new Date('2026-05-03T02:00:00.000Z');
const render = async (component: (props: never) => unknown, props: object) => String(await (jsx(component as never, props as never) as unknown as Promise<string>));

beforeAll(loadMessages);
const zh = siteContext(county);
const en = siteContext(county, 'en');

const resolved: PublicCase = {
  caseNumber: 'DEMO-2026-000042',
  kind: 'hazard',
  status: 'resolved',
  villageId: 'dongshan',
  createdAt: '2026-05-01T02:00:00.000Z',
  updates: true,
  timeline: [
    { at: '2026-05-01T02:00:00.000Z', type: 'received', text: '已收到' },
    { at: '2026-05-02T02:00:00.000Z', type: 'reply', text: '路灯已修好 <script>alert(1)</script>' },
  ],
  timelineTruncated: true,
  timelineBefore: 'cursor-1',
  photos: [],
};

describe('the track page’s case', () => {
  it('escapes the officer’s reply in the replies and in the timeline, and sets it apart', async () => {
    const html = await render(CaseView, { ctx: zh, county, view: resolved, trackingCode: 'AB0C1-2D3E4', now });

    expect(html).not.toContain('<script>');
    expect(html.match(/<span class="reply">路灯已修好 &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/span>/g)).toHaveLength(2);
    expect(html).toMatch(/<ol class="timeline"><li><time datetime="2026-05-01T02:00:00.000Z">[^<]+<\/time><span>已收到<\/span><\/li>/);
  });

  it('offers reopening and rating a resolved, unrated case, the earlier page and stopping SMS, each posting the number and code', async () => {
    const html = await render(CaseView, { ctx: zh, county, view: resolved, trackingCode: 'AB0C1-2D3E4', now });

    expect(html).toContain('<input type="hidden" name="op" value="reopen"/>');
    expect(html).toContain('<form class="card" method="post" action="/rate" data-enhance=""');
    expect(html).toContain('<input type="hidden" name="before" value="cursor-1"/>');
    expect(html).toContain('<input type="hidden" name="op" value="stop"/>');
    expect(html.match(/<input type="hidden" name="trackingCode" value="AB0C1-2D3E4"\/>/g)).toHaveLength(4);
  });

  it('keeps a refused answer’s text and puts the photos’ message next to them', async () => {
    const asked: PublicCase = { ...resolved, status: 'in_progress', questions: 1, timelineTruncated: undefined, timelineBefore: undefined } as PublicCase;

    const html = await render(CaseView, { ctx: zh, county, view: asked, trackingCode: 'AB0C1-2D3E4', now, answer: { text: '是<b>我</b>', error: '照片不对' }, message: { text: '没发出' } });

    expect(html).toContain('<div class="card error" role="alert"><p>没发出</p></div>');
    expect(html).toMatch(/<textarea id="answer" name="text"[^>]*aria-invalid="true">是&lt;b&gt;我&lt;\/b&gt;<\/textarea>/);
    expect(html).toContain('<p class="error" id="err-photo">照片不对</p>');
  });
});

describe('the rate page', () => {
  it('keeps what was typed and says what is wrong next to the field', async () => {
    const html = await render(CaseFormPage, { ctx: en, page: 'rate', example: 'DEMO-2026-000001', values: { caseNumber: 'DEMO-2026-000042', score: '4', comment: '"ok"' }, errors: { trackingCode: 'Please enter the tracking code' } });

    expect(html).toContain('value="DEMO-2026-000042"');
    expect(html).toMatch(/<input type="radio" id="score-4" name="score" value="4" required="" data-e-required="[^"]+" checked=""\/>/);
    expect(html).toMatch(/<input type="text" id="code"[^>]*aria-invalid="true"\/><p class="note" id="code-hint">[^<]+<\/p><p class="error" id="err-trackingCode">Please enter the tracking code<\/p>/);
    expect(html).toContain('<p class="error" id="err-score" hidden=""></p>');
    expect(html).toContain('&quot;ok&quot;</textarea><p class="note count" id="comment-count"');
  });
});

describe('the receipt', () => {
  it('names who was alerted, the county’s names marked Chinese on the English page, and says to call at once for urgent help', async () => {
    const html = await render(ReceiptPage, { ctx: en, caseNumber: 'DEMO-2026-000042', trackingCode: 'AB0C1-2D3E4', alerted: { kind: 'help', urgent: true, officer: '王军', assistant: '张建国', defenceContacts: 2 } });

    expect(html).toContain('<p id="alerted">');
    expect(html).toContain('village officer <span lang="zh-CN">王军</span>, ');
    expect(html).toContain('<p class="note alert" id="call-now">');
    expect(html).toContain('<p class="big-code" id="tracking-code">AB0C1-2D3E4</p>');
  });

  it('says the code is gone when the cookie did not prove the sender', async () => {
    const html = await render(ReceiptPage, { ctx: zh, caseNumber: 'DEMO-2026-000042' });

    expect(html).not.toContain('tracking-code');
    expect(html).not.toContain('id="alerted"');
    expect(html).not.toContain('action="/track"');
  });
});

describe('alerts and find', () => {
  it('mark the county’s words with its language on the English page, and keep the language in the GET form', async () => {
    const alert = { id: 'a1', title: '谨防电信诈骗', body: '不要转账\n不要告诉验证码', publishedAt: '2026-05-01T02:00:00.000Z', expiresAt: '2026-06-01T02:00:00.000Z', publishedBy: '青山派出所' };

    const html = await render(AlertsPage, { ctx: en, county, alerts: [alert] });

    expect(html).toContain('<input type="hidden" name="lang" value="en"/>');
    expect(html).toContain('<h2 id="alert-a1-title" lang="zh-CN">谨防电信诈骗</h2>');
    expect(html).toContain('<p class="alert-body" lang="zh-CN">不要转账\n不要告诉验证码</p>');
  });

  it('list the matches of a search, or say none matched and list every village by township', async () => {
    const cards = villageCards(county);

    const some = await render(FindPage, { ctx: zh, county, q: '山', found: cards.slice(0, 2) });
    const none = await render(FindPage, { ctx: zh, county, q: '<b>', found: [] });

    expect(some.match(/<ul class="villages">/g)).toHaveLength(1);
    expect(some).not.toContain('name="lang"');
    expect(none).toContain('&lt;b&gt;');
    expect(none.match(/<h3>/g)?.length).toBeGreaterThan(1);
  });
});
