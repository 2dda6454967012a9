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
import type { CaseRecord, SmsIntent } from './case.ts';
import type { County, Locale, VillageView } from './county.ts';
import { fitSms, kindLabel, plainSmsText } from './sms.ts';
import { INBOX_PATH } from './links.ts';
import { isDomesticProvider, SMS_TYPES, type SmsProvider, type SmsType } from './sms-types.ts';
import { fmt, words, type SmsMessages } from '../messages/index.ts';
import smsZh from '../messages/sms/zh-CN.ts';
import smsEn from '../messages/sms/en.ts';

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

/**
 * What a parameter holds, and the variable attribute (变量属性) to choose when registering it: the
 * providers' own terms, as their consoles (in Chinese) name them, like the template kinds of
 * `registrationSheet`; not words of ours, so not in the message catalogue.
 */
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

export interface SmsTemplate {
  /** Providers review verification codes and notifications as different kinds of template. */
  readonly category: 'verification' | 'notification';
  /** The named parameters (the template's words, functions/messages/sms, name them in their order). */
  readonly params: Readonly<Record<string, ParamSpec>>;
}

const notification = (params: SmsTemplate['params']): SmsTemplate => ({ category: 'notification', params });

export const SMS_TEMPLATES: Readonly<Record<SmsType, SmsTemplate>> = {
  assignment: notification({ label, caseNumber, village }),
  // A new case an information officer (信息员) filed for a resident: his name is from the roster.
  filed: notification({ label, caseNumber, village, informant: person }),
  transfer: notification({ label, caseNumber, village }),
  reopened: notification({ kind: label, caseNumber, village }),
  defence: notification({ village, officer: person, caseNumber }),
  escalation: notification({ level, kind: label, caseNumber, village }),
  reported_up: notification({ kind: label, caseNumber, village }),
  assigned: notification({ kind: label, caseNumber, village }),
  answer: notification({ kind: label, caseNumber, who: label }),
  resident_ack: notification({ caseNumber }),
  resident_resolved: notification({ caseNumber }),
  login: { category: 'verification', params: { code } },
  digest: notification({ village, since: time, count }),
};

/** A type's words in one language (functions/messages/sms). */
export interface SmsWording {
  /** What the county registers (template mode), without the signature. */
  readonly template: string;
  /** The wording where SMS go as text; may add `{excerpt}` and `{link}`. @default template */
  readonly text?: string;
  /** What stands at `{link}` with a link (`{url}`) and without one. @default ' {url}' and nothing */
  readonly link?: string;
  readonly noLink?: string;
}

const SMS_WORDS: Readonly<Record<Locale, SmsMessages>> = { 'zh-CN': smsZh, en: smsEn };
const WORDING: Readonly<Record<Locale, Readonly<Record<SmsType, SmsWording>>>> = { 'zh-CN': smsZh.types, en: smsEn.types };

/** The words of an SMS type in a language. */
export function smsWording(locale: Locale, type: SmsType): SmsWording {
  return WORDING[locale][type];
}

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
  return fmt(SMS_WORDS[county.locale].signature, { county: county.shortName });
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
  const w = SMS_WORDS[county.locale];
  if (!domain) return { workbench: w.workbench, site: w.site };
  return { workbench: fmt(w.workbenchAt, { url: `https://${domain}${INBOX_PATH}` }), site: fmt(w.siteAt, { url: `https://${domain}/track` }) };
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
  return smsWording(county.locale, type).template.replace(/\{@(\w+)\}/g, (_, name: string) => fixed[name] ?? '');
}

/** The parameters in the order the county's template names them (Tencent numbers them so: {1}, {2}…). */
export function paramOrder(county: Pick<County, 'locale'>, type: SmsType): string[] {
  return [...smsWording(county.locale, type).template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
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
  const wording = smsWording(county.locale, type);
  const link = values.link ? fmt(wording.link ?? ' {url}', { url: values.link }) : (wording.noLink ?? '');
  const pattern = wording.text ?? wording.template;
  // `{excerpt}` stays for fitSms, which cuts the resident's words to what the segments leave.
  const filled = `${signature}${fill(pattern, { ...values.textOnly, ...params, link })}`;
  const excerpt = values.excerpt === undefined ? undefined : plainSmsText(values.excerpt);
  const body = pattern.includes('{excerpt}') ? fitSms(filled, excerpt ?? '') : filled;
  return {
    body,
    template: { type, mode: 'text', params: { ...params, ...(excerpt !== undefined && { excerpt }), ...(values.link && { link: values.link }) } },
  };
}

/**
 * The sign-in code SMS (a verification-code template at domestic providers). The console's sign-in
 * imports this module when it sends a code: the admin function's cold start carries no SMS wording.
 */
export function loginCodeSms(county: SmsCounty, code: string): RenderedSms {
  return renderTemplate(county, 'login', { params: { code } });
}

/** "【青山村警】东山村自10:00起有12起新案件（未逐条短信通知），请查看：…" (the link in text mode only). */
export function digestSms(county: SmsCounty & Pick<County, 'timezone'>, village: string, count: number, since: string, url: string): RenderedSms {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: county.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(since));
  return renderTemplate(county, 'digest', { params: { village, since: time, count }, link: url });
}

