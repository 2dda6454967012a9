import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CountyFileError, formatPath, indexVillages, parseCounty } from '../../functions/domain/county.ts';

const demoJson = JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8'));

/** A fresh, mutable copy of the demo county file. */
function demo(): any {
  return structuredClone(demoJson);
}

/** The issues a county file is rejected with (fails the test if it is accepted). */
function issuesOf(data: unknown): { path: string; message: string }[] {
  try {
    parseCounty(data, 'counties/test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CountyFileError);
    return (error as CountyFileError).issues;
  }
  throw new Error('the county file was accepted');
}

describe('parseCounty', () => {
  it.each([
    [
      'two officers on one phone, since a phone is how people sign in',
      (data: any) => (data.officers[1].phone = data.officers[0].phone),
      { path: 'officers[1].phone', message: 'the same phone as officers[0]' },
    ],
    [
      'a village whose officer is not on the roster',
      (data: any) => (data.stations[0].offices[1].villages[2].officerId = 'nobody'),
      { path: 'stations[0].offices[1].villages[2].officerId', message: 'no officer with id "nobody" in officers' },
    ],
    [
      'a duplicate village id, and where the first one is',
      (data: any) => (data.stations[2].offices[0].villages[3].id = 'dongshan'),
      { path: 'stations[2].offices[0].villages[3].id', message: 'duplicate id "dongshan" (also stations[0].offices[0].villages[0])' },
    ],
    ['a time zone that is not IANA', (data: any) => (data.timezone = 'China/Beijing'), { path: 'timezone', message: 'must be an IANA time zone such as Asia/Shanghai' }],
  ])('refuses %s, at its exact path', (_what, change, issue) => {
    const data = demo();
    change(data);

    expect(issuesOf(data)).toEqual([issue]);
  });

  it('accepts the demo county with its whole roster', () => {
    const county = parseCounty(demo());

    expect(county.code).toBe('DEMO');
    expect(county.stations).toHaveLength(3);
    expect(county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages))).toHaveLength(15);
    expect(county.sla.helpUrgent).toBe(10);
  });

  it('fills in the defaults a county may leave out', () => {
    const data = demo();
    delete data.emergencyNumber;
    delete data.sms;
    delete data.stations[0].offices[0].villages[0].defenceContacts;

    const county = parseCounty(data);

    expect(county.emergencyNumber).toBe('110');
    expect(county.sms).toEqual({ provider: 'sns', pricePerPartUsd: 0.04 });
    expect(county.limits.intake).toMatchObject({ softPer10Minutes: 5, hardPerDay: 20 });
    expect(county.stations[0]?.offices[0]?.villages[0]?.defenceContacts).toEqual([]);
  });

  it('names the exact path of a bad phone number, wherever it is', () => {
    const data = demo();
    data.officers[2].phone = '13800001003'; // no country code
    data.stations[1].offices[0].villages[1].assistant.phone = '+86 139 0000 2008';

    expect(issuesOf(data).map((i) => i.path)).toEqual(['officers[2].phone', 'stations[1].offices[0].villages[1].assistant.phone']);
    expect(issuesOf(data)[0]?.message).toMatch(/E\.164/);
  });

  it('names a duplicate officer id', () => {
    const data = demo();
    data.officers[1].id = 'wang-jun';

    const issues = issuesOf(data);

    expect(issues).toContainEqual({ path: 'officers[1].id', message: 'duplicate officer id "wang-jun"' });
  });

  it('names an unknown key at its own path so a typo cannot pass silently', () => {
    const data = demo();
    data.stations[0].offices[1].villages[2].officeHour = '8:30-17:30';
    data.sla.urgent = 5;

    expect(issuesOf(data).map((i) => i.path).sort()).toEqual(['sla.urgent', 'stations[0].offices[1].villages[2].officeHour']);
  });

  it('allows a $comment anywhere', () => {
    const data = demo();
    data.stations[0].offices[0].villages[0].$comment = 'workstation moved in 2025';

    expect(() => parseCounty(data)).not.toThrow();
  });

  it('lists every bad field in the error message, with the source file', () => {
    const data = demo();
    data.code = 'demo';
    data.stations[0].offices[1].villages[2].officerId = 'nobody';

    expect(() => parseCounty(data, 'counties/test.json')).toThrow(
      /^counties\/test\.json is not a valid county file:\n {2}- code: .*\n {2}- stations\[0\]\.offices\[1\]\.villages\[2\]\.officerId: /,
    );
  });
});

