import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_KINDS, type CaseKind } from '../../functions/domain/case.ts';
import { indexVillages, parseCounty } from '../../functions/domain/county.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { renderSms } from '../../functions/domain/sms-templates.ts';
import { fitSms, smsLength } from '../../functions/domain/sms.ts';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const views = [...indexVillages(county).values()];

/** Every kind, and urgent help on top. */
const VARIANTS: { kind: CaseKind; urgent: boolean }[] = [...CASE_KINDS.map((kind) => ({ kind, urgent: false })), { kind: 'help', urgent: true }];

const SHORT = '两户村民因宅基地界线吵架';
const LONG = '村里的老张和隔壁老李两家因为宅基地边界问题已经吵了好几天，今天早上又差点动手，'.repeat(13).slice(0, 500);

interface SmsContext {
  readonly locale: 'zh-CN' | 'en';
  readonly countyShortName: string;
  readonly villageName: string;
}
type CaseFacts = Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location'>;

/** The SMS a message kind renders for a county of this locale and short name, in a village of this name (text mode). */
function rendered(ctx: SmsContext, c: CaseFacts, message: 'assignment' | 'defence', officerName = views[0]!.officer.name): string {
  const view = { ...views[0]!, village: { ...views[0]!.village, name: ctx.villageName }, officer: { ...views[0]!.officer, name: officerName } };
  const smsCounty = { locale: ctx.locale, shortName: ctx.countyShortName, sms: county.sms };
  return renderSms({ county: smsCounty, view, record: c }, { role: message === 'defence' ? 'defence' : 'officer', message, to: '+8613800000000' }).body;
}
const assignmentSms = (ctx: SmsContext, c: CaseFacts) => rendered(ctx, c, 'assignment');
const defenceSms = (ctx: SmsContext, c: CaseFacts, officerName: string) => rendered(ctx, c, 'defence', officerName);

function zh(villageName: string): SmsContext {
  return { locale: 'zh-CN', countyShortName: county.shortName, villageName };
}
function caseFacts(kind: CaseKind, urgent: boolean, description: string, location?: string) {
  return { caseNumber: 'DEMO-2026-000123', kind, urgent, description, ...(location && { location }) };
}