// ── The SMS an intent calls for ─────────────────────────────────────────────────────────────────
// Here rather than in routing.ts, which only plans who hears what: a function that plans SMS (the
// admin function's actions) carries none of their wording; the router and the schedule render them.

type CaseFacts = Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location' | 'filedBy'>;

export interface RenderContext {
  readonly county: SmsCounty;
  readonly view: VillageView;
  readonly record: CaseFacts;
  /** The recipient's one-tap link, for messages that carry one (text mode only). */
  readonly link?: string;
  /** Where a resident tracks and rates the case (text mode only). */
  readonly trackUrl?: string;
}

/** The urgent flag every SMS about an urgent case carries, in front of its kind: 紧急, `URGENT `. */
function urgentMark(locale: Locale, c: Pick<CaseFacts, 'urgent'>): string {
  if (!c.urgent) return '';
  return fmt(SMS_WORDS[locale].urgentMark, { urgent: words(locale).urgent });
}

/** The case's kind with its urgent flag: 紧急求助, 矛盾纠纷; `URGENT help request`. */
function kindWithUrgency(locale: Locale, c: CaseFacts): string {
  return `${urgentMark(locale, c)}${kindLabel(locale, c.kind)}`;
}

/** The case's kind as an assignment names it: 紧急求助, 新矛盾纠纷, 转交紧急求助; `New URGENT help request`. */
function caseLabel(locale: Locale, c: CaseFacts, transferred: boolean): string {
  const label = SMS_WORDS[locale].label;
  return fmt(transferred ? label.transferred : c.urgent ? label.newUrgent : label.new, { kind: kindWithUrgency(locale, c) });
}

/** Who filed the case, as a transfer's text says it: （信息员李梅代报）, ` (filed by information officer Li Mei)`. */
function filedMark(locale: Locale, name: string): string {
  return fmt(SMS_WORDS[locale].filedBy, { name });
}

/** Who answered the officer's question: 举报人 / tipster for a tip, 群众 / resident otherwise. */
function answererLabel(locale: Locale, kind: CaseFacts['kind']): string {
  return kind === 'tip' ? SMS_WORDS[locale].tipster : words(locale).role.resident;
}

/** The resident's words an officer's SMS quotes (text mode only), with the place they gave. */
function excerptOf(locale: Locale, c: CaseFacts, placeFirst = false): string {
  if (!c.location) return c.description;
  const w = SMS_WORDS[locale];
  return fmt(placeFirst ? w.placeBefore : w.placeAfter, { description: c.description, location: c.location });
}

/** The SMS an intent calls for, from the case as it is now, as a registered template (sms-templates.ts). */
export function renderSms(ctx: RenderContext, intent: SmsIntent): RenderedSms {
  const { county, view, record: c, link } = ctx;
  const { locale } = county;
  const village = view.village.name;
  switch (intent.message) {
    case 'assignment':
      // A case an information officer filed for a resident says who filed it (his name is on the roster).
      if (c.filedBy) {
        return renderTemplate(county, 'filed', { params: { label: caseLabel(locale, c, false), caseNumber: c.caseNumber, village, informant: c.filedBy.name }, excerpt: excerptOf(locale, c), link });
      }
      return renderTemplate(county, 'assignment', { params: { label: caseLabel(locale, c, false), caseNumber: c.caseNumber, village }, excerpt: excerptOf(locale, c), link });
    case 'transfer':
      return renderTemplate(county, 'transfer', {
        params: { label: caseLabel(locale, c, true), caseNumber: c.caseNumber, village },
        textOnly: { filed: c.filedBy ? filedMark(locale, c.filedBy.name) : '' },
        excerpt: excerptOf(locale, c),
        link,
      });
    case 'reopened':
      return renderTemplate(county, 'reopened', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, textOnly: { urgent: urgentMark(locale, c) }, excerpt: c.description, link });
    case 'defence':
      return renderTemplate(county, 'defence', { params: { village, officer: view.officer.name, caseNumber: c.caseNumber }, excerpt: excerptOf(locale, c, true) });
    case 'escalation':
      return renderTemplate(county, 'escalation', {
        params: { level: intent.level ?? 2, kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village },
        excerpt: c.description,
        link,
      });
    case 'reported_up':
      // The excerpt is who reported it up and why (`name：reason`): words from the staff, text mode only.
      return renderTemplate(county, 'reported_up', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, excerpt: intent.text ?? '', link });
    case 'assigned':
      return renderTemplate(county, 'assigned', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, excerpt: c.description, link });
    case 'answer':
      // For a tip the one who answers is the tipster (举报人); for the other kinds, the resident (群众).
      return renderTemplate(county, 'answer', {
        params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, who: answererLabel(locale, c.kind) },
        textOnly: { urgent: urgentMark(locale, c) },
        excerpt: intent.text ?? '',
        link,
      });
    case 'resident_ack':
      return renderTemplate(county, 'resident_ack', { params: { caseNumber: c.caseNumber } });
    case 'resident_resolved':
      return renderTemplate(county, 'resident_resolved', { params: { caseNumber: c.caseNumber }, link: ctx.trackUrl });
  }
}
