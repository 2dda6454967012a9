import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_KINDS, type CaseKind } from '../../functions/domain/case.ts';
import { indexVillages, parseCounty, type County, type VillageView } from '../../functions/domain/county.ts';
import { planNewCase } from '../../functions/domain/routing.ts';
import { renderSms } from '../../functions/domain/sms-templates.ts';

const demoJson = JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8'));
const county = parseCounty(demoJson);
const villages = indexVillages(county);
const dongshan = villages.get('dongshan')!;

const OFFICER = '+8613800001001';
const ASSISTANT = '+8613900002001';
const DEFENCE = ['+8613700003011', '+8613700003012'];

function facts(kind: CaseKind, urgent = false) {
  return { caseNumber: 'DEMO-2026-000007', kind, urgent, description: '村口有两户人家吵起来了', location: '东山村3组' };
}

/** A village view from a modified copy of the demo county. */
function viewWith(edit: (data: any) => void, villageId = 'dongshan'): { county: County; view: VillageView } {
  const data = structuredClone(demoJson);
  edit(data);
  const edited = parseCounty(data);
  return { county: edited, view: indexVillages(edited).get(villageId)! };
}

type Facts = ReturnType<typeof facts>;

/** The SMS of a new case as sent without links: who, and the words. */
function routeNewCase(c: County, view: VillageView, record: Facts) {
  return planNewCase(view, record).map((intent) => ({ ...intent, body: renderSms({ county: c, view, record }, intent).body }));
}

describe('routeNewCase', () => {
  it('sends a tip to the village officer only', () => {
    const planned = routeNewCase(county, dongshan, facts('tip'));

    expect(planned.map((p) => [p.role, p.to])).toEqual([['officer', OFFICER]]);
  });

  it('never sends a tip to the assistant, in any village, even if it came marked urgent', () => {
    for (const view of villages.values()) {
      for (const urgent of [false, true]) {
        const planned = routeNewCase(county, view, facts('tip', urgent));

        expect(planned).toHaveLength(1);
        expect(planned[0]?.to).toBe(view.officer.phone);
        expect(planned.some((p) => p.to === view.village.assistant.phone || p.role === 'assistant')).toBe(false);
      }
    }
  });

  it.each(['dispute', 'hazard', 'service', 'help'] as const)('sends a %s to the officer and the assistant with the same text', (kind) => {
    const planned = routeNewCase(county, dongshan, facts(kind));

    expect(planned.map((p) => [p.role, p.to])).toEqual([
      ['officer', OFFICER],
      ['assistant', ASSISTANT],
    ]);
    expect(planned[1]?.body).toBe(planned[0]?.body);
  });

  it('also rings every joint-defence contact for urgent help', () => {
    const planned = routeNewCase(county, dongshan, facts('help', true));

    expect(planned.map((p) => [p.role, p.to])).toEqual([
      ['officer', OFFICER],
      ['assistant', ASSISTANT],
      ['defence', DEFENCE[0]],
      ['defence', DEFENCE[1]],
    ]);
    expect(planned[2]?.body).toContain('紧急求助');
    expect(planned[2]?.body).toContain('王军'); // tells the group the officer is on the way
    expect(planned[3]?.body).toBe(planned[2]?.body);
  });

  it('rings no defence contact for help that is not urgent', () => {
    expect(routeNewCase(county, dongshan, facts('help', false)).some((p) => p.role === 'defence')).toBe(false);
  });

  it('sends one SMS per phone when one person holds two roles', () => {
    const { county: edited, view } = viewWith((data) => {
      const village = data.stations[0].offices[0].villages[0];
      village.assistant.phone = OFFICER; // the officer is also the assistant
      village.defenceContacts.push({ name: '东山联防3组', phone: DEFENCE[0] }); // same group listed twice
    });

    const planned = routeNewCase(edited, view, facts('help', true));

    expect(planned.map((p) => [p.role, p.to])).toEqual([
      ['officer', OFFICER],
      ['defence', DEFENCE[0]],
      ['defence', DEFENCE[1]],
    ]);
  });

  it('gives each SMS an id that is unique within the case and the same on every run', () => {
    for (const kind of CASE_KINDS) {
      const first = routeNewCase(county, dongshan, facts(kind, kind === 'help'));
      const again = routeNewCase(county, dongshan, facts(kind, kind === 'help'));

      expect(again.map((p) => p.id)).toEqual(first.map((p) => p.id));
      expect(new Set(first.map((p) => p.id)).size).toBe(first.length);
    }
    expect(routeNewCase(county, dongshan, facts('help', true)).map((p) => p.id)).toEqual([
      `officer:${OFFICER}`,
      `assistant:${ASSISTANT}`,
      `defence:${DEFENCE[0]}`,
      `defence:${DEFENCE[1]}`,
    ]);
  });

  it('writes the assignment in the county language', () => {
    const { county: english, view } = viewWith((data) => {
      data.locale = 'en';
      data.shortName = 'Green';
      data.stations[0].offices[0].villages[0].name = 'East Hill';
    });

    const [officer] = routeNewCase(english, view, { ...facts('hazard'), description: 'Bridge railing broken', location: 'Group 3' });

    expect(officer?.body).toBe('[Green Police] New hazard DEMO-2026-000007, East Hill: Bridge railing broken (Group 3)');
  });
});

describe('SMS text from residents', () => {
  it('drops control and bidirectional characters (BEL, NUL, U+202E) from what reaches the phone', () => {
    const record = { ...facts('dispute'), description: '村口\u0007有人\u0000吵架\u202Egnp.exe\u2066了' };

    const bodies = routeNewCase(county, dongshan, record).map((s) => s.body);

    for (const body of bodies) expect(body).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(bodies[0]).toContain('村口有人吵架gnp.exe了');
  });
});
