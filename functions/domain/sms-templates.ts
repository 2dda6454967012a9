/**
 * Every SMS is a template (issue 10): one registry, SMS type → named parameters and wording.
 *
 *  - Text mode (Amazon SNS in a global region, and the local outbox of such a county): the wording in
 *    `text`, which may add the resident's words (`{excerpt}`, cut to fit one segment, never more than
 *    two) and the recipient's one-tap link (`{link}`), behind the signature 【…村警】.
 *  - Template mode (a domestic provider, `sms.provider` `aliyun` or `tencent` in the county file): the
 *    template the county registered (`template`), sent as its template code (`sms.templates` in the
 *    county file) and the parameters alone. No parameter holds a link or a resident's words: only case
 *    numbers, kinds, villages, names from the roster, levels, counts, times and codes, each cut to its
 *    `max` (below the providers' variable limits, see PARAM_LIMIT). Links may only be constants in
 *    the registered text (`{@workbench}`, `{@site}`: the county's own domain, filled in when the
 *    template is printed for registration, never a parameter).
 *
 * Both providers refuse two variables side by side and 【】 in a template (the signature is added by
 * the provider): every template here keeps words between its variables and starts without a signature.
 */
import type { County, Locale } from './county.ts';
import { fitSms, plainSmsText } from './sms.ts';
import { INBOX_PATH } from './links.ts';
import { isDomesticProvider, SMS_TYPES, type SmsProvider, type SmsType } from './sms-types.ts';

export { SMS_PROVIDERS, SMS_TYPES, type SmsProvider, type SmsType } from './sms-types.ts';

/**
 * Longest value a template variable may take, in characters:
 *  - Alibaba Cloud SMS: "单个变量的长度限制为1~35个字符"; a verification code (仅数字) 4–6 digits
 *    (help.aliyun.com/document_detail/108088, 申请短信模板 › 变量属性; the code's 4–6 digits also in
 *    help.aliyun.com/en/sms/templaterule-template-variable-parameter-filling-example); links only as
 *    fixed, ICP-filed text outside the variables.
 *  - Tencent Cloud SMS: a verification code at most 6 digits; other variables 12 characters for
 *    individually certified accounts and no limit for organisations (tencentcloud.com/zh/document/
 *    product/382/40653, 实名认证 › 正文模板), but the mainland FAQ now says "非验证码短信：每个变量取值
 *    最多支持6个字符" with details per variable type in 变量规范 (cloud.tencent.com/document/product/
 *    382/13301, 短信正文模板中每个变量是否有字数限制); a case number (up to 20) is longer than that.
 *    `county:check` warns a county on `tencent` to confirm its variables' limits; unverified offline.
 *    No link in a variable at either provider: "模板中的变量参数不允许传链接" (same FAQ).
 * Every parameter below stays within Alibaba's 35.
 */
export const PARAM_LIMIT = 35;
/** Verification codes: 4–6 digits at Alibaba, at most 6 at Tencent. */
export const CODE_DIGITS = 6;

/** What a parameter holds, and the variable attribute (变量属性) to choose when registering it. */
export type ParamKind = 'caseNumber' | 'label' | 'place' | 'name' | 'level' | 'count' | 'time' | 'code';

const ATTRIBUTE: Record<ParamKind, string> = {
  caseNumber: '其他号码',
  label: '其他（如名称、账号、地址等）',
  place: '其他（如名称、账号、地址等）',
  name: '其他（如名称、账号、地址等）',
  level: '仅数字',
  count: '仅数字',
  time: '时间',
  code: '验证码（仅数字）',
};

export interface ParamSpec {
  readonly kind: ParamKind;
  /** Longest value, in characters (≤ PARAM_LIMIT). */
  readonly max: number;
}

const caseNumber: ParamSpec = { kind: 'caseNumber', max: 20 };
const label: ParamSpec = { kind: 'label', max: 24 };
const village: ParamSpec = { kind: 'place', max: 20 };
const person: ParamSpec = { kind: 'name', max: 20 };
const level: ParamSpec = { kind: 'level', max: 1 };
const count: ParamSpec = { kind: 'count', max: 6 };
const time: ParamSpec = { kind: 'time', max: 5 };
const code: ParamSpec = { kind: 'code', max: CODE_DIGITS };

/** How a text-mode link joins the words before it, and what stands there without one. */
interface LinkJoin {
  readonly before: string;
  readonly without: string;
}

