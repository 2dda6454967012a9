/** The officer inbox's pure parts: its order, whose villages it reads, and how a phone is named. */
import { describe, expect, it } from 'vitest';
import { deviceLabel } from '../../functions/api/officer-inbox.tsx';
import { principals } from '../../functions/domain/auth.ts';
import { inboxOrder, inboxScope, type InboxCase } from '../../functions/domain/inbox.ts';
import { oneTapLinks } from '../../functions/domain/links.ts';
import { demoCounty } from '../support/env.ts';

const item = (caseNumber: string, createdAt: string, urgent = false): InboxCase => ({
  caseNumber, createdAt, urgent, kind: 'dispute', status: 'received', villageId: 'dongshan', officeId: 'dongshan-office', stationId: 'qingshan-zhen', officerId: 'wang-jun', level: 1, description: '',
});
const person = (phone: string) => principals(demoCounty).get(phone)!;

describe('inbox order', () => {
  it('puts urgent cases first, then the oldest', () => {
    const cases = [item('DEMO-2026-000003', '2026-11-22T03:00:00Z'), item('DEMO-2026-000002', '2026-11-22T04:00:00Z', true), item('DEMO-2026-000001', '2026-11-22T02:00:00Z')];

    expect(cases.sort(inboxOrder).map((c) => c.caseNumber)).toEqual(['DEMO-2026-000002', 'DEMO-2026-000001', 'DEMO-2026-000003']);
  });
});

describe('inbox scope', () => {
  it('reads an officer’s own villages at every level, an office’s villages from level 2, and leaves the bureau to the console', () => {
    expect(inboxScope(demoCounty, person('+8613800001001'))).toEqual({ villageIds: ['dongshan', 'xishan'], minLevel: 1 });
    expect(inboxScope(demoCounty, person('+8613900002001'))).toEqual({ villageIds: ['dongshan'], minLevel: 1 });
    expect(inboxScope(demoCounty, person('+8613300006001'))).toEqual({ villageIds: ['dongshan', 'xishan', 'nanwan'], minLevel: 2 });
    expect(inboxScope(demoCounty, person('+8613300006201'))).toBeUndefined();
  });
});

describe('device labels', () => {
  it('name the phone by its platform and browser', () => {
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 13; 23021RAAEG Build/TKQ1.221114.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64')).toBe(
      'Linux; Android 13; 23021RAAEG Build/TKQ1.221114.001; wv · WeChat 8',
    );
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36')).toBe('X11; Linux x86_64 · Chrome 156');
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1')).toBe('iPhone; CPU iPhone OS 17_1 like Mac OS X · Safari 17');
  });
});


describe('one-tap links or the inbox', () => {
  const withSms = (sms: Partial<typeof demoCounty.sms>) => ({ ...demoCounty, sms: { ...demoCounty.sms, ...sms } });

  it('gives officers one-tap links through Amazon SNS unless the county file turns them off', () => {
    expect(oneTapLinks(withSms({ provider: 'sns' }))).toBe(true);
    expect(oneTapLinks(withSms({ provider: 'sns', links: true }))).toBe(true);
    expect(oneTapLinks(withSms({ provider: 'sns', links: false }))).toBe(false);
  });

  it('never gives one-tap links through a domestic provider, whatever sms.links says', () => {
    for (const provider of ['aliyun', 'tencent'] as const) {
      expect(oneTapLinks(withSms({ provider })), provider).toBe(false);
      expect(oneTapLinks(withSms({ provider, links: true })), provider).toBe(false);
    }
  });
});
