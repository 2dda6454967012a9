/**
 * The public portal's pieces that need no browser and no database: bad
 * fields worded per field in the page's language, the report form (escaping, messages next to the
 * fields, what was typed kept), village search, the stats chart and sums, the enhancement script.
 * The pages as a resident meets them are tested in tests/e2e/portal.test.ts.
 */
import { readFileSync } from 'node:fs';
import { jsx } from 'hono/jsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { SubmissionSchema } from '../../functions/domain/case.ts';
import { parseCounty } from '../../functions/domain/county.ts';
import type { Figures } from '../../functions/domain/stats.ts';
import { fieldErrors, messagesByField } from '../../functions/domain/field-errors.ts';
import { PAGE_CSP } from '../../functions/api/public-page.ts';
import { sumFigures } from '../../functions/api/stats-pages.tsx';
import { ChartSvg } from '../../functions/ui/StatsPage.tsx';
import { fmt } from '../../functions/messages/index.ts';
import { loadMessages, messages } from '../../functions/messages/site.ts';
import { ENHANCE_CSP_HASH, ENHANCE_JS } from '../../functions/ui/enhance.ts';
import { ReportForm, type ReportFormModel } from '../../functions/ui/ReportForm.tsx';
import { findVillages, villageCards, villagesByTownship } from '../../functions/ui/roster.ts';
import { renderHtml } from '../../functions/ui/render.ts';
import { SiteFooter } from '../../functions/ui/Document.tsx';
import { serverPath, siteContext, staticPath } from '../../functions/ui/site.ts';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));

beforeAll(loadMessages);
const zh = siteContext(county);
const en = siteContext(county, 'en');


describe('page strings', () => {
  it('fill placeholders and leave unknown ones alone', () => {
    expect(fmt('最多 {max} 字，{x}', { max: 500 })).toBe('最多 500 字，{x}');
  });
});

describe('bad fields in the resident’s language, worded when the schema is parsed', () => {
  const bad = { kind: 'tip', villageId: '', description: '短', phone: '123', location: '路'.repeat(130) };
  const parsedIn = (locale: 'zh-CN' | 'en', input: unknown = bad) => {
    const parsed = SubmissionSchema.safeParse(input, { error: fieldErrors(locale) });
    if (parsed.success) throw new Error('expected bad fields');
    return messagesByField(parsed.error.issues);
  };

  it('names what is wrong with each field, in Chinese and in English', () => {
    expect(parsedIn('zh-CN')).toEqual({
      villageId: '请选择您所在的村（社区）',
      description: '请多写几句，至少 5 个字',
      phone: '手机号不对：请填 11 位手机号，例如 13800000000',
      location: '太长了：最多 120 字',
    });
    expect(parsedIn('en').description).toBe('Please write a little more: at least 5 characters');
  });

  it('asks for a description when none was written', () => {
    expect(parsedIn('zh-CN', { kind: 'tip', villageId: 'dongshan', description: '   ' }).description).toBe('请写下发生了什么');
  });

  it('speaks English where no language is asked for (the global error map)', () => {
    const english = (input: unknown) => {
      const parsed = SubmissionSchema.safeParse(input);
      return parsed.success ? {} : messagesByField(parsed.error.issues);
    };
    expect(english({ kind: 'graffiti', villageId: 'dongshan', description: '村口路灯坏了' })).toEqual({ kind: 'Please choose what you are reporting: tip, dispute, hazard, service or help' });
    expect(english({ kind: 'hazard', villageId: 'dongshan', description: '村口路灯坏了', latitude: 30 })).toEqual({ longitude: 'This position is not right: press “use my position” again, or write the place above' });
  });
});