export interface SmsTemplate {
  /** Providers review verification codes and notifications as different kinds of template. */
  readonly category: 'verification' | 'notification';
  /** The named parameters, in the order they appear in the template. */
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** What the county registers (template mode), without the signature. */
  readonly template: Readonly<Record<Locale, string>>;
  /** The wording where SMS go as text; may add `{excerpt}` and `{link}`. @default template */
  readonly text?: Readonly<Record<Locale, string>>;
  /** @default { before: ' ', without: '' } */
  readonly link?: Readonly<Record<Locale, LinkJoin>>;
}

/** Minutes a sign-in code stays valid (the login template says so in its fixed words). */
export const CODE_MINUTES = 5;

export const SMS_TEMPLATES: Readonly<Record<SmsType, SmsTemplate>> = {
  assignment: {
    category: 'notification',
    params: { label, caseNumber, village },
    template: {
      'zh-CN': '{label}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      en: '{label} {caseNumber}, {village}. Please handle it in the {@workbench}.',
    },
    text: { 'zh-CN': '{label}{caseNumber} {village}：{excerpt}{link}', en: '{label} {caseNumber}, {village}: {excerpt}{link}' },
  },
  filed: {
    // A new case an information officer (信息员) filed for a resident: his name is from the roster.
    category: 'notification',
    params: { label, caseNumber, village, informant: person },
    template: {
      'zh-CN': '{label}，编号{caseNumber}，{village}，信息员{informant}代报，请登录{@workbench}处理。',
      en: '{label} {caseNumber}, {village}, filed by information officer {informant}. Please handle it in the {@workbench}.',
    },
    text: {
      'zh-CN': '{label}{caseNumber} {village}（信息员{informant}代报）：{excerpt}{link}',
      en: '{label} {caseNumber}, {village} (filed by information officer {informant}): {excerpt}{link}',
    },
  },
  transfer: {
    category: 'notification',
    params: { label, caseNumber, village },
    template: {
      'zh-CN': '{label}，编号{caseNumber}，{village}，已转交给您，请登录{@workbench}处理。',
      en: '{label} {caseNumber}, {village}, now yours. Please handle it in the {@workbench}.',
    },
    // Text mode also says who filed it (`filed`: empty, or （信息员李梅代报）).
    text: { 'zh-CN': '{label}{caseNumber} {village}{filed}：{excerpt}{link}', en: '{label} {caseNumber}, {village}{filed}: {excerpt}{link}' },
  },
  reopened: {
    category: 'notification',
    params: { kind: label, caseNumber, village },
    template: {
      'zh-CN': '群众反映未解决：{kind}，编号{caseNumber}，{village}，已退回重新办理，请登录{@workbench}处理。',
      en: 'Reopened, resident says not fixed: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
    },
    text: {
      'zh-CN': '群众反映未解决，重新办理{urgent}{caseNumber} {village}：{excerpt}{link}',
      en: 'Reopened, resident says not fixed: {urgent}{caseNumber}, {village}: {excerpt}{link}',
    },
  },
  defence: {
    category: 'notification',
    params: { village, officer: person, caseNumber },
    template: {
      'zh-CN': '{village}紧急求助，请就近协助，已通知民警{officer}，编号{caseNumber}。',
      en: 'URGENT help in {village}, please assist; officer {officer} notified, case {caseNumber}.',
    },
    text: {
      'zh-CN': '{village}紧急求助，请就近协助，已通知民警{officer}。{excerpt}',
      en: 'URGENT help in {village}, please assist; officer {officer} notified. {excerpt}',
    },
  },
  escalation: {
    category: 'notification',
    params: { level, kind: label, caseNumber, village },
    template: {
      'zh-CN': '超时未签收，已上报至第{level}级：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      en: 'Not acknowledged in time, now yours at level {level}: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
    },
    text: {
      'zh-CN': '超时未签收，已上报：{kind}{caseNumber} {village}：{excerpt}{link}',
      en: 'Not acknowledged in time, now yours: {kind} {caseNumber}, {village}: {excerpt}{link}',
    },
  },
  reported_up: {
    category: 'notification',
    params: { kind: label, caseNumber, village },
    template: {
      'zh-CN': '上报：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      en: 'Reported up to you: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
    },
    text: { 'zh-CN': '上报：{kind}{caseNumber} {village}，{excerpt}{link}', en: 'Reported up to you: {kind} {caseNumber}, {village}: {excerpt}{link}' },
  },
  assigned: {
    category: 'notification',
    params: { kind: label, caseNumber, village },
    template: {
      'zh-CN': '下派：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      en: 'Assigned to you: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
    },
    text: { 'zh-CN': '下派：{kind}{caseNumber} {village}：{excerpt}{link}', en: 'Assigned to you: {kind} {caseNumber}, {village}: {excerpt}{link}' },
  },
  answer: {
    category: 'notification',
    params: { kind: label, caseNumber, who: label },
    template: {
      'zh-CN': '{kind}案件{caseNumber}的{who}已回复提问，请登录{@workbench}查看。',
      en: 'The {who} answered your question on {kind} {caseNumber}. Read it in the {@workbench}.',
    },
    text: { 'zh-CN': '{urgent}{caseNumber} {who}回复：{excerpt}{link}', en: '{urgent}{caseNumber}: the {who} answered: {excerpt}{link}' },
  },
  resident_ack: {
    category: 'notification',
    params: { caseNumber },
    template: {
      'zh-CN': '您反映的{caseNumber}已由民警签收，正在办理。',
      en: 'Your report {caseNumber} was acknowledged by the officer and is being handled.',
    },
  },
  resident_resolved: {
    category: 'notification',
    params: { caseNumber },
    template: {
      'zh-CN': '您反映的{caseNumber}已办结，欢迎凭查询码到{@site}评价。',
      en: 'Your report {caseNumber} is resolved. Please rate how it was handled with your tracking code on the {@site}.',
    },
    text: { 'zh-CN': '您反映的{caseNumber}已办结，欢迎评价{link}', en: 'Your report {caseNumber} is resolved. Please rate how it was handled{link}' },
    link: { 'zh-CN': { before: '：', without: '。' }, en: { before: ': ', without: '.' } },
  },
  login: {
    category: 'verification',
    params: { code },
    // CODE_MINUTES written out: a template literal would keep the whole registry in every bundle that imports this module.
    template: {
      'zh-CN': '登录验证码{code}，5分钟内有效。请勿告诉他人。',
      en: 'Your sign-in code is {code}. It expires in 5 minutes. Never tell it to anyone.',
    },
  },
  digest: {
    category: 'notification',
    params: { village, since: time, count },
    template: {
      'zh-CN': '{village}自{since}起有{count}起新案件（未逐条短信通知），请登录{@workbench}查看。',
      en: '{count} new cases in {village} since {since} (no SMS each); see the {@workbench}.',
    },
    text: {
      'zh-CN': '{village}自{since}起有{count}起新案件（未逐条短信通知），请查看：{link}',
      en: '{count} new cases in {village} since {since} (no SMS each); see {link}',
    },
    link: { 'zh-CN': { before: '', without: '' }, en: { before: '', without: '' } },
  },
};

