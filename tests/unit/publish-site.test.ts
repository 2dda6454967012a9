/**
 * The site publisher with an in-memory site (a fake SiteFileStore) and roster: a console edit of the
 * roster reaches the static pages that show it, a new village gets its pages, a removed one loses them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CloudFormationCustomResourceEvent, DynamoDBStreamEvent } from 'aws-lambda';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import { createSitePublisher, publishSiteHandler, type SiteFileStore } from '../../functions/jobs/publish-site.ts';
import { fileVillage, VILLAGE_FOLDERS } from '../../functions/ui/site-keys.ts';
import { LOCALE_PREFIXES } from '../../functions/ui/site.ts';
import type { SiteFile } from '../../functions/ui/site-pages.ts';

const ROOT = join(import.meta.dirname, '../..');
const demo = parseCounty(JSON.parse(readFileSync(join(ROOT, 'counties', 'demo.json'), 'utf8')), 'demo');

/** The site as a map of path to file, as a bucket holds it. */
class MemorySite implements SiteFileStore {
  readonly files = new Map<string, SiteFile>();
  async put(file: SiteFile) {
    this.files.set(file.path, file);
  }
  async list(prefixes: readonly string[]) {
    return [...this.files.keys()].filter((path) => prefixes.some((prefix) => path.startsWith(prefix)));
  }
  async delete(paths: readonly string[]) {
    for (const path of paths) this.files.delete(path);
  }
  page(path: string): string {
    const file = this.files.get(path);
    if (!file) throw new Error(`no ${path} in the site`);
    return file.body;
  }
}

/** A roster table holding one county, a new version at every save. */
function memoryRoster(initial: County | undefined) {
  let versions = initial ? [initial] : [];
  return {
    save: (county: County) => void (versions = [...versions, parseCounty(county, 'edit')]),
    currentVersion: async () => (versions.length > 0 ? versions.length : undefined),
    loadCounty: async (_code: string, version?: number) => versions[(version ?? versions.length) - 1],
  };
}

/** The `<p class="to">` line of a report form: whom the report goes to. */
const toLine = (html: string) => /<p class="to">(.*?)<\/p>/.exec(html)?.[1];

const dongshan = demo.stations[0]!.offices[0]!.villages.find((v) => v.id === 'dongshan')!;

/** The county with `edit` applied to its first office's villages. */
function withVillages(edit: (villages: County['stations'][number]['offices'][number]['villages']) => County['stations'][number]['offices'][number]['villages']): County {
  const [station, ...stations] = demo.stations;
  const [office, ...offices] = station!.offices;
  return { ...demo, stations: [{ ...station!, offices: [{ ...office!, villages: edit(office!.villages) }, ...offices] }, ...stations] };
}

describe('the site publisher', () => {
  let site: MemorySite;
  let roster: ReturnType<typeof memoryRoster>;
  let publish: ReturnType<typeof createSitePublisher>;
  beforeEach(async () => {
    site = new MemorySite();
    roster = memoryRoster(demo);
    publish = createSitePublisher({ roster, countyCode: demo.code, files: site, logger: { info: () => undefined } });
    await publish();
  });

  it('renames the officer on the village page, its report forms’ to-line and its poster when the console renames them', async () => {
    // Arrange
    const officer = demo.officers.find((o) => o.id === dongshan.officerId)!;
    roster.save({ ...demo, officers: demo.officers.map((o) => (o.id === officer.id ? { ...o, name: '赵新民' } : o)) });
    expect(toLine(site.page('v/dongshan/tip/index.html'))).toContain(officer.name);

    // Act
    const result = await publish();

    // Assert
    expect(result.version).toBe(2);
    expect(site.page('v/dongshan/index.html')).toContain('赵新民');
    expect(site.page('v/dongshan/index.html')).not.toContain(officer.name);
    expect(toLine(site.page('v/dongshan/tip/index.html'))).toContain('赵新民');
    expect(toLine(site.page('en/v/dongshan/help/index.html'))).toContain('赵新民');
    expect(site.page('posters/dongshan/index.html')).toContain('赵新民');
  });

  it('shows the office hours the console set on the village page', async () => {
    roster.save(withVillages((villages) => villages.map((v) => (v.id === 'dongshan' ? { ...v, officeHours: '每周二、周五 9:00–12:00' } : v))));

    await publish();

    expect(site.page('v/dongshan/index.html')).toContain('每周二、周五 9:00–12:00');
  });

  it('gives a new village its pages, QR code and poster, and lists it on the home page and in the report forms’ picker', async () => {
    // Arrange
    roster.save(withVillages((villages) => [...villages, { ...dongshan, id: 'xinzhuang', name: '新庄村', informants: [], defenceContacts: [] }]));

    // Act
    await publish();

    // Assert
    for (const path of ['v/xinzhuang/index.html', 'v/xinzhuang/tip/index.html', 'en/v/xinzhuang/index.html', 'posters/xinzhuang/index.html', 'qr/xinzhuang.svg']) {
      expect(site.files.has(path), path).toBe(true);
    }
    expect(site.page('v/xinzhuang/index.html')).toContain('新庄村');
    expect(site.page('index.html')).toContain('href="/v/xinzhuang/"');
    expect(site.page('report/tip/index.html')).toContain('value="xinzhuang"');
    expect(site.page('posters/index.html')).toContain('http://localhost:8787/v/xinzhuang');
  });

  it('deletes every file of a village the roster no longer has, and stops linking it, keeping the others', async () => {
    // Arrange
    const before = [...site.files.keys()];
    roster.save(withVillages((villages) => villages.filter((v) => v.id !== 'dongshan')));

    // Act
    const result = await publish();

    // Assert
    const gone = before.filter((path) => fileVillage(path) === 'dongshan');
    expect(gone).toContain('qr/dongshan.svg');
    expect(gone).toContain('en/posters/dongshan/index.html');
    expect([...result.deleted].sort()).toEqual(gone.sort());
    expect([...site.files.keys()].filter((path) => fileVillage(path) === 'dongshan')).toEqual([]);
    expect(site.page('index.html')).not.toContain('/v/dongshan/');
    expect(site.page('report/tip/index.html')).not.toContain('value="dongshan"');
    expect(site.files.size).toBe(before.length - gone.length);
  });

  it('points the posters’ QR codes at the public address it is given', async () => {
    const elsewhere = createSitePublisher({ roster, countyCode: demo.code, files: site, publicUrl: 'https://cunjing.example.gov.cn/', logger: { info: () => undefined } });

    await elsewhere();

    expect(site.page('posters/dongshan/index.html')).toContain('https://cunjing.example.gov.cn/v/dongshan');
  });

  it('refuses to publish from a table without the county’s roster, writing nothing', async () => {
    const empty = new MemorySite();
    const nothing = createSitePublisher({ roster: memoryRoster(undefined), countyCode: demo.code, files: empty, logger: { info: () => undefined } });

    await expect(nothing()).rejects.toThrow(`no roster of county ${demo.code}`);
    expect(empty.files.size).toBe(0);
  });
});