describe('smsLength', () => {
  it.each([
    ['plain Latin text', 'a', 'GSM-7', 160, 153],
    ['Chinese text', '警', 'UCS-2', 70, 67],
  ] as const)('counts %s as %s: %i in one segment, %i per segment beyond', (_text, char, encoding, one, per) => {
    expect(smsLength(char.repeat(one))).toEqual({ encoding, units: one, segments: 1 });
    expect(smsLength(char.repeat(one + 1))).toEqual({ encoding, units: one + 1, segments: 2 });
    expect(smsLength(char.repeat(2 * per)).segments).toBe(2);
    expect(smsLength(char.repeat(2 * per + 1)).segments).toBe(3);
  });

  it('counts GSM-7 extension characters twice', () => {
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, segments: 2 });
    expect(smsLength('[a]{b}^~|\\').units).toBe(18);
  });

  it('turns a whole message into UCS-2 for one character outside GSM-7', () => {
    expect(smsLength(`${'a'.repeat(69)}警`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsLength(`${'a'.repeat(70)}…`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('counts a character outside the BMP as two UCS-2 units', () => {
    expect(smsLength('🚓').units).toBe(2);
  });
});

describe('fitSms', () => {
  it('keeps a short excerpt whole', () => {
    expect(fitSms('【青山村警】{excerpt}', '有人打架')).toBe('【青山村警】有人打架');
  });

  it('collapses line breaks and runs of spaces in the excerpt', () => {
    expect(fitSms('【青山村警】{excerpt}', '  有人\n\n打架   了 ')).toBe('【青山村警】有人 打架 了');
  });

  it("cuts a long Chinese excerpt with '…' so the message fills exactly one segment", () => {
    const text = fitSms('【青山村警】{excerpt}', '警'.repeat(200));

    expect(text).toBe(`【青山村警】${'警'.repeat(63)}…`);
    expect(smsLength(text)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  it('uses two segments when the fixed part alone leaves no room in one, and never more', () => {
    const template = `${'固'.repeat(75)}{excerpt}`;

    const text = fitSms(template, '警'.repeat(200));

    expect(smsLength(text)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
    expect(text.endsWith('…')).toBe(true);
  });

  it('drops the excerpt when even the fixed part is longer than two segments', () => {
    expect(fitSms(`${'固'.repeat(140)}{excerpt}`, '警'.repeat(10))).toBe('固'.repeat(140));
  });
});

describe('officer assignment (zh-CN)', () => {
  it('fits ONE segment with the whole short description, for every demo village and kind', () => {
    for (const view of views) {
      for (const { kind, urgent } of VARIANTS) {
        const text = assignmentSms(zh(view.village.name), caseFacts(kind, urgent, SHORT));

        expect(smsLength(text), `${view.village.id}/${kind}${urgent ? '/urgent' : ''}: ${text}`).toMatchObject({ encoding: 'UCS-2', segments: 1 });
        expect(text).toContain(SHORT);
        expect(text).toContain('DEMO-2026-000123');
        expect(text).toContain(view.village.name);
        expect(text.startsWith('【青山村警】')).toBe(true);
      }
    }
  });

  it("still fits one full segment with a 500-character description, cut with '…'", () => {
    for (const view of views) {
      for (const { kind, urgent } of VARIANTS) {
        const text = assignmentSms(zh(view.village.name), caseFacts(kind, urgent, LONG, '东山村3组李家院子'));

        expect(smsLength(text), `${view.village.id}/${kind}: ${text}`).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
        expect(text.endsWith('…')).toBe(true);
        expect(text).toContain(LONG.slice(0, 20));
      }
    }
  });

  it('never runs past two segments, even for the longest names a county file allows', () => {
    const ctx: SmsContext = { locale: 'zh-CN', countyShortName: '八个字的县简称呀', villageName: '村'.repeat(40) };

    for (const { kind, urgent } of VARIANTS) {
      const text = assignmentSms(ctx, { ...caseFacts(kind, urgent, LONG, '位'.repeat(120)), caseNumber: 'ABCDEFGH-2026-999999' });

      expect(smsLength(text).segments).toBe(2);
      expect(text).toContain(LONG.slice(0, 10));
    }
  });

  it('names the kind, and says urgent for urgent help', () => {
    expect(assignmentSms(zh('东山村'), caseFacts('tip', false, '有人聚众赌博'))).toBe('【青山村警】新举报线索DEMO-2026-000123 东山村：有人聚众赌博');
    expect(assignmentSms(zh('东山村'), caseFacts('help', true, '有人闯进家里', '3组'))).toBe('【青山村警】紧急求助DEMO-2026-000123 东山村：有人闯进家里（3组）');
  });
});

describe('joint-defence SMS (zh-CN)', () => {
  it('fits one segment for every demo village, short or long description', () => {
    for (const view of views) {
      for (const description of [SHORT, LONG]) {
        const text = defenceSms(zh(view.village.name), caseFacts('help', true, description, '3组'), view.officer.name);

        expect(smsLength(text).segments, text).toBe(1);
        expect(text).toContain(view.officer.name);
        expect(text).toContain('3组');
      }
    }
  });
});

describe('English county', () => {
  const ctx: SmsContext = { locale: 'en', countyShortName: 'Green', villageName: 'East Hill' };
  const longEnglish = 'Two families have been arguing about the boundary of their plots for days; this morning they nearly came to blows. '.repeat(5);

  it('sends GSM-7 when the village name is Latin, for every kind', () => {
    for (const { kind, urgent } of VARIANTS) {
      const text = assignmentSms(ctx, caseFacts(kind, urgent, 'Bridge railing broken', 'Group 3'));

      expect(smsLength(text), text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it("stays GSM-7 in one segment when a long description is cut (with '...', as '…' is not GSM-7)", () => {
    const text = assignmentSms(ctx, caseFacts('dispute', false, longEnglish, 'Group 3'));

    expect(smsLength(text)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(text).toMatch(/^\[Green Police\] New dispute DEMO-2026-000123, East Hill: Two families have been arguing.*\.\.\.$/);
  });

  it('keeps the defence SMS in GSM-7 too', () => {
    const text = defenceSms(ctx, caseFacts('help', true, longEnglish, 'Mill Lane 4'), 'Wang Jun');

    expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(text).toContain('officer Wang Jun notified. Mill Lane 4: Two families');
  });

  it('falls back to UCS-2 within one segment when the village name is Chinese', () => {
    const text = assignmentSms({ ...ctx, villageName: '东山村' }, caseFacts('hazard', false, longEnglish));

    expect(smsLength(text)).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(text.endsWith('…')).toBe(true);
  });
});
