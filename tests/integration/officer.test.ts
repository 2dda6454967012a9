/**
 * The officer's side, from the one-tap link in the SMS: the case page, acknowledge, reply, note,
 * status, the anonymous dialogue with a tipster, tip rewards, transfer, and the SMS residents asked for.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createPipeline, formPost, type Pipeline } from '../support/pipeline.ts';

const OFFICER = '+8613800001001'; // 王军, 东山村 and 西山村
const ASSISTANT = '+8613900002001'; // 张建国, 东山村
const HEKOU_OFFICER = '+8613800001003'; // 赵强, 河口村

let p: Pipeline;
beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
});

const form = formPost;

async function reported(body: Record<string, unknown>) {
  const receipt = await p.submit(body);
  await p.routeNew(receipt.caseNumber);
  return receipt;
}

async function publicView(caseNumber: string, trackingCode: string) {
  const res = await p.app.request(`/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } });
  return (await res.json()) as { status: string; timeline: { type: string; text: string }[] };
}

const aTip = { kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车' };
const aDispute = { kind: 'dispute', villageId: 'dongshan', description: '两户村民因宅基地界线吵架，需要调解', name: '李四', phone: '13812345678', updates: true };

describe('one-tap link', () => {
  it('is in the officer SMS, which stays within two UCS-2 segments, and opens the case page', async () => {
    const { caseNumber } = await reported({ ...aTip, description: '长'.repeat(500) });
    const [sms] = await p.outbox(caseNumber);
    const token = await p.linkFor(caseNumber, OFFICER);

    const page = await p.app.request(`/o/${token}`);

    expect(sms!.body).toContain(`https://cunjing.test/o/${token}`);
    expect(sms!.body.length).toBeLessThanOrEqual(134);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(caseNumber);
    expect(html).toContain('王军');
  });

  it('is refused when unknown, expired, or for a tip opened by an assistant', async () => {
    const { caseNumber } = await reported(aDispute);
    const assistantToken = await p.linkFor(caseNumber, ASSISTANT);

    const unknown = await p.app.request('/o/0000000000zz');
    const fresh = await p.app.request(`/o/${assistantToken}`);
    p.clock.advance(8 * 86_400_000);
    const expired = await p.app.request(`/o/${assistantToken}`);

    expect(unknown.status).toBe(404);
    expect(fresh.status).toBe(200);
    expect(expired.status).toBe(404);
  });
});

describe('officer actions', () => {
  it('acknowledges: the case leaves the escalation queue, the resident who asked for updates gets an SMS', async () => {
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    const res = await p.app.request(`/o/${token}`, form({ action: 'acknowledge' }));
    await p.sendPending(caseNumber);

    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/o/${token}?done`);
    const record = await p.env.cases.get(caseNumber);
    expect(record).toMatchObject({ status: 'acknowledged' });
    expect(record?.escalateAt).toBeUndefined();
    expect((await p.outbox(caseNumber)).filter((m) => m.role === 'resident').map((m) => [m.to, m.body])).toEqual([
      ['+8613812345678', `【青山村警】您反映的${caseNumber}已由民警签收，正在办理。`],
    ]);
    expect((await publicView(caseNumber, trackingCode)).status).toBe('acknowledged');
  });

  it('answers a second acknowledgement with 409 and changes nothing', async () => {
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);
    await p.app.request(`/o/${token}`, form({ action: 'acknowledge' }));

    const again = await p.app.request(`/o/${token}`, form({ action: 'acknowledge' }));

    expect(again.status).toBe(409);
    expect((await p.timeline(caseNumber)).filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('shows a reply to the resident but never an internal note', async () => {
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    await p.app.request(`/o/${token}`, form({ action: 'reply', text: '明天上午到现场调解' }));
    await p.app.request(`/o/${token}`, form({ action: 'note', text: '两家有旧怨，注意方式' }));

    const view = JSON.stringify(await publicView(caseNumber, trackingCode));
    expect(view).toContain('明天上午到现场调解');
    expect(view).not.toContain('旧怨');
    const officerPage = await (await p.app.request(`/o/${token}`)).text();
    expect(officerPage).toContain('旧怨');
  });

  it('speaks to the officer on his timeline, never to the resident', async () => {
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    const officerPage = await (await p.app.request(`/o/${token}`)).text();

    expect(officerPage).toContain('收到群众反映');
    expect(officerPage).toContain('<strong>待签收</strong>');
    expect(officerPage).not.toContain('您的反映');
  });

  it('resolves: the resident gets an SMS with the link to rate, and can then rate', async () => {
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    await p.app.request(`/o/${token}`, form({ action: 'status', status: 'in_progress' }));
    await p.app.request(`/o/${token}`, form({ action: 'status', status: 'resolved' }));
    await p.sendPending(caseNumber);
    const rating = await p.app.request(`/api/v1/cases/${caseNumber}/rating`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackingCode, score: 5 }),
    });

    const residentSms = (await p.outbox(caseNumber)).filter((m) => m.role === 'resident').map((m) => m.body);
    expect(residentSms).toHaveLength(2);
    expect(residentSms.find((body) => body.includes('已办结'))).toContain(`https://cunjing.test/track?case=${caseNumber}`);
    expect(rating.status).toBe(201);
  });

  it('rejects a bad action with 400 on the page and changes nothing', async () => {
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    const res = await p.app.request(`/o/${token}`, form({ action: 'status', status: 'closed' }));

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('status');
    expect((await p.env.cases.get(caseNumber))?.status).toBe('received');
  });

  it('does not let an assistant transfer a case', async () => {
    const { caseNumber } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, ASSISTANT);

    const res = await p.app.request(`/o/${token}`, form({ action: 'transfer', villageId: 'hekou' }));

    expect(res.status).toBe(409);
    expect((await p.env.cases.get(caseNumber))?.villageId).toBe('dongshan');
  });
});

describe('anonymous dialogue on a tip', () => {
  it('carries the officer question to the track page and the answer back to the officer by SMS, revealing neither side', async () => {
    const { caseNumber, trackingCode } = await reported(aTip);
    const token = await p.linkFor(caseNumber, OFFICER);

    await p.app.request(`/o/${token}`, form({ action: 'ask', text: '三轮车大概几点出现？' }));
    const trackPage = await (await p.app.request('/track', form({ caseNumber, trackingCode }))).text();
    const answered = await p.app.request('/track', form({ caseNumber, trackingCode, op: 'answer', text: '一般晚上十一点以后' }));
    await p.sendPending(caseNumber);

    expect(trackPage).toContain('三轮车大概几点出现？');
    expect(trackPage).not.toContain('王军');
    expect(trackPage).not.toContain(OFFICER);
    expect(answered.status).toBe(200);
    const toOfficer = (await p.outbox(caseNumber)).filter((m) => m.to === OFFICER);
    expect(toOfficer).toHaveLength(2);
    expect(toOfficer[1]!.body).toContain('一般晚上十一点以后');
    expect(toOfficer[1]!.body).toMatch(/\/o\/[0-9a-z]{12}/);
    const officerPage = await (await p.app.request(`/o/${token}`)).text();
    expect(officerPage).toContain('一般晚上十一点以后');
  });

  it('accepts an answer through the API too, and refuses one when no question was asked', async () => {
    const { caseNumber, trackingCode } = await reported(aTip);

    const res = await p.app.request(`/api/v1/cases/${caseNumber}/answers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackingCode, text: '补充一下' }),
    });

    expect(res.status).toBe(409);
  });

  it('records the verification and reward tier where the tipster sees it', async () => {
    const { caseNumber, trackingCode } = await reported(aTip);
    const token = await p.linkFor(caseNumber, OFFICER);

    const res = await p.app.request(`/o/${token}`, form({ action: 'reward', verified: 'yes', tierId: 'tier-2' }));

    expect(res.status).toBe(303);
    expect((await p.env.cases.get(caseNumber))?.reward).toEqual({ verified: true, tierId: 'tier-2', verifiedAt: p.clock.now().toISOString(), claimBy: expect.any(String) });
    expect((await publicView(caseNumber, trackingCode)).timeline.map((e) => e.text)).toContain('线索已核实，奖励等级：二等');
  });
});

describe('dialogue on every kind', () => {
  it.each(['dispute', 'hazard', 'service', 'help'] as const)('lets the officer ask about a %s and the resident answer on the track page, with an SMS to the officer', async (kind) => {
    const { caseNumber, trackingCode } = await reported({ kind, villageId: 'dongshan', description: '村口的路灯坏了一个多月，晚上很黑', name: '李四', phone: '13812345678' });
    const token = await p.linkFor(caseNumber, OFFICER);

    const asked = await p.app.request(`/o/${token}`, form({ action: 'ask', text: '具体是哪一根路灯？' }));
    const trackPage = await (await p.app.request('/track', form({ caseNumber, trackingCode }))).text();
    const answered = await p.app.request('/track', form({ caseNumber, trackingCode, op: 'answer', text: '学校门口那一根' }));
    await p.sendPending(caseNumber);

    expect(asked.status).toBe(303);
    expect(trackPage).toContain('民警提问：具体是哪一根路灯？');
    expect(trackPage).toContain('回答民警的问题');
    expect(trackPage).not.toContain('回答民警的问题（匿名）');
    expect(answered.status).toBe(200);
    const toOfficer = (await p.outbox(caseNumber)).filter((m) => m.to === OFFICER);
    expect(toOfficer.at(-1)!.body).toContain('群众回复：学校门口那一根');
    expect(toOfficer.at(-1)!.body).toMatch(/\/o\/[0-9a-z]{12}/);
    expect((await p.outbox(caseNumber)).filter((m) => m.to === ASSISTANT && m.body.includes('学校门口'))).toEqual([]);
    expect((await publicView(caseNumber, trackingCode)).timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['民警提问：具体是哪一根路灯？', '您的回答：学校门口那一根']));
  });

  it('still refuses an answer on a case with no question, and a question on a resolved case', async () => {
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    const unasked = await p.app.request(`/api/v1/cases/${caseNumber}/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ trackingCode, text: '补充一下' }) });
    await p.app.request(`/o/${token}`, form({ action: 'status', status: 'resolved' }));
    const late = await p.app.request(`/o/${token}`, form({ action: 'ask', text: '还有问题吗？' }));

    expect(unasked.status).toBe(409);
    expect(late.status).toBe(409);
    expect((await p.env.cases.get(caseNumber))?.questions).toBeUndefined();
  });
});

describe('transfer', () => {
  it('moves the case to the other village officer by SMS and revokes the old links', async () => {
    const { caseNumber } = await reported(aDispute);
    const oldToken = await p.linkFor(caseNumber, OFFICER);

    const res = await p.app.request(`/o/${oldToken}`, form({ action: 'transfer', villageId: 'hekou', reason: '当事人住在河口村' }));
    await p.sendPending(caseNumber);

    expect(res.status).toBe(200);
    expect(await p.env.cases.get(caseNumber)).toMatchObject({ villageId: 'hekou', officerId: 'zhao-qiang', level: 1, status: 'received' });
    const transferSms = (await p.outbox(caseNumber)).filter((m) => m.to === HEKOU_OFFICER);
    expect(transferSms).toHaveLength(1);
    expect(transferSms[0]!.body).toContain('转交');
    expect((await p.app.request(`/o/${oldToken}`)).status).toBe(404);
    const newToken = await p.linkFor(caseNumber, HEKOU_OFFICER);
    expect((await p.app.request(`/o/${newToken}`)).status).toBe(200);
  });
});

describe('resident SMS updates', () => {
  it('stop when the resident asks on the track page', async () => {
    const { caseNumber, trackingCode } = await reported(aDispute);
    const token = await p.linkFor(caseNumber, OFFICER);

    await p.app.request('/track', form({ caseNumber, trackingCode, op: 'stop' }));
    await p.app.request(`/o/${token}`, form({ action: 'acknowledge' }));
    await p.sendPending(caseNumber);

    expect((await p.outbox(caseNumber)).filter((m) => m.role === 'resident')).toEqual([]);
  });

  it('are never possible for an anonymous tip, which keeps no phone', async () => {
    const { caseNumber } = await reported({ ...aTip, phone: '13812345678', updates: true });

    const record = await p.env.cases.get(caseNumber);

    expect(record?.phone).toBeUndefined();
    expect(record?.updates).toBe(false);
  });
});
