/**
 * `npm run sms:samples [-- --county demo]`: every SMS type as the county's officers and residents
 * would receive it, with its length in units and segments (UCS-2: 70 in one, 67 each when split).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { indexVillages, parseCounty } from '../functions/domain/county.ts';
import { linkToken } from '../functions/domain/links.ts';
import { planAnswer, planAssign, planEscalation, planNewCase, planReportUp, planResidentUpdate, planTransfer, renderSms, type PlannedSms } from '../functions/domain/routing.ts';
import { smsLength } from '../functions/domain/sms.ts';
import type { CaseKind } from '../functions/domain/case.ts';

const { values } = parseArgs({ options: { county: { type: 'string', default: 'demo' }, url: { type: 'string', default: 'https://cunjing.example.gov.cn' } } });
const root = join(import.meta.dirname, '..');
const county = parseCounty(JSON.parse(readFileSync(join(root, 'counties', `${values.county}.json`), 'utf8')));
const view = [...indexVillages(county).values()][0]!;
const caseNumber = `${county.code}-2026-000123`;
const link = (id: string) => `${values.url}/o/${linkToken('sample', caseNumber, id)}`;

const samples: { label: string; kind: CaseKind; description: string; urgent?: boolean; location?: string; pick: (record: { kind: CaseKind; urgent: boolean }) => PlannedSms | undefined }[] = [
  { label: 'assignment (tip, officer)', kind: 'tip', description: '后山有人夜里偷砍林木，开蓝色三轮车', pick: (r) => planNewCase(view, r)[0] },
  { label: 'assignment (dispute, officer/assistant)', kind: 'dispute', description: '两户村民因宅基地界线吵架，需要调解', pick: (r) => planNewCase(view, r)[1] },
  { label: 'assignment (urgent help)', kind: 'help', urgent: true, location: '3组李家', description: '有人闯进家里打人，快来', pick: (r) => planNewCase(view, r)[0] },
  { label: 'defence group (urgent help)', kind: 'help', urgent: true, location: '3组李家', description: '有人闯进家里打人，快来', pick: (r) => planNewCase(view, r).find((p) => p.role === 'defence') },
  { label: 'assignment, 500-character description', kind: 'hazard', description: '村口小桥护栏断了，'.repeat(50), pick: (r) => planNewCase(view, r)[0] },
  { label: 'escalation (central office)', kind: 'tip', description: '后山有人夜里偷砍林木，开蓝色三轮车', pick: () => planEscalation(county, view, 2, 0, '2026-11-22T04:00:00.000Z') },
  { label: 'escalation, urgent help (central office)', kind: 'help', urgent: true, description: '有人闯进家里打人，快来', pick: () => planEscalation(county, view, 2, 0, '2026-11-22T04:00:00.000Z') },
  { label: 'reported up by hand (station)', kind: 'dispute', description: '两户村民因宅基地界线吵架，需要调解', pick: () => planReportUp(county, view, 3, '2026-11-22T02:00:00.000Z', `${view.officer.name}：涉及宅基地确权，需派出所和乡里一起处理`) },
  { label: 'assigned down (officer)', kind: 'dispute', description: '两户村民因宅基地界线吵架，需要调解', pick: () => planAssign(view, 1) },
  { label: 'transfer (new officer)', kind: 'dispute', description: '两户村民因宅基地界线吵架，需要调解', pick: (r) => planTransfer(view, r, 1)[0] },
  { label: 'tipster answered (officer)', kind: 'tip', description: '后山有人夜里偷砍林木', pick: () => planAnswer(view, 1, '一般晚上十一点以后，从西边小路进山') },
  { label: 'resident: acknowledged', kind: 'dispute', description: '两户村民因宅基地界线吵架', pick: () => planResidentUpdate({ updates: true, phone: '+8613800000000' }, 'acknowledged') },
  { label: 'resident: resolved (rating link)', kind: 'dispute', description: '两户村民因宅基地界线吵架', pick: () => planResidentUpdate({ updates: true, phone: '+8613800000000' }, 'resolved') },
];

console.log(`SMS of county ${county.code} (${county.locale}), village ${view.village.name}, links to ${values.url}\n`);
console.log('| message | units | segments | text |\n|---|---|---|---|');
for (const s of samples) {
  const record = { caseNumber, kind: s.kind, urgent: s.urgent ?? false, description: s.description, ...(s.location && { location: s.location }) };
  const intent = s.pick(record);
  if (!intent) continue;
  const body = renderSms(
    { county, view, record, link: intent.role === 'defence' || intent.role === 'resident' ? undefined : link(intent.id), trackUrl: `${values.url}/track?case=${caseNumber}` },
    intent,
  );
  const { units, segments, encoding } = smsLength(body);
  console.log(`| ${s.label} | ${units} ${encoding === 'GSM-7' ? '(GSM-7)' : ''} | ${segments} | ${body.replace(/\|/g, '\\|')} |`);
}
