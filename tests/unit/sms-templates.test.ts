import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODE_MINUTES } from '../../functions/domain/auth.ts';
import type { CaseRecord, SmsIntent } from '../../functions/domain/case.ts';
import { indexVillages, LOCALES, parseCounty, type County } from '../../functions/domain/county.ts';
import { digestSms, loginCodeSms, PARAM_LIMIT, renderSms, providerTemplateText, registrationSheet, SMS_TEMPLATES, SMS_TYPES, smsWording, type RenderedSms } from '../../functions/domain/sms-templates.ts';

const load = (id: string) => parseCounty(JSON.parse(readFileSync(new URL(`../../counties/${id}.json`, import.meta.url), 'utf8')));
const demoCn = load('demo-cn');
const demo = load('demo');

/** A resident's words with a link in them: none of it may reach a template parameter. */
const FREE_TEXT = '后山有人偷砍林木，照片见 https://evil.example/x 联系我';
const ANSWER = '晚上十一点以后从西边小路进山';
const LINK = 'https://cunjing.example.gov.cn/o/abcdefghijkl';
const TRACK = 'https://cunjing.example.gov.cn/track?case=X';

type Facts = Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location' | 'filedBy'>;

/** demo-cn's ICP-filed domain: the one address its registered templates may name, as fixed words. */
const DOMAIN = 'https://cunjing.qingshan.example.cn';
/** A body with the county's own constant addresses (the inbox, the track page) taken out. */
const withoutConstants = (body: string) => body.replaceAll(`${DOMAIN}/o/inbox`, '').replaceAll(`${DOMAIN}/track`, '');

/** Every SMS a county sends, rendered as it would be sent (a case's SMS with the officer's link offered). */
function everySms(county: County, villageName?: string): RenderedSms[] {
  const first = [...indexVillages(county).values()][0]!;
  const view = villageName ? { ...first, village: { ...first.village, name: villageName } } : first;
  const record: Facts = { caseNumber: `${county.code}-2026-000123`, kind: 'help', urgent: true, description: FREE_TEXT, location: '3组李家院子' };
  const intents: SmsIntent[] = [
    { role: 'officer', message: 'assignment', to: view.officer.phone },
    { role: 'officer', message: 'transfer', to: view.officer.phone },
    { role: 'officer', message: 'reopened', to: view.officer.phone },
    { role: 'defence', message: 'defence', to: '+8613800009999' },
    { role: 'escalation', message: 'escalation', to: '+8613800008888', level: 3 },
    { role: 'escalation', message: 'reported_up', to: '+8613800008888', level: 3, text: `${view.officer.name}：${FREE_TEXT}` },
    { role: 'officer', message: 'assigned', to: view.officer.phone },
    { role: 'officer', message: 'answer', to: view.officer.phone, text: ANSWER },
    { role: 'resident', message: 'resident_ack', to: '+8613800007777' },
    { role: 'resident', message: 'resident_resolved', to: '+8613800007777' },
  ];
  return [
    ...intents.map((intent) => renderSms({ county, view, record, link: LINK, trackUrl: TRACK }, intent)),
    // A case an information officer filed for a resident.
    renderSms({ county, view, record: { ...record, filedBy: { role: 'informant', name: '李梅' } }, link: LINK, trackUrl: TRACK }, { role: 'officer', message: 'assignment', to: view.officer.phone }),
    loginCodeSms(county, '482913'),
    digestSms(county, view.village.name, 12, '2026-05-01T02:00:00.000Z', 'https://cunjing.example.gov.cn/admin/cases/?villageId=dongshan'),
  ];
}

