/**
 * The China site's directory keys (infra/handlers/site-index.ts): every `dir/index.html` is copied
 * to `dir/` and `dir` in the bucket, and CloudFormation always hears back.
 */
import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSiteIndexKeysHandler, indexKeysOf, writeIndexKeys, type SiteIndexKeysProperties } from '../../infra/handlers/site-index.ts';
import { answerCatcher, customResourceEvent } from '../support/custom-resource.ts';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const BUCKET = 'cunjing-demo-cn-site';

beforeEach(() => s3Mock.reset());
afterAll(() => s3Mock.restore());

describe('indexKeysOf', () => {
  it('gives a directory page its key with and without the slash, and the root page none', () => {
    expect(indexKeysOf('report/index.html')).toEqual(['report/', 'report']);
    expect(indexKeysOf('en/v/dongshan/index.html')).toEqual(['en/v/dongshan/', 'en/v/dongshan']);
    expect(indexKeysOf('index.html')).toEqual([]);
    expect(indexKeysOf('404.html')).toEqual([]);
  });
});

describe('writeIndexKeys', () => {
  it('copies each page, content and metadata, to both of its directory keys', async () => {
    s3Mock.on(CopyObjectCommand).resolves({});

    const written = await writeIndexKeys(s3, BUCKET, ['index.html', 'report/index.html', 'en/report/index.html']);

    expect(written).toBe(4);
    expect(s3Mock).toReceiveCommandTimes(CopyObjectCommand, 4);
    expect(s3Mock).toReceiveCommandWith(CopyObjectCommand, { Bucket: BUCKET, Key: 'report/', CopySource: `${BUCKET}/report/index.html`, MetadataDirective: 'COPY' });
    expect(s3Mock).toReceiveCommandWith(CopyObjectCommand, { Bucket: BUCKET, Key: 'en/report', CopySource: `${BUCKET}/en/report/index.html`, MetadataDirective: 'COPY' });
  });
});

describe('the directory keys custom resource handler', () => {
  const keys = {
    logicalId: 'SiteIndexKeys',
    physicalId: 'site-index-keys-SiteIndexKeys',
    properties: { Bucket: BUCKET, Pages: ['report/index.html'], SiteVersion: 'a.zip' },
    oldProperties: { Bucket: BUCKET, Pages: [] },
  };
  const event = (type: 'Create' | 'Update' | 'Delete') => customResourceEvent<SiteIndexKeysProperties>(type, keys);

  function arrange() {
    const { fetchFn, answer } = answerCatcher();
    const handler = createSiteIndexKeysHandler({ s3, logger: { info: vi.fn(), error: vi.fn() }, fetch: fetchFn });
    return { handler, answer };
  }

  it('answers SUCCESS with the number of keys written on update', async () => {
    s3Mock.on(CopyObjectCommand).resolves({});
    const { handler, answer } = arrange();

    await handler(event('Update'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'site-index-keys-SiteIndexKeys', Data: { Keys: '2' } });
  });

  it('answers FAILED with the reason when S3 refuses, instead of leaving the stack waiting', async () => {
    s3Mock.on(CopyObjectCommand).rejects(new Error('Access Denied'));
    const { handler, answer } = arrange();

    await handler(event('Create'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/Access Denied/), PhysicalResourceId: 'site-index-keys-SiteIndexKeys' });
  });

  it('leaves the bucket alone on delete (the keys stay or go with the bucket)', async () => {
    const { handler, answer } = arrange();

    await handler(event('Delete'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'SUCCESS' });
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