describe('the deployment section', () => {
  const china = { region: 'cn-northwest-1', domainName: 'cunjing.qingshan.example.cn', iamCertificateId: 'ASCAEXAMPLEDEMOCN00001' };
  /** SMS in a China region go through a domestic provider. */
  const aliyun = { provider: 'aliyun', signName: '青山村警' };

  it('accepts demo-cn: Ningxia, its ICP-filed domain and its IAM certificate', () => {
    const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo-cn.json', import.meta.url), 'utf8')));

    expect(county.deployment).toMatchObject({ region: 'cn-northwest-1', domainName: 'cunjing.qingshan.example.cn' });
  });

  it('needs the domain and the IAM certificate in a China region, which has no default CloudFront name nor ACM', () => {
    const data = { ...demo(), sms: aliyun, deployment: { region: 'cn-north-1' } };

    expect(issuesOf(data).map((i) => i.path)).toEqual(['deployment.domainName', 'deployment.iamCertificateId']);
  });

  it('refuses Amazon SNS for a county in China, where SNS sends no SMS', () => {
    const data = { ...demo(), deployment: china };

    expect(issuesOf(data)).toEqual([{ path: 'sms.provider', message: expect.stringMatching(/SNS sends no SMS in the China regions: choose aliyun or tencent/) }]);
  });

  it('takes a global region alone', () => {
    expect(parseCounty({ ...demo(), deployment: { region: 'ap-east-1' } }).deployment).toEqual({ region: 'ap-east-1' });
  });

  it('refuses a region that is no AWS region name and a certificate id that is an ARN', () => {
    const data = { ...demo(), deployment: { ...china, region: 'ningxia', iamCertificateId: 'arn:aws-cn:iam::123456789012:server-certificate/x' } };

    expect(issuesOf(data).map((i) => i.path)).toEqual(['deployment.region', 'deployment.iamCertificateId']);
  });

  it('refuses the global site section (an ACM certificate in us-east-1) for a county in China', () => {
    const data = { ...demo(), sms: aliyun, deployment: china, site: { domainName: 'cunjing.example.gov.cn', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012' } };

    expect(issuesOf(data)).toEqual([{ path: 'site', message: expect.stringMatching(/deployment, not site/) }]);
  });
});

describe('formatPath', () => {
  it('writes array indexes in brackets and keys with dots', () => {
    expect(formatPath(['stations', 0, 'offices', 1, 'villages', 2, 'officerId'])).toBe('stations[0].offices[1].villages[2].officerId');
    expect(formatPath([])).toBe('');
  });
});

describe('indexVillages', () => {
  it('resolves the office, station and officer of every village', () => {
    const county = parseCounty(demo());

    const index = indexVillages(county);

    let count = 0;
    for (const station of county.stations) {
      for (const office of station.offices) {
        for (const village of office.villages) {
          count += 1;
          const view = index.get(village.id);
          expect(view?.village).toBe(village);
          expect(view?.office).toBe(office);
          expect(view?.station).toBe(station);
          expect(view?.officer.id).toBe(village.officerId);
        }
      }
    }
    expect(index.size).toBe(count);
  });

  it('gives an officer who covers two villages to both', () => {
    const index = indexVillages(parseCounty(demo()));

    expect(index.get('dongshan')?.officer).toEqual({ id: 'wang-jun', name: '王军', phone: '+8613800001001' });
    expect(index.get('xishan')?.officer).toBe(index.get('dongshan')?.officer);
    expect(index.get('chaoyang')?.station.id).toBe('baishui-xiang');
    expect(index.get('chaoyang')?.office.id).toBe('baishui-office');
  });
});
