/**
 * The site publisher's two adapters: the site bucket (S3, through aws-sdk-client-mock) and the local
 * stack's folder.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3SiteFiles, SITE_CACHE_CONTROL } from '../../functions/store/site-bucket.ts';
import { FolderSiteFiles } from '../../functions/store/site-folder.ts';
import { HTML_TYPE } from '../../functions/ui/site-pages.ts';

const page = { path: 'v/dongshan/index.html', contentType: HTML_TYPE, body: '<!DOCTYPE html><title>东山村</title>' };

describe('S3SiteFiles', () => {
  const s3 = mockClient(S3Client);
  const files = new S3SiteFiles({ client: new S3Client({}), bucket: 'site-bucket' });
  beforeEach(() => s3.reset());

  it('puts a page as HTML in UTF-8, with the deploy’s five minutes of cache', async () => {
    s3.on(PutObjectCommand).resolves({});

    await files.put(page);

    expect(SITE_CACHE_CONTROL).toBe('public, max-age=300');
    expect(s3).toReceiveCommandWith(PutObjectCommand, {
      Bucket: 'site-bucket',
      Key: 'v/dongshan/index.html',
      Body: page.body,
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'public, max-age=300',
    });
  });

  it('on the China site, puts a page under its directory keys too, as the deploy does', async () => {
    s3.on(PutObjectCommand).resolves({});
    const china = new S3SiteFiles({ client: new S3Client({}), bucket: 'site-bucket', directoryKeys: true });

    await china.put(page);

    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key).sort()).toEqual(['v/dongshan', 'v/dongshan/', 'v/dongshan/index.html']);
    expect(s3).toReceiveCommandWith(PutObjectCommand, { Key: 'v/dongshan/', ContentType: 'text/html; charset=utf-8', CacheControl: 'public, max-age=300' });
  });

  it('lists every key under each prefix, page after page', async () => {
    s3.on(ListObjectsV2Command, { Prefix: 'v/' }).resolvesOnce({ Contents: [{ Key: 'v/a/index.html' }], IsTruncated: true, NextContinuationToken: 'next' }).resolvesOnce({ Contents: [{ Key: 'v/b/index.html' }], IsTruncated: false });
    s3.on(ListObjectsV2Command, { Prefix: 'qr/' }).resolves({ Contents: [{ Key: 'qr/a.svg' }] });

    const keys = await files.list(['v/', 'qr/']);

    expect(keys).toEqual(['v/a/index.html', 'v/b/index.html', 'qr/a.svg']);
    expect(s3).toReceiveCommandWith(ListObjectsV2Command, { Bucket: 'site-bucket', Prefix: 'v/', ContinuationToken: 'next' });
  });

  it('deletes keys a thousand at a time, quietly', async () => {
    s3.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 1001 }, (_, i) => `v/village-${i}/index.html`);

    await files.delete(keys);

    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(2);
    expect(s3).toReceiveCommandWith(DeleteObjectsCommand, { Bucket: 'site-bucket', Delete: { Objects: [{ Key: 'v/village-1000/index.html' }], Quiet: true } });
  });

  it('fails, naming them, when S3 keeps some of the files', async () => {
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'qr/a.svg', Code: 'AccessDenied' }] });

    await expect(files.delete(['qr/a.svg'])).rejects.toThrow('qr/a.svg (AccessDenied)');
  });
});

describe('FolderSiteFiles', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cunjing-site-folder-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes a page where its path says, replacing the old one, and leaves no temporary file', async () => {
    const files = new FolderSiteFiles(root);

    await files.put({ ...page, body: 'old' });
    await files.put(page);

    expect(await readFile(join(root, 'v/dongshan/index.html'), 'utf8')).toBe(page.body);
    expect(await readdir(join(root, 'v/dongshan'))).toEqual(['index.html']);
  });

  it('lists the files under each prefix, none for a folder that is not there', async () => {
    const files = new FolderSiteFiles(root);
    await files.put(page);
    await files.put({ ...page, path: 'v/dongshan/tip/index.html' });
    await files.put({ ...page, path: 'index.html' });

    expect((await files.list(['v/', 'en/v/'])).sort()).toEqual(['v/dongshan/index.html', 'v/dongshan/tip/index.html']);
  });

  it('deletes files and the village folders they leave empty, keeping folders that still hold something', async () => {
    const files = new FolderSiteFiles(root);
    await files.put(page);
    await files.put({ ...page, path: 'v/dongshan/tip/index.html' });
    await files.put({ ...page, path: 'v/xishan/index.html' });

    await files.delete(['v/dongshan/index.html', 'v/dongshan/tip/index.html', 'v/gone/index.html']);

    expect(existsSync(join(root, 'v/dongshan'))).toBe(false);
    expect(existsSync(join(root, 'v/xishan/index.html'))).toBe(true);
  });
});