describe('VILLAGE_FOLDERS', () => {
  it('holds every language prefix’s village and poster folders', () => {
    for (const prefix of LOCALE_PREFIXES) expect(VILLAGE_FOLDERS).toEqual(expect.arrayContaining([`${prefix.slice(1)}/v/`, `${prefix.slice(1)}/posters/`]));
    expect(VILLAGE_FOLDERS).toEqual(expect.arrayContaining(['v/', 'posters/', 'qr/']));
  });
});

describe('fileVillage', () => {
  it.each([
    ['v/dongshan/index.html', 'dongshan'],
    ['en/v/dongshan/tip/index.html', 'dongshan'],
    ['posters/dongshan/index.html', 'dongshan'],
    ['qr/dongshan.svg', 'dongshan'],
    ['v/dongshan/', 'dongshan'],
    ['en/v/dongshan', 'dongshan'],
    ['posters/index.html', undefined],
    ['report/tip/index.html', undefined],
    ['index.html', undefined],
    ['404.html', undefined],
  ])('says %s belongs to %s', (path, village) => {
    expect(fileVillage(path)).toBe(village);
  });
});

describe('the site publisher’s handler', () => {
  const result = { version: 7, written: 240, deleted: ['qr/gone.svg'] };
  const context = { logStreamName: 'stream-1' };
  const customResource = (requestType: 'Create' | 'Update' | 'Delete') =>
    ({
      RequestType: requestType,
      ResponseURL: 'https://cloudformation.example/answer',
      StackId: 'stack',
      RequestId: 'request',
      LogicalResourceId: 'Publish',
      ResourceType: 'Custom::CunjingSitePublish',
      ServiceToken: 'arn',
      ResourceProperties: { ServiceToken: 'arn' },
      ...(requestType !== 'Create' && { PhysicalResourceId: 'cunjing-site-publisher-Publish', OldResourceProperties: {} }),
    }) as CloudFormationCustomResourceEvent;
  const answered = (fetch: ReturnType<typeof vi.fn>) => JSON.parse(String((fetch.mock.calls[0]![1] as RequestInit).body)) as Record<string, unknown>;

  it('publishes once for a stream batch, however many roster saves it holds', async () => {
    const publishOnce = vi.fn().mockResolvedValue(result);
    const batch = { Records: [{ eventName: 'MODIFY' }, { eventName: 'MODIFY' }] } as DynamoDBStreamEvent;

    await publishSiteHandler(publishOnce, { fetch: vi.fn(), logger: { error: vi.fn() } })(batch, context);

    expect(publishOnce).toHaveBeenCalledTimes(1);
  });

  it.each(['Create', 'Update'] as const)('publishes after a deploy (%s) and answers CloudFormation with the version', async (requestType) => {
    const publishOnce = vi.fn().mockResolvedValue(result);
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 200 }));

    await publishSiteHandler(publishOnce, { fetch, logger: { error: vi.fn() } })(customResource(requestType), context);

    expect(publishOnce).toHaveBeenCalledTimes(1);
    expect(answered(fetch)).toMatchObject({ Status: 'SUCCESS', Data: { Version: '7', Written: '240', Deleted: '1' } });
  });

  it('publishes nothing when the stack deletes it, and answers', async () => {
    const publishOnce = vi.fn().mockResolvedValue(result);
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 200 }));

    await publishSiteHandler(publishOnce, { fetch, logger: { error: vi.fn() } })(customResource('Delete'), context);

    expect(publishOnce).not.toHaveBeenCalled();
    expect(answered(fetch)).toMatchObject({ Status: 'SUCCESS' });
  });

  it('fails the deploy, saying why, when the publish fails', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 200 }));

    await publishSiteHandler(vi.fn().mockRejectedValue(new Error('AccessDenied on PutObject')), { fetch, logger: { error: vi.fn() } })(customResource('Update'), context);

    expect(answered(fetch)).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('AccessDenied on PutObject') });
  });
});
