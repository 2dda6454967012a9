/**
 * "Small matters stay in the village" (小事不出村): where the county file lets them
 * (`assistantsCloseServiceCases`), a village's police assistant closes the service requests of his
 * own village; he closes nothing else, and nothing at all where the county keeps closing to officers.
 */
import { describe, expect, inject, it } from 'vitest';
import { unlimitedCounty } from '../support/env.ts';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const ASSISTANT = '+8613900002001'; // 张建国, 东山村

async function reportedTo(p: Pipeline, kind: string) {
  const { caseNumber } = await p.submit({ kind, villageId: 'dongshan', description: '想咨询孩子上户口要带哪些材料' });
  await p.routeNew(caseNumber);
  return { caseNumber, token: await p.linkFor(caseNumber, ASSISTANT) };
}

describe('assistants closing service requests', () => {
  it('lets the assistant resolve a service request of his village where the county allows it, from the link and from the console', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'), { county: { ...unlimitedCounty, assistantsCloseServiceCases: true } });
    const byLink = await reportedTo(p, 'service');
    const byConsole = await reportedTo(p, 'service');

    const page = await (await p.app.request(`/o/${byLink.token}`)).text();
    const resolved = await p.app.request(`/o/${byLink.token}`, formPost({ action: 'status', status: 'resolved' }));
    const session = await p.signIn(ASSISTANT);
    const resolvedInConsole = await p.admin(session, `/cases/${byConsole.caseNumber}/actions`, { action: 'status', status: 'resolved' });

    expect(page).toContain('value="resolved"');
    expect(resolved.status).toBe(303);
    expect(resolvedInConsole.status).toBe(204);
    expect((await p.env.cases.get(byLink.caseNumber))?.status).toBe('resolved');
    expect((await p.timeline(byLink.caseNumber)).find((e) => e.type === 'status')).toMatchObject({ actor: { role: 'assistant', name: '张建国' }, params: { status: 'resolved' } });
  });

  it('keeps every other kind for the officer: the assistant can take a dispute in hand but not resolve it', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'), { county: { ...unlimitedCounty, assistantsCloseServiceCases: true } });
    const { caseNumber, token } = await reportedTo(p, 'dispute');

    const page = await (await p.app.request(`/o/${token}`)).text();
    const inHand = await p.app.request(`/o/${token}`, formPost({ action: 'status', status: 'in_progress' }));
    const refused = await p.app.request(`/o/${token}`, formPost({ action: 'status', status: 'resolved' }));

    expect(page).not.toContain('value="resolved"');
    expect(inHand.status).toBe(303);
    expect(refused.status).toBe(409);
    expect((await p.env.cases.get(caseNumber))?.status).toBe('in_progress');
  });

  it('keeps closing to the officers where the county does not let small matters stay in the village', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'), { county: { ...unlimitedCounty, assistantsCloseServiceCases: false } });
    const { caseNumber, token } = await reportedTo(p, 'service');

    const refused = await p.app.request(`/o/${token}`, formPost({ action: 'status', status: 'resolved' }));
    const inConsole = await p.admin(await p.signIn(ASSISTANT), `/cases/${caseNumber}/actions`, { action: 'status', status: 'resolved' });

    expect(refused.status).toBe(409);
    expect(inConsole.status).toBe(409);
    expect((await p.env.cases.get(caseNumber))?.status).toBe('received');
  });
});

const INFORMANT = '+8613600007001'; // 李梅, 信息员 of 东山村
const OFFICER = '+8613800001001'; // 王军

