/**
 * `npm run sms:samples [-- <county>] [--json] [--url https://…]`: every SMS type as the county's
 * officers and residents would receive it, with its length in units and segments (UCS-2: 70 in one,
 * 67 each when split). A county on a domestic provider (`sms.provider` aliyun or tencent) shows its
 * registered templates: the template code and the parameters the provider receives.
 *
 * `--json` prints `[{type, sample, template, params, text, units, segments}]`, where `template` is the
 * county's template code (null in text mode, or when the county file lacks it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseKind, FiledBy } from '../functions/domain/case.ts';
import { indexVillages, parseCounty, type County } from '../functions/domain/county.ts';
import { INBOX_PATH, linkToken, oneTapLinks } from '../functions/domain/links.ts';
import { carriesLink, planAnswer, planAssign, planEscalation, planNewCase, planReopen, planReportUp, planResidentUpdate, planTransfer, type PlannedSms } from '../functions/domain/routing.ts';
import { digestSms, loginCodeSms, renderSms, type RenderedSms, type SmsType } from '../functions/domain/sms-templates.ts';
import { smsLength } from '../functions/domain/sms.ts';

export interface SmsSample {
  readonly type: SmsType;
  /** What the sample shows, e.g. `assignment, 500-character description`. */
  readonly sample: string;
  readonly template: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly text: string;
  readonly units: number;
  readonly segments: number;
}

const TIP = '后山有人夜里偷砍林木，开蓝色三轮车';
const DISPUTE = '两户村民因宅基地界线吵架，需要调解';

/** One sample of every SMS type (and the cases that stretch them) for a county. */
export function smsSamples(county: County, url = 'https://cunjing.example.gov.cn'): SmsSample[] {
  const view = [...indexVillages(county).values()][0]!;
  const caseNumber = `${county.code}-2026-000123`;
  const link = (id: string) => `${url}/o/${linkToken('sample', caseNumber, id)}`;
  const resident = '+8613800000000';
  const informant = view.village.informants[0]?.name ?? '李梅';
  const cases: { sample: string; kind: CaseKind; description: string; urgent?: boolean; location?: string; filedBy?: FiledBy; pick: (record: { kind: CaseKind; urgent: boolean }) => PlannedSms | undefined }[] = [
    { sample: 'assignment (tip, officer)', kind: 'tip', description: TIP, pick: (r) => planNewCase(view, r)[0] },
    { sample: 'assignment filed by an information officer', kind: 'dispute', description: DISPUTE, filedBy: { role: 'informant', name: informant }, pick: (r) => planNewCase(view, r)[0] },
    { sample: 'assignment (dispute, assistant)', kind: 'dispute', description: DISPUTE, pick: (r) => planNewCase(view, r)[1] },
    { sample: 'assignment (urgent help)', kind: 'help', urgent: true, location: '3组李家', description: '有人闯进家里打人，快来', pick: (r) => planNewCase(view, r)[0] },
    { sample: 'assignment, 500-character description', kind: 'hazard', description: '村口小桥护栏断了，'.repeat(50), pick: (r) => planNewCase(view, r)[0] },
    { sample: 'defence group (urgent help)', kind: 'help', urgent: true, location: '3组李家', description: '有人闯进家里打人，快来', pick: (r) => planNewCase(view, r).find((p) => p.role === 'defence') },
    { sample: 'escalation (central office)', kind: 'tip', description: TIP, pick: () => planEscalation(county, view, 2, 0, '2026-11-22T04:00:00.000Z') },
    { sample: 'escalation, urgent help (central office)', kind: 'help', urgent: true, description: '有人闯进家里打人，快来', pick: () => planEscalation(county, view, 2, 0, '2026-11-22T04:00:00.000Z') },
    { sample: 'reported up by hand (station)', kind: 'dispute', description: DISPUTE, pick: () => planReportUp(county, view, 3, '2026-11-22T02:00:00.000Z', `${view.officer.name}：涉及宅基地确权，需派出所和乡里一起处理`) },
    { sample: 'assigned down (officer)', kind: 'dispute', description: DISPUTE, pick: () => planAssign(view, 1) },
    { sample: 'transfer (new officer)', kind: 'dispute', description: DISPUTE, pick: (r) => planTransfer(view, r, 1)[0] },
    { sample: 'reopened (resident says not fixed)', kind: 'hazard', description: '路灯还是不亮', pick: () => planReopen(view, '2026-05-01T00:00:00.000Z') },
    { sample: 'tipster answered (officer)', kind: 'tip', description: TIP, pick: () => planAnswer(view, 1, '一般晚上十一点以后，从西边小路进山') },
    { sample: 'resident: acknowledged', kind: 'dispute', description: DISPUTE, pick: () => planResidentUpdate({ updates: true, phone: resident }, 'acknowledged') },
    { sample: 'resident: resolved (rating link)', kind: 'dispute', description: DISPUTE, pick: () => planResidentUpdate({ updates: true, phone: resident }, 'resolved') },
  ];
  const out: SmsSample[] = [];
  const add = (sample: string, sms: RenderedSms) => {
    const { units, segments } = smsLength(sms.body);
    out.push({ type: sms.template.type, sample, template: sms.template.code ?? null, params: sms.template.params, text: sms.body, units, segments });
  };
  for (const s of cases) {
    const record = { caseNumber, kind: s.kind, urgent: s.urgent ?? false, description: s.description, ...(s.location && { location: s.location }), ...(s.filedBy && { filedBy: s.filedBy }) };
    const intent = s.pick(record);
    if (!intent) continue;
    // As the router does: a one-tap link per case and recipient, or the inbox's one address.
    const carried = carriesLink(intent) ? (oneTapLinks(county) ? link(intent.id) : `${url}${INBOX_PATH}`) : undefined;
    add(s.sample, renderSms({ county, view, record, ...(carried && { link: carried }), trackUrl: `${url}/track?case=${caseNumber}` }, intent));
  }
  add('sign-in code', loginCodeSms(county, '482913'));
  add('village digest', digestSms(county, view.village.name, 12, '2026-05-01T02:00:00.000Z', `${url}/admin/cases/?villageId=${view.village.id}`));
  return out;
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { county: { type: 'string' }, json: { type: 'boolean', default: false }, url: { type: 'string', default: 'https://cunjing.example.gov.cn' } },
  });
  const id = positionals[0] ?? values.county ?? 'demo';
  const county = parseCounty(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'counties', `${id}.json`), 'utf8')));
  const samples = smsSamples(county, values.url);
  if (values.json) {
    console.log(JSON.stringify(samples, null, 2));
    return 0;
  }
  const links = oneTapLinks(county) ? `one-tap links to ${values.url}/o/…` : county.sms.provider === 'sns' ? `officer SMS name the inbox ${values.url}${INBOX_PATH}` : 'registered templates, no link in any parameter';
  console.log(`SMS of county ${county.code} (${county.locale}, provider ${county.sms.provider}), ${links}\n`);
  console.log('| sample | template | units | segments | text |\n|---|---|---|---|---|');
  for (const s of samples) {
    const template = s.template ? `${s.template} ${JSON.stringify(s.params)}` : county.sms.provider === 'sns' ? s.type : `${s.type}: no code`;
    console.log(`| ${s.sample} | ${template.replace(/\|/g, '\\|')} | ${s.units} | ${s.segments} | ${s.text.replace(/\|/g, '\\|')} |`);
  }
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