/** The parts of the county file the wording depends on. */
export type SmsCounty = Pick<County, 'locale' | 'shortName' | 'sms' | 'site' | 'deployment'>;

/** Which registered template an SMS is, and its parameters. */
export interface SmsTemplateUse {
  readonly type: SmsType;
  /** `template`: a domestic provider sends `code` and `params` only; `text`: the provider sends the body. */
  readonly mode: 'text' | 'template';
  /** The county's template code for this type (template mode; absent when the county file lacks it). */
  readonly code?: string;
  readonly params: Readonly<Record<string, string>>;
}

/** An SMS ready to send: the text as the phone shows it, and the template it is. */
export interface RenderedSms {
  /** SNS sends this; the outbox shows it; the SMS gate prices it. */
  readonly body: string;
  readonly template: SmsTemplateUse;
}

export interface SmsValues {
  /** Every parameter the type names (numbers are written out). */
  readonly params: Readonly<Record<string, string | number>>;
  /** Words the text mode's wording adds (e.g. an urgent flag that may be empty), never a template parameter. */
  readonly textOnly?: Readonly<Record<string, string>>;
  /** The resident's words, for text mode only. */
  readonly excerpt?: string;
  /** The recipient's link, for text mode only. */
  readonly link?: string;
}

/** Template mode: the county sends through a domestic provider that takes only registered templates. */
export function templateMode(county: Pick<County, 'sms'>): boolean {
  return isDomesticProvider(county.sms.provider);
}

/** The signature as the phone shows it; domestic providers add it from the registered sign name. */
export function smsSignature(county: Pick<County, 'locale' | 'shortName' | 'sms'>): string {
  if (templateMode(county) && county.sms.signName) return `【${county.sms.signName}】`;
  return county.locale === 'en' ? `[${county.shortName} Police] ` : `【${county.shortName}村警】`;
}

/** The county's own domain: the ICP-filed one of a China deployment, or the global site's. */
function siteDomain(county: SmsCounty): string | undefined {
  return county.deployment?.domainName ?? county.site?.domainName;
}

/**
 * Constants a template may carry, filled in before it is registered: the county's own address, the
 * officer inbox (`/o/inbox`, where an officer signs in once per phone) and the track page.
 */
