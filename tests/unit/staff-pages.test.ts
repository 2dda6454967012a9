/**
 * The officer's pages as components (functions/ui: the case page, the inbox, the bare errors page),
 * rendered without a server: what a resident typed is escaped, each page offers what it should and
 * says what is wrong next to the field. The pages as officers use them are tested in
 * tests/integration/officer*.test.ts and tests/e2e/officer-inbox*.test.ts.
 */
import { readFileSync } from 'node:fs';
import { jsx } from 'hono/jsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCase, SubmissionSchema, withReceived } from '../../functions/domain/case.ts';
import { indexVillages, parseCounty } from '../../functions/domain/county.ts';
import { loadMessages } from '../../functions/messages/site.ts';
import { documentString } from '../../functions/ui/BarePage.tsx';
import { ErrorsPage } from '../../functions/ui/ErrorsPage.tsx';
import { OfficerCasePage } from '../../functions/ui/OfficerCasePage.tsx';
import { CodePage, InboxPage } from '../../functions/ui/OfficerInbox.tsx';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const dongshan = indexVillages(county).get('dongshan')!;
const now = new Date('2026-05-01T02:00:00.000Z');
const render = (component: (props: never) => unknown, props: object) => documentString(jsx(component as never, props as never) as never);

beforeAll(loadMessages);

function newCase(input: Record<string, unknown>) {
  const submission = SubmissionSchema.parse({ villageId: 'dongshan', ...input });
  return openCase({ county, view: dongshan, submission, caseNumber: 'DEMO-2026-000042', now }).record;
}

describe('the officer case page', () => {
  const page = (record: ReturnType<typeof newCase>, over: Record<string, unknown> = {}) =>
    render(OfficerCasePage, {
      county,
      villages: [{ id: 'dongshan', name: '东山村', township: '青山镇' }],
      record,
      timeline: withReceived(record, { entries: [], complete: true }),
      actor: { role: 'officer', name: '王军' },
      form: { action: '/o/abc', csrf: 'token-1' },
      levels: [],
      assignTo: [],
      ...over,
    });

  it('escapes what the resident typed, in the summary and the heading alike', async () => {
    // Arrange
    const record = newCase({ kind: 'dispute', description: '<script>alert(1)</script> 吵架', name: '"><img src=x>', phone: '13800000000', location: '村口</p>' });

    // Act
    const html = await page(record);

    // Assert
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 吵架');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt; <a href="tel:+8613800000000">+8613800000000</a>');
    expect(html).toContain('村口&lt;/p&gt;');
  });

  it('carries the session\'s CSRF token in every action form, and offers acknowledging a received case', async () => {
    const html = await page(newCase({ kind: 'hazard', description: '村口路灯坏了一个多月' }));

    const forms = html.match(/<form /g) ?? [];
    expect(forms.length).toBeGreaterThan(3);
    expect(html.match(/<input type="hidden" name="csrf" value="token-1"\/>/g)).toHaveLength(forms.length);
    expect(html).toContain('<input type="hidden" name="action" value="acknowledge"/><input type="hidden" name="csrf" value="token-1"/><button class="button" type="submit">签收</button>');
  });

  it('shows the refusal of the last action, and the staff timeline with its times', async () => {
    const record = newCase({ kind: 'hazard', description: '村口路灯坏了一个多月' });

    const html = await page(record, { errors: [{ field: 'text', message: '请写下回复' }] });

    expect(html).toContain('<div class="card error" role="alert"><ul><li><strong>text</strong>: 请写下回复</li></ul></div>');
    expect(html).toMatch(/<ol class="timeline"><li><time>[^<]+<\/time><span>[^<]+<\/span><\/li><\/ol>/);
  });
});

describe('the officer inbox', () => {
  it('marks an overdue case, names its village and shortens the description', async () => {
    const record = newCase({ kind: 'help', description: '两户人家因为宅基地的界线吵了起来，'.repeat(4), urgent: true });

    const html = await render(InboxPage, {
      county,
      name: '王军',
      inbox: { cases: [{ ...record, overdue: true }], more: false },
      villages: new Map([['dongshan', '东山村']]),
      csrf: 'token-1',
    });

    expect(html).toContain('<h1>待办案件（1）</h1>');
    expect(html).toContain('<a href="/o/c/DEMO-2026-000042"><strong><span class="error">紧急</span> 求助 DEMO-2026-000042</strong></a>');
    expect(html).toContain('东山村 · 待签收 · <strong class="error">已超时</strong>');
    expect(html).toContain(`<p class="note">${'两户人家因为宅基地的界线吵了起来，'.repeat(3).slice(0, 40)}</p>`);
  });

  it('says why the code was refused next to the code field, which names the message', async () => {
    const html = await render(CodePage, { locale: 'en', phone: '+8613800001001', minutes: 5, errors: { code: 'Wrong or expired code' } });

    expect(html).toContain('A code was sent to 138****1001');
    expect(html).toMatch(/<input id="code"[^>]*aria-invalid="true" aria-describedby="code-error"\/><p class="error" id="code-error">Wrong or expired code<\/p>/);
  });
});

describe('the errors page', () => {
  it('names each bad field in the page\'s language and escapes the message', async () => {
    const html = await render(ErrorsPage, { locale: 'zh-CN', errors: [{ field: 'photo', message: '<b>太大</b>' }] });

    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<li><strong>[^<]+<\/strong>: &lt;b&gt;太大&lt;\/b&gt;<\/li>/);
    expect(html).not.toContain('<strong>photo</strong>');
  });
});
