/**
 * The photo pipeline on a real local S3 server (s3rver, through @aws-sdk/client-s3) and DynamoDB
 * Local: a report form posted with photos (no JavaScript), a presigned upload (JavaScript), the
 * photos function's work (metadata gone, re-encoded, previewed, attached, original deleted), the
 * limits refused with a clear message and nothing stored, and the photos shown through signed URLs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { MAX_PHOTO_BYTES, photoKeys, processPhoto, type PhotoDeps } from '../../functions/domain/photos.ts';
import { sharpEncoder } from '../../functions/photos/sharp-encoder.ts';
import { createS3Client, S3PhotoStorage } from '../../functions/store/photos.ts';
import { startLocalS3, type LocalS3 } from '../../scripts/local/s3.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let s3: LocalS3;
let storage: S3PhotoStorage;
const client = () => createS3Client(s3.endpoint);
let p: Pipeline;
let deps: PhotoDeps;

beforeAll(async () => {
  s3 = await startLocalS3({ port: 0, directory: mkdtempSync(join(tmpdir(), 'cunjing-s3-')) });
  storage = new S3PhotoStorage({ client: client(), bucket: s3.bucket });
});
afterAll(() => s3?.stop());

beforeEach(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'), { photos: storage });
  deps = { cases: p.env.cases, storage, encoder: sharpEncoder, clock: p.clock };
});

/** A phone photo: 2400×1800 JPEG carrying the camera, the time and the GPS position in its EXIF. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 190, g: 90, b: 40 } } })
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: 'CunjingTestCam', Model: 'Spy 3000', DateTime: '2026:11:20 10:00:00', Software: 'TestOS 1.0' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' },
    })
    .toBuffer();
}

async function objectKeys(prefix = ''): Promise<string[]> {
  const out = await client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

/** The report form as a browser without JavaScript posts it: multipart, files in `photo`. */
function formPost(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append('photo', new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return p.app.request('/api/v1/cases', { method: 'POST', body });
}

const FIELDS = { kind: 'hazard', villageId: 'dongshan', description: '村口的桥栏杆断了，晚上很危险', lang: 'zh-CN' };

async function clearBucket() {
  for (const key of await objectKeys()) await storage.delete(key);
}

describe('a report form with a photo, without JavaScript', () => {
  it('keeps none of the photo’s metadata: GPS, camera and time are gone; re-encoded, previewed, attached, original deleted', async () => {
    await clearBucket();
    const original = await phonePhoto();
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('Spy 3000');

    const res = await formPost(FIELDS, [{ name: 'IMG_0001.jpg', type: 'image/jpeg', bytes: original }]);
    expect(res.status).toBe(303);
    const caseNumber = /\/receipt\/(DEMO-\d{4}-\d{6})/.exec(res.headers.get('Location') ?? '')![1]!;
    const [incoming] = await objectKeys('incoming/');
    expect(incoming).toMatch(new RegExp(`^incoming/${caseNumber}/[0-9a-f]{32}$`));

    const outcome = await processPhoto(deps, incoming!);

    expect(outcome).toMatchObject({ attached: { width: 1600, height: 1200 } });
    const id = incoming!.split('/').at(-1)!;
    expect(await objectKeys()).toEqual([photoKeys.preview(caseNumber, id), photoKeys.photo(caseNumber, id)].sort());
    const stored = (await storage.get(photoKeys.photo(caseNumber, id)))!;
    const after = await sharp(stored).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(Buffer.from(stored).toString('latin1')).not.toMatch(/Spy 3000|CunjingTestCam|GPS/);
    const preview = await sharp((await storage.get(photoKeys.preview(caseNumber, id)))!).metadata();
    expect(Math.max(preview.width!, preview.height!)).toBe(320);
    expect(preview.exif).toBeUndefined();
    console.info(`photo bytes: ${original.byteLength} before processing, ${stored.byteLength} after (preview ${(await storage.get(photoKeys.preview(caseNumber, id)))!.byteLength})`);
  });

  it('shows the resident their photo on the track page, and the officer on the case page, through short-lived signed URLs', async () => {
    await clearBucket();
    const sent = await p.submit({ ...FIELDS, kind: 'dispute' });
    await storage.put(photoKeys.incoming(sent.caseNumber, 'a1b2c3d4e5f60718'), await phonePhoto(), 'image/jpeg');
    await processPhoto(deps, photoKeys.incoming(sent.caseNumber, 'a1b2c3d4e5f60718'));
    await p.routeNew(sent.caseNumber);

    const track = await p.app.request('/track', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ caseNumber: sent.caseNumber, trackingCode: sent.trackingCode }).toString() });
    const officer = await p.app.request(`/o/${await p.linkFor(sent.caseNumber, '+8613800001001')}`);

    for (const res of [track, officer]) {
      const page = await res.text();
      const src = /<img src="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
      expect(src).toContain(`${s3.endpoint}/${s3.bucket}/${photoKeys.preview(sent.caseNumber, 'a1b2c3d4e5f60718')}?`);
      expect(src).toContain('X-Amz-Expires=300');
      expect(res.headers.get('Content-Security-Policy')).toContain(`img-src 'self' data: ${s3.endpoint}`);
      const image = await fetch(src!);
      expect(image.status).toBe(200);
      expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).format).toBe('jpeg');
    }
    const api = await p.app.request(`/api/v1/cases/${sent.caseNumber}`, { headers: { 'X-Tracking-Code': sent.trackingCode } });
    expect(((await api.json()) as { photos: unknown[] }).photos).toEqual([{ id: 'a1b2c3d4e5f60718', width: 1600, height: 1200, bytes: expect.any(Number) }]);
  });

  it('refuses a file that is not an image, with the message next to the photo field, and stores nothing', async () => {
    await clearBucket();
    const res = await formPost(FIELDS, [{ name: 'not-a-photo.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('<html>this is no photo</html>') }]);

    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<p class="error" id="err-photo">照片只能是 JPEG、PNG、HEIC 或 WebP 图片/);
    expect(page).toContain('村口的桥栏杆断了，晚上很危险'); // what was typed comes back
    expect(await objectKeys()).toEqual([]);
    expect(await p.outbox()).toEqual([]);
  });

  it('refuses more than three photos, and a form over 4 MB, and stores nothing', async () => {
    await clearBucket();
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();

    const four = await formPost(FIELDS, [1, 2, 3, 4].map((n) => ({ name: `p${n}.png`, type: 'image/png', bytes: small })));
    const huge = await formPost(FIELDS, [{ name: 'huge.jpg', type: 'image/jpeg', bytes: new Uint8Array(4.5 * 1024 * 1024).fill(0xff) }]);

    expect(four.status).toBe(400);
    expect(await four.text()).toContain('id="err-photo"');
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('不用网页脚本时合计不超过 4 MB');
    expect(await objectKeys()).toEqual([]);
  });
});