describe('the SMS template registry', () => {
  it('keeps words between any two variables and no 【】 in any template, as both providers require', () => {
    for (const type of SMS_TYPES) {
      for (const text of LOCALES.map((locale) => smsWording(locale, type).template)) {
        expect(text, `${type}: ${text}`).not.toMatch(/\}\{/);
        expect(text, `${type}: ${text}`).not.toMatch(/[【】]/);
      }
    }
  });

  it('names each parameter exactly once in every template', () => {
    for (const type of SMS_TYPES) {
      const names = Object.keys(SMS_TEMPLATES[type].params).sort();
      for (const text of LOCALES.map((locale) => smsWording(locale, type).template)) {
        expect([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${type}: ${text}`).toEqual(names);
      }
    }
  });

  it('says in the sign-in template how long the code lasts', () => {
    expect(smsWording('zh-CN', 'login').template).toContain(`${CODE_MINUTES}分钟内有效`);
    expect(smsWording('en', 'login').template).toContain(`expires in ${CODE_MINUTES} minutes`);
  });

  it('keeps every parameter within the providers\' variable limit, and the sign-in code a verification template', () => {
    for (const type of SMS_TYPES) for (const spec of Object.values(SMS_TEMPLATES[type].params)) expect(spec.max).toBeLessThanOrEqual(PARAM_LIMIT);
    expect(SMS_TEMPLATES.login.category).toBe('verification');
    expect(SMS_TYPES.filter((type) => SMS_TEMPLATES[type].category === 'verification')).toEqual(['login']);
  });

  it('writes a template as Alibaba (${name}) and Tencent ({1}, {2} in order) expect it', () => {
    expect(providerTemplateText(demoCn, 'digest', 'aliyun')).toBe(`\${village}自\${since}起有\${count}起新案件（未逐条短信通知），请登录村警工作台 ${DOMAIN}/o/inbox 查看。`);
    expect(providerTemplateText(demoCn, 'digest', 'tencent')).toBe(`{1}自{2}起有{3}起新案件（未逐条短信通知），请登录村警工作台 ${DOMAIN}/o/inbox 查看。`);
  });

  it('lists what to register with each variable\'s attribute and length', () => {
    const sheet = registrationSheet(demoCn, ['login', 'answer']);

    expect(sheet).toBe(
      [
        'login (验证码):',
        '  登录验证码${code}，5分钟内有效。请勿告诉他人。',
        '    ${code} code: 验证码（仅数字）, 1–6 characters',
        'answer (短信通知):',
        `  \${kind}案件\${caseNumber}的\${who}已回复提问，请登录村警工作台 ${DOMAIN}/o/inbox 查看。`,
        '    ${kind} kind: 其他（如名称、账号、地址等）, 1–24 characters',
        '    ${caseNumber} caseNumber: 其他号码, 1–20 characters',
        '    ${who} who: 其他（如名称、账号、地址等）, 1–24 characters',
      ].join('\n'),
    );
  });

  it('puts the county\'s own address into its templates as a constant, the inbox for officers, never as a parameter', () => {
    const view = [...indexVillages(demoCn).values()][0]!;

    const sms = renderSms({ county: demoCn, view, record: { caseNumber: 'DEMOCN-2026-000001', kind: 'tip', urgent: false, description: FREE_TEXT }, link: LINK }, { role: 'officer', message: 'assignment', to: '+8613800001001' });

    expect(sms.body).toContain(`请登录村警工作台 ${DOMAIN}/o/inbox 处理。`);
    expect(Object.values(sms.template.params).join(' ')).not.toContain('https://');
  });

  it('takes the address from the global site section where the county has no China deployment', () => {
    const { deployment: _deployment, ...county } = demoCn;
    const withSite = { ...county, site: { domainName: 'cunjing.example.gov.cn', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' } };

    expect(providerTemplateText(withSite, 'resident_resolved', 'aliyun')).toBe('您反映的${caseNumber}已办结，欢迎凭查询码到村警网站 https://cunjing.example.gov.cn/track 评价。');
  });

  it('names no address where the county file has no domain', () => {
    const { deployment: _deployment, ...county } = demoCn;

    expect(providerTemplateText(county, 'assignment', 'aliyun')).toBe('${label}，编号${caseNumber}，${village}，请登录村警工作台处理。');
  });
});

describe('template mode (a county on a domestic provider)', () => {
  it('sends every SMS type as its registered code with parameters that hold no link and none of the resident\'s words', () => {
    const sent = everySms(demoCn);

    expect(new Set(sent.map((s) => s.template.type))).toEqual(new Set(SMS_TYPES));
    for (const sms of sent) {
      const { type, code, params, mode } = sms.template;
      expect(mode).toBe('template');
      expect(code).toBe(demoCn.sms.templates?.[type]);
      expect(Object.keys(params)).toEqual(Object.keys(SMS_TEMPLATES[type].params));
      for (const [name, value] of Object.entries(params)) {
        expect(value, `${type}.${name}`).not.toMatch(/https?:|www\.|\.example/);
        // A single digit (a level) may occur anywhere; anything longer must not come from the resident.
        if (value.length > 1) expect(FREE_TEXT.includes(value) || ANSWER.includes(value) || '3组李家院子'.includes(value), `${type}.${name} = ${value}`).toBe(false);
        expect([...value].length, `${type}.${name}`).toBeLessThanOrEqual(SMS_TEMPLATES[type].params[name]!.max);
      }
      expect(withoutConstants(sms.body), type).not.toContain('https://');
      expect(sms.body.startsWith('【青山村警】')).toBe(true);
    }
  });

  it('shows the text the phone will show: the signature and the registered template filled with the parameters', () => {
    const [assignment] = everySms(demoCn);

    expect(assignment!.body).toBe(`【青山村警】紧急求助，编号DEMOCN-2026-000123，东山村，请登录村警工作台 ${DOMAIN}/o/inbox 处理。`);
    expect(assignment!.template.params).toEqual({ label: '紧急求助', caseNumber: 'DEMOCN-2026-000123', village: '东山村' });
  });

  it('names the information officer who filed a case, from the roster, as a parameter of its own template', () => {
    const filed = everySms(demoCn).find((sms) => sms.template.type === 'filed')!;

    expect(filed.body).toBe(`【青山村警】紧急求助，编号DEMOCN-2026-000123，东山村，信息员李梅代报，请登录村警工作台 ${DOMAIN}/o/inbox 处理。`);
    expect(filed.template).toMatchObject({ code: demoCn.sms.templates?.filed, params: { label: '紧急求助', caseNumber: 'DEMOCN-2026-000123', village: '东山村', informant: '李梅' } });
  });

  it('cuts a roster name to its variable\'s limit (county:check refuses such names), where text mode keeps it whole', () => {
    const longName = '一二三四五六七八九十一二三四五六七八九十超长村名';

    const templated = everySms(demoCn, longName)[0]!;
    const text = everySms(demo, longName)[0]!;

    expect(templated.template.params.village).toBe(longName.slice(0, 20));
    expect(text.body).toContain(longName);
  });

  it('leaves no code where the county file has none, so the provider adapter can refuse to send', () => {
    const { templates: _templates, ...sms } = demoCn.sms;

    const [assignment] = everySms({ ...demoCn, sms });

    expect(assignment!.template).not.toHaveProperty('code');
    expect(assignment!.template.mode).toBe('template');
  });
});

describe('text mode (Amazon SNS)', () => {
  it('keeps the resident\'s words and the officer\'s link in the text, and names them among the parameters', () => {
    const [assignment] = everySms(demo);

    expect(assignment!.template).toMatchObject({ type: 'assignment', mode: 'text', params: { label: '紧急求助', caseNumber: 'DEMO-2026-000123', village: '东山村', link: LINK } });
    expect(assignment!.template).not.toHaveProperty('code');
    expect(assignment!.body.startsWith('【青山村警】紧急求助DEMO-2026-000123 东山村：后山有人偷砍林木')).toBe(true);
    expect(assignment!.body.endsWith(` ${LINK}`)).toBe(true);
  });

  it('says who filed a case for a resident, in the assignment and in a transfer', () => {
    const filed = everySms(demo).find((sms) => sms.template.type === 'filed')!;
    const view = [...indexVillages(demo).values()][0]!;

    const transfer = renderSms({ county: demo, view, record: { caseNumber: 'DEMO-2026-000123', kind: 'dispute', urgent: false, description: '邻里纠纷', filedBy: { role: 'informant', name: '李梅' } }, link: LINK }, { role: 'officer', message: 'transfer', to: view.officer.phone });

    expect(filed.body.startsWith('【青山村警】紧急求助DEMO-2026-000123 东山村（信息员李梅代报）：后山有人偷砍林木')).toBe(true);
    expect(transfer.body).toBe(`【青山村警】转交矛盾纠纷DEMO-2026-000123 东山村（信息员李梅代报）：邻里纠纷 ${LINK}`);
  });
});