function constants(county: SmsCounty): Record<string, string> {
  const domain = siteDomain(county);
  if (county.locale === 'en') {
    return { workbench: domain ? `Cunjing inbox (https://${domain}${INBOX_PATH})` : 'Cunjing inbox', site: domain ? `portal (https://${domain}/track)` : 'Cunjing portal' };
  }
  // A space after the address, so the phone does not read the next word as part of the link.
  return { workbench: domain ? `村警工作台 https://${domain}${INBOX_PATH} ` : '村警工作台', site: domain ? `村警网站 https://${domain}/track ` : '村警网站' };
}

/**
 * A parameter's value as a provider accepts it: no control or bidirectional characters, no braces or
 * quotes (they break the providers' variable parsing), no line breaks, cut to the parameter's `max`.
 */
export function paramValue(value: string | number, spec: ParamSpec): string {
  return [...cleanValue(value)].slice(0, spec.max).join('');
}

function cleanValue(value: string | number): string {
  return plainSmsText(String(value)).replace(/[{}'"<>]/g, '').replace(/\s+/g, ' ').trim();
}

/** The registered template's text of a type for this county, with `{name}` placeholders. */
export function templateText(county: SmsCounty, type: SmsType): string {
  const fixed = constants(county);
  return SMS_TEMPLATES[type].template[county.locale].replace(/\{@(\w+)\}/g, (_, name: string) => fixed[name] ?? '');
}

/** The parameters in the order the county's template names them (Tencent numbers them so: {1}, {2}…). */
export function paramOrder(county: Pick<County, 'locale'>, type: SmsType): string[] {
  return [...SMS_TEMPLATES[type].template[county.locale].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** `{name}` placeholders as a provider writes them: Alibaba `${name}`, Tencent `{1}`, `{2}` in order. */
export function providerTemplateText(county: SmsCounty, type: SmsType, provider: Exclude<SmsProvider, 'sns'>): string {
  const names = paramOrder(county, type);
  return templateText(county, type).replace(/\{(\w+)\}/g, (_, name: string) => (provider === 'aliyun' ? `\${${name}}` : `{${names.indexOf(name) + 1}}`));
}

/** What to register with the provider, ready to paste: type, kind of template, text and variable attributes. */
export function registrationSheet(county: SmsCounty, types: readonly SmsType[] = SMS_TYPES): string {
  const provider = county.sms.provider === 'tencent' ? 'tencent' : 'aliyun';
  const lines: string[] = [];
  for (const type of types) {
    const def = SMS_TEMPLATES[type];
    lines.push(`${type} (${def.category === 'verification' ? '验证码' : '短信通知'}):`);
    lines.push(`  ${providerTemplateText(county, type, provider)}`);
    paramOrder(county, type).forEach((name, i) => {
      const spec = def.params[name]!;
      lines.push(`    ${provider === 'aliyun' ? `\${${name}}` : `{${i + 1}}`} ${name}: ${ATTRIBUTE[spec.kind]}, 1–${spec.max} characters`);
    });
  }
  return lines.join('\n');
}

/** Fills `{name}` placeholders in one pass (a value is never read as a placeholder). */
function fill(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** One SMS of `type` for this county, in the county's mode. */
export function renderTemplate(county: SmsCounty, type: SmsType, values: SmsValues): RenderedSms {
  const def = SMS_TEMPLATES[type];
  const templated = templateMode(county);
  const params: Record<string, string> = {};
  for (const [name, spec] of Object.entries(def.params)) {
    const value = values.params[name];
    if (value === undefined) throw new Error(`SMS ${type}: parameter ${name} is missing`);
    // Only a registered template's variables have a length limit; a text SMS keeps names whole.
    params[name] = templated ? paramValue(value, spec) : cleanValue(value);
  }
  const signature = smsSignature(county);
  if (templated) {
    const registered = county.sms.templates?.[type];
    return {
      body: `${signature}${fill(templateText(county, type), params)}`,
      template: { type, mode: 'template', ...(registered && { code: registered }), params },
    };
  }
  const join = def.link?.[county.locale] ?? { before: ' ', without: '' };
  const link = values.link ? `${join.before}${values.link}` : join.without;
  const pattern = def.text?.[county.locale] ?? def.template[county.locale];
  // `{excerpt}` stays for fitSms, which cuts the resident's words to what the segments leave.
  const filled = `${signature}${fill(pattern, { ...values.textOnly, ...params, link })}`;
  const excerpt = values.excerpt === undefined ? undefined : plainSmsText(values.excerpt);
  const body = pattern.includes('{excerpt}') ? fitSms(filled, excerpt ?? '') : filled;
  return {
    body,
    template: { type, mode: 'text', params: { ...params, ...(excerpt !== undefined && { excerpt }), ...(values.link && { link: values.link }) } },
  };
}