describe('information officers (信息员) filing for residents', () => {
  const aCase = { kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解', name: '李四', phone: '13812345678', updates: true };

  it('files a case for a resident with consent; the officer sees by SMS, on his page and in the console who filed it, and the resident tracks it', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'));
    const informant = await p.signIn(INFORMANT);

    const res = await p.admin(informant, '/cases', { ...aCase, consent: true });
    const receipt = (await res.json()) as { caseNumber: string; trackingCode: string; status: string; villageId: string };
    await p.routeNew(receipt.caseNumber);

    expect(res.status).toBe(201);
    expect(receipt).toMatchObject({ status: 'received', villageId: 'dongshan' });
    expect(await p.env.cases.get(receipt.caseNumber)).toMatchObject({ filedBy: { role: 'informant', name: '李梅' }, name: '李四', phone: '+8613812345678', updates: true });
    const toOfficer = (await p.outbox(receipt.caseNumber)).find((m) => m.to === OFFICER)!;
    expect(toOfficer.body).toContain('东山村（信息员李梅代报）：');
    expect(await (await p.app.request(`/o/${await p.linkFor(receipt.caseNumber, OFFICER)}`)).text()).toContain('代报：信息员 李梅');
    const detail = (await (await p.admin(await p.signIn(OFFICER), `/cases/${receipt.caseNumber}`)).json()) as { filedBy?: unknown };
    expect(detail.filedBy).toEqual({ role: 'informant', name: '李梅' });
    const tracked = await p.app.request(`/api/v1/cases/${receipt.caseNumber}`, { headers: { 'X-Tracking-Code': receipt.trackingCode } });
    expect(tracked.status).toBe(200);
    expect(JSON.stringify(await tracked.json())).not.toContain('李梅');
    const log = (await (await p.admin(await p.signIn('+8613300006201'), '/audit')).json()) as { action: string; caseNumber?: string; role: string; name: string }[];
    expect(log.filter((e) => e.action === 'case.file')).toEqual([expect.objectContaining({ caseNumber: receipt.caseNumber, role: 'informant', name: '李梅' })]);
  });

  it('answers a retried filing with the same case (Idempotency-Key)', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'));
    const informant = await p.signIn(INFORMANT);
    const send = () =>
      p.app.request('/api/v1/admin/cases', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: informant.cookie, 'X-CSRF-Token': informant.csrf, 'Idempotency-Key': 'filing-0123456789abcdef' }, body: JSON.stringify({ ...aCase, consent: true }) });

    const first = (await (await send()).json()) as { caseNumber: string };
    const again = (await (await send()).json()) as { caseNumber: string };

    expect(again.caseNumber).toBe(first.caseNumber);
  });

  it('refuses a filing without consent, for another village, or by anyone but an information officer, naming what is wrong and storing nothing', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'));
    const informant = await p.signIn(INFORMANT);

    const noConsent = await p.admin(informant, '/cases', { ...aCase, description: '短' });
    const elsewhere = await p.admin(informant, '/cases', { ...aCase, villageId: 'hekou', consent: true });
    const byOfficer = await p.admin(await p.signIn(OFFICER), '/cases', { ...aCase, consent: true });

    expect(noConsent.status).toBe(400);
    expect(noConsent.headers.get('Content-Type')).toBe('application/problem+json');
    expect(((await noConsent.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['consent', 'description']);
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['villageId']);
    expect(byOfficer.status).toBe(403);
    expect((await p.env.cases.pageInMonth('2026-11', { limit: 10 })).items).toEqual([]);
  });

  it('shows an information officer no cases and no assessment', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'));
    const { caseNumber } = await p.submit(aCase);
    const informant = await p.signIn(INFORMANT);

    const list = (await (await p.admin(informant, '/cases')).json()) as { items: unknown[] };
    const one = await p.admin(informant, `/cases/${caseNumber}`);
    const assessment = await p.admin(informant, '/assessment');

    expect(list.items).toEqual([]);
    expect(one.status).toBe(404);
    expect(assessment.status).toBe(403);
  });

  it('follows the roster: office staff add one on the village’s roster entry, the CSV import sets them, and someone taken off signs in no more', async () => {
    const p = await createPipeline(inject('dynamodbEndpoint'));
    const office = await p.signIn('+8613300006001'); // 张伟, 东山中心警务室
    const edited = await p.app.request('/api/v1/admin/roster', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Cookie: office.cookie, 'X-CSRF-Token': office.csrf },
      body: JSON.stringify({ target: 'village', id: 'xishan', informants: [{ name: '赵敏', phone: '+8613600007002' }] }),
    });
    const added = await p.signIn('+8613600007002');
    const filed = await p.admin(added, '/cases', { ...aCase, villageId: 'xishan', consent: true });

    const bureau = await p.signIn('+8613300006201');
    const csv = ['township,village,officer,officer phone,assistant,assistant phone,信息员', '青山镇,东山村,王军,13800001001,张建国,13900002001,王五 13600007003; 钱六 136 0000 7004'].join('\n');
    const imported = await p.app.request('/api/v1/admin/roster/import?apply=true', { method: 'POST', headers: { 'Content-Type': 'text/csv', Cookie: bureau.cookie, 'X-CSRF-Token': bureau.csrf }, body: csv });

    expect(edited.status).toBe(200);
    expect(filed.status).toBe(201);
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { changes: unknown[] }).changes).toEqual([{ villageId: 'dongshan', village: '东山村', informants: { from: '李梅', to: '王五、钱六' } }]);
    const { county } = await p.env.county.get({ fresh: true });
    expect(county.stations[0]!.offices[0]!.villages[0]!.informants).toEqual([{ name: '王五', phone: '+8613600007003' }, { name: '钱六', phone: '+8613600007004' }]);
    await expect(p.signIn(INFORMANT)).rejects.toThrow();
  });
});
