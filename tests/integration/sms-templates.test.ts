/**
 * A county on a domestic SMS provider (counties/demo-cn.json, Alibaba Cloud SMS): a case travels as
 * everywhere else, and every SMS leaves as its registered template, with no link and none of the
 * resident's words among the parameters (on DynamoDB Local, the outbox in place of the provider).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import type { LinkRecord } from '../../functions/domain/links.ts';
import { routeCase } from '../../functions/domain/messaging.ts';
import type { SmsMessage, SmsSender } from '../../functions/domain/ports.ts';
import { SmsProviderError, type SmsFailureKind } from '../../functions/domain/sms.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

const demoCn = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo-cn.json', import.meta.url), 'utf8')));
const DESCRIPTION = '邻居家的狗咬伤了人，详情见 https://example.com/photo';
/** The one address demo-cn's registered templates name, as fixed words: the officer inbox on its ICP-filed domain. */
const INBOX = 'https://cunjing.qingshan.example.cn/o/inbox';

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await createPipeline(inject('dynamodbEndpoint'), { county: demoCn });
});

describe('a case in a county on a domestic SMS provider', () => {
  it('reaches the officer and the assistant as the registered assignment template, without a one-tap link', async () => {
    const { caseNumber } = await pipeline.submit({ kind: 'dispute', villageId: 'dongshan', description: DESCRIPTION, location: '3组' });

    const outcome = await pipeline.routeNew(caseNumber);

    expect(outcome).toMatchObject({ sent: 2, failed: 0 });
    const sent = await pipeline.outbox(caseNumber);
    expect(sent.map((m) => m.role).sort()).toEqual(['assistant', 'officer']);
    for (const sms of sent) {
      expect(sms.template).toEqual({ type: 'assignment', code: demoCn.sms.templates!.assignment, params: { label: '新矛盾纠纷', caseNumber, village: '东山村' } });
      expect(sms.body).toBe(`【青山村警】新矛盾纠纷，编号${caseNumber}，东山村，请登录村警工作台 ${INBOX} 处理。`);
      expect(sms.body.replace(INBOX, '')).not.toMatch(/\/o\/|https?:/);
    }
  });

  it('sends no one-tap link even where the county file turns links on: a registered template may carry none', async () => {
    const linksOn = await createPipeline(inject('dynamodbEndpoint'), { county: { ...demoCn, sms: { ...demoCn.sms, links: true } } });
    const { caseNumber } = await linksOn.submit({ kind: 'tip', villageId: 'dongshan', description: DESCRIPTION });
    const record = (await linksOn.env.cases.get(caseNumber))!;
    const made: LinkRecord[] = [];
    const links = { put: async (link: LinkRecord) => void made.push(link), get: (hash: string) => linksOn.env.links.get(hash) };
    const sent: SmsMessage[] = [];
    const sms = { send: async (message: SmsMessage) => (sent.push(message), { messageId: `m${sent.length}` }) };

    const outcome = await routeCase({ ...linksOn.env, links, sms }, record);

    expect(outcome).toMatchObject({ sent: 1 });
    const [officer] = sent;
    expect(officer?.template).toMatchObject({ type: 'assignment', mode: 'template', params: { caseNumber } });
    expect(officer?.body.replace(INBOX, '')).not.toMatch(/\/o\/|https?:/);
    expect(made).toEqual([]);
  });

  it('sends a sign-in code as the verification-code template, whose one parameter is the code', async () => {
    const phone = demoCn.officers[0]!.phone;

    const res = await pipeline.app.request(
      '/api/v1/admin/login/code',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) },
      { incoming: { socket: { remoteAddress: '198.51.100.7' } } },
    );

    expect(res.status).toBe(202);
    const [sms] = (await pipeline.outbox()).filter((m) => m.to === phone && m.role === 'login');
    expect(sms?.template).toEqual({ type: 'login', code: demoCn.sms.templates!.login, params: { code: expect.stringMatching(/^\d{6}$/) } });
    expect(sms?.body).toBe(`【青山村警】登录验证码${sms?.template?.params.code}，5分钟内有效。请勿告诉他人。`);
  });
});

describe('a provider\'s refusal, as the router records it', () => {
  const refusing = (kind: SmsFailureKind): SmsSender => ({
    send: async () => {
      throw new SmsProviderError(kind, `refused (${kind})`, 'code');
    },
  });

  it('records a bad number as failed for good on the first attempt, so the stream does not retry it', async () => {
    const { caseNumber } = await pipeline.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木' });
    const record = (await pipeline.env.cases.get(caseNumber))!;

    const outcome = await routeCase({ ...pipeline.env, sms: refusing('bad_number') }, record);

    expect(outcome).toMatchObject({ sent: 0, failed: 0, gaveUp: 1 });
    expect(Object.values(await pipeline.sms(caseNumber))).toMatchObject([{ status: 'failed', attempts: 1, error: 'refused (bad_number)' }]);
    expect((await pipeline.timeline(caseNumber)).find((e) => e.type === 'notify_failed')?.params).toMatchObject({ final: 'yes', attempts: 1 });
  });

  it('leaves a throttled send to the stream\'s retry', async () => {
    const { caseNumber } = await pipeline.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木' });
    const record = (await pipeline.env.cases.get(caseNumber))!;

    const outcome = await routeCase({ ...pipeline.env, sms: refusing('throttled') }, record);
    const retried = await routeCase(pipeline.env, record);

    expect(outcome).toMatchObject({ failed: 1, gaveUp: 0 });
    expect(retried).toMatchObject({ sent: 1 });
  });
});