describe('a presigned upload, with JavaScript', () => {
  it('gives a POST whose policy allows one key, the declared type and at most 5 MB; the upload is processed like any other', async () => {
    await clearBucket();
    const sent = await p.submit(FIELDS);

    const res = await p.app.request(`/api/v1/cases/${sent.caseNumber}/photos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackingCode: sent.trackingCode, contentType: 'image/jpeg', size: 123_456 }),
    });

    expect(res.status).toBe(201);
    const upload = (await res.json()) as { photoId: string; url: string; fields: Record<string, string> };
    const policy = JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 1, MAX_PHOTO_BYTES], ['eq', '$Content-Type', 'image/jpeg'], { key: photoKeys.incoming(sent.caseNumber, upload.photoId) }]),
    );
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(await phonePhoto())]));
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
    expect(await processPhoto(deps, photoKeys.incoming(sent.caseNumber, upload.photoId))).toMatchObject({ attached: { id: upload.photoId } });
  });

  it('refuses a type it does not take, a size over 5 MB and a wrong tracking code', async () => {
    const sent = await p.submit(FIELDS);
    const ask = (body: Record<string, unknown>) =>
      p.app.request(`/api/v1/cases/${sent.caseNumber}/photos`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ trackingCode: sent.trackingCode, ...body }) });

    const gif = await ask({ contentType: 'image/gif', size: 1000 });
    const big = await ask({ contentType: 'image/png', size: MAX_PHOTO_BYTES + 1 });
    const wrong = await ask({ contentType: 'image/png', size: 1000, trackingCode: 'AAAAA-BBBBB' });

    expect(gif.status).toBe(400);
    expect(await gif.json()).toMatchObject({ errors: [{ field: 'contentType', message: 'must be one of image/jpeg, image/png, image/heic, image/webp' }] });
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ errors: [{ field: 'size', message: 'must be at most 5 MB' }] });
    expect(wrong.status).toBe(404);
  });

  it('deletes an upload the policy should have stopped (too big, or not an image), and the case says so', async () => {
    // The local S3 server does not enforce POST policies; the photos function checks the bytes again.
    await clearBucket();
    const sent = await p.submit(FIELDS);
    const tooBig = photoKeys.incoming(sent.caseNumber, 'ffffffffffff0001');
    const notImage = photoKeys.incoming(sent.caseNumber, 'ffffffffffff0002');
    await storage.put(tooBig, new Uint8Array(MAX_PHOTO_BYTES + 1).fill(0xff), 'image/jpeg');
    await storage.put(notImage, new TextEncoder().encode('MZ this is a program'), 'image/png');

    expect(await processPhoto(deps, tooBig)).toEqual({ refused: 'size' });
    expect(await processPhoto(deps, notImage)).toEqual({ refused: 'type' });

    expect(await objectKeys()).toEqual([]);
    const view = await (await p.app.request(`/api/v1/cases/${sent.caseNumber}`, { headers: { 'X-Tracking-Code': sent.trackingCode } })).json();
    expect((view as { timeline: { text: string }[] }).timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['有一张照片未能使用：照片太大', '有一张照片未能使用：只能是 JPEG、PNG、HEIC 或 WebP 图片']));
  });
});
