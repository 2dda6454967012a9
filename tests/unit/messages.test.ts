/**
 * The one message catalogue (functions/messages): every section has the same keys and the same
 * placeholders in Chinese and English, nothing is left empty, a status or a kind has one word
 * wherever it is shown, and a timeline entry reads differently for the resident and for the staff.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type TimelineEntry } from '../../functions/domain/case.ts';
import { kindLabel } from '../../functions/domain/sms.ts';
import { timelineText } from '../../functions/domain/timeline-text.ts';
import { words } from '../../functions/messages/index.ts';
import consoleZh from '../../functions/messages/console/zh-CN.ts';
import consoleEn from '../../functions/messages/console/en.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CATALOGUE = path.join(ROOT, 'functions/messages');
const SECTIONS = readdirSync(CATALOGUE).filter((f) => statSync(path.join(CATALOGUE, f)).isDirectory());

function strings(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const section = async (name: string, locale: string) => (await import(path.join(CATALOGUE, name, `${locale}.ts`))).default as unknown;
/** Lists whose length is the language's own (a kind's categories). */
const listItem = /\.categories\.\d+$/;

describe('the message catalogue', () => {
  it('has a Chinese and an English file in every section', () => {
    expect(SECTIONS.sort()).toEqual(['console', 'fields', 'officer', 'site', 'sms', 'timeline', 'words']);
    for (const name of SECTIONS) expect(readdirSync(path.join(CATALOGUE, name)).sort(), name).toEqual(['en.ts', 'zh-CN.ts']);
  });

  it.each(SECTIONS)('has the same keys and placeholders in both languages, none empty: %s', async (name) => {
    const zh = new Map(strings(await section(name, 'zh-CN')));
    const en = new Map(strings(await section(name, 'en')));

    expect([...en.keys()].filter((k) => !listItem.test(k)).sort()).toEqual([...zh.keys()].filter((k) => !listItem.test(k)).sort());
    for (const [key, text] of zh) {
      expect(text.trim(), `${name}: ${key}`).not.toBe('');
      expect(en.get(key)?.trim() ?? 'a list item', `${name}: ${key}`).not.toBe('');
      if (key.startsWith('stats.month') || listItem.test(key)) continue; // month names: {m}月 / {mon}
      expect(placeholders(en.get(key)!), `${name}: ${key}`).toEqual(placeholders(text));
    }
  });
});

describe('one word per status and per kind', () => {
  it('gives the console the statuses, kinds and levels of the shared words', () => {
    for (const [dict, locale] of [[consoleZh, 'zh-CN'], [consoleEn, 'en']] as const) {
      for (const status of CASE_STATUSES) expect(dict[`status_${status}`]).toBe(words(locale).status[status]);
      expect(dict.kind_service).toBe(words(locale).kind.service);
      expect(dict.level_4).toBe(words(locale).level[4]);
    }
  });

  it('calls a service request 办事咨询 in the SMS too', () => {
    expect(kindLabel('zh-CN', 'service')).toBe('办事咨询');
    expect(kindLabel('en', 'service')).toBe('service question');
  });

  it('leaves no other word for a status or a kind anywhere in the code', () => {
    const others = ['已受理', '处理中', '办事求助', 'Taken by the officer', 'Being handled'];
    const files = ['functions', 'web/src'].flatMap((dir) => (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).map((f) => path.join(ROOT, dir, f)));
    const found = files
      .filter((f) => /\.(ts|astro)$/.test(f))
      .flatMap((f) => others.filter((word) => readFileSync(f, 'utf8').includes(word)).map((word) => `${path.relative(ROOT, f)}: ${word}`));

    expect(found).toEqual([]);
  });
});

describe('timeline entries per audience', () => {
  const entry = (type: TimelineEntry['type'], more: Partial<TimelineEntry> = {}): TimelineEntry => ({ at: '2026-05-01T08:00:00.000Z', type, visibility: 'public', ...more });

  it('speak to the resident on the track page and about the resident to the staff', () => {
    expect(timelineText('zh-CN', entry('received'), 'resident')).toBe('已收到您的反映');
    expect(timelineText('zh-CN', entry('received'), 'staff')).toBe('收到群众反映');
    expect(timelineText('zh-CN', entry('rated', { params: { score: 4 } }), 'staff')).toBe('群众评价：4 分');
    expect(timelineText('en', entry('answer', { text: 'About 9 pm' }), 'resident')).toBe('Your answer: About 9 pm');
    expect(timelineText('en', entry('answer', { text: 'About 9 pm' }), 'staff')).toBe('The resident answers: About 9 pm');
  });

  it('say a status with its one word and tell a report up by hand from a climb', () => {
    expect(timelineText('zh-CN', entry('status', { params: { status: 'in_progress' } }), 'resident')).toBe('状态：办理中');
    expect(timelineText('zh-CN', entry('escalated', { params: { level: 2 } }), 'staff')).toBe('超时未签收，已上报中心警务室');
    expect(timelineText('zh-CN', entry('escalated', { params: { level: 3, by: 'hand' } }), 'staff')).toBe('上报派出所');
  });

  it('keep a resident’s braces as written', () => {
    expect(timelineText('zh-CN', entry('reply', { text: '{role} 明天到' }), 'resident')).toBe('民警回复：{role} 明天到');
  });
});