describe('the report form', () => {
  const render = (over: Partial<ReportFormModel> = {}) => renderHtml(ReportForm, { ctx: zh, kind: 'tip', county, townships: villagesByTownship(county), ...over });

  it('escapes what was typed, keeps it, and puts each message next to its field', async () => {
    const html = await render({
      kind: 'dispute',
      village: { id: 'dongshan', name: '东山村', officer: '王军' },
      values: { description: '</textarea><script>alert(1)</script>', phone: '"><img src=x>', updates: 'true', category: '家庭' },
      errors: { description: '请多写几句，至少 5 个字' },
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
    expect(html).toMatch(/<textarea id="description"[^>]*aria-invalid="true"/);
    expect(html).toContain('<p class="error" id="err-description">请多写几句，至少 5 个字</p>');
    expect(html).toContain('<p class="error" id="err-phone" hidden=""></p>');
    expect(html).toContain('id="updates" name="updates" value="true" checked');
    expect(html).toContain('<option selected="">家庭</option>');
    expect(html).toContain('<input type="hidden" name="villageId" value="dongshan"/>');
    expect(html).toContain('有 1 处需要修改');
  });

  it('makes a tip anonymous unless the resident chose otherwise, and explains what is kept', async () => {
    expect(await render()).toMatch(/id="anonymous-yes" name="anonymous" value="true" checked/);
    expect(await render({ values: { anonymous: 'false' } })).toMatch(/id="anonymous-no" name="anonymous" value="false" checked/);
    expect(await render()).toContain('不保存：您的姓名、手机号');
    expect(await render({ kind: 'service' })).not.toContain('name="anonymous"');
  });

  it('offers the urgent flag on help only, and the village list when no village is given', async () => {
    expect(await render({ kind: 'help' })).toContain('name="urgent"');
    expect(await render({ kind: 'hazard' })).not.toContain('name="urgent"');
    expect((await render()).match(/<option value="[a-z-]+"/g)).toHaveLength(15);
  });
});

describe('the page footer', () => {
  it('shows the ICP filing number, linked to the registry, in every language when the county file sets one', async () => {
    const filed = { ...county, deployment: { region: 'cn-northwest-1', icpRecordal: '宁ICP备2026000000号-1' } };

    for (const locale of ['zh-CN', 'en'] as const) {
      const footer = await renderHtml(SiteFooter, { ctx: siteContext(filed, locale) });

      expect(footer).toContain('<p class="icp"><a href="https://beian.miit.gov.cn/" rel="noopener noreferrer" target="_blank" lang="zh-CN">宁ICP备2026000000号-1</a></p></footer>');
    }
  });

  it('shows no filing line without one', async () => {
    expect(await renderHtml(SiteFooter, { ctx: zh })).not.toContain('icp');
  });
});

describe('links in each language', () => {
  it('prefix static pages and add ?lang to server pages only for the other language', () => {
    expect(staticPath(zh, '/v/dongshan/')).toBe('/v/dongshan/');
    expect(staticPath(en, '/v/dongshan/')).toBe('/en/v/dongshan/');
    expect(serverPath(zh, '/track', { case: 'DEMO-2026-000001' })).toBe('/track?case=DEMO-2026-000001');
    expect(serverPath(en, '/alerts', { station: undefined })).toBe('/alerts?lang=en');
  });
});

describe('finding a village', () => {
  const cards = villageCards(county);
  it('by its name, or by its township', () => {
    expect(findVillages(cards, ' 东山 ').map((v) => v.id)).toEqual(['dongshan']);
    expect(findVillages(cards, '白水乡').map((v) => v.id)).toEqual(['baishui', 'chaoyang', 'taohua', 'longtan', 'huangtu']);
    expect(findVillages(cards, '')).toEqual([]);
  });
  it('shows no phone but the workstation’s duty phone', () => {
    expect(JSON.stringify(cards)).not.toContain('+86');
  });
});

describe('public figures', () => {
  const f = (received: number, resolved: number, ratings = 0, averageRating: number | null = null): Figures => ({
    received,
    kinds: { tip: 0, dispute: received, hazard: 0, service: 0, help: 0 },
    acknowledged: received,
    acknowledgedInTime: received,
    resolved,
    escalations: 0,
    escalated: 0,
    ratings,
    averageRating,
    medianAckMinutes: null,
  });

  it('add months up, weighting the average rating by the number of ratings', () => {
    expect(sumFigures([f(3, 2, 1, 5), f(4, 4, 3, 3), f(0, 0)])).toEqual({ received: 7, acknowledgedInTime: 7, resolved: 6, ratings: 4, averageRating: 3.5 });
    expect(sumFigures([f(1, 0)]).averageRating).toBeNull();
  });

  it('draw a chart of two bars a month, without style attributes (the CSP allows none)', async () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, figures: f(i, i >> 1) }));
    const svg = String(await jsx(ChartSvg, { ctx: zh, label: '图表 <b>', series: months }));
    expect(svg.match(/<rect /g)).toHaveLength(24);
    expect(svg).not.toContain('style=');
    expect(svg).toContain('<title id="chart-title">图表 &lt;b&gt;</title>');
    expect(svg).toContain('>12月</text>');
  });
});

describe('the enhancement script', () => {
  it('is valid ES5 that cannot close its own script element, and the CSP names its hash', () => {
    expect(() => new Function(ENHANCE_JS)).not.toThrow();
    expect(ENHANCE_JS).not.toMatch(/<\/script|=>|\blet |\bconst |`/i);
    expect(PAGE_CSP).toContain(`script-src ${ENHANCE_CSP_HASH}`);
  });
});
