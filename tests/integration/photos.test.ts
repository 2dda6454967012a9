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
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { MAX_PHOTO_BYTES, photoKeys, processPhoto, type PhotoDeps } from '../../functions/domain/photos.ts';
import { sharpEncoder } from '../../functions/photos/sharp-encoder.ts';
import { createS3Client, S3PhotoStorage } from '../../functions/store/photos.ts';
import { startLocalS3, type LocalS3 } from '../../scripts/local/s3.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';
import { demoCounty } from '../support/env.ts';
import type { PhotoStorage } from '../../functions/domain/photos.ts';

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

describe('the report form sent by its script (JavaScript: fields as a form post asking for JSON, photos straight to the bucket)', () => {
  const scripted = (fields: Record<string, string>, key: string) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return p.app.request('/api/v1/cases', { method: 'POST', body, headers: { Accept: 'application/json', 'Idempotency-Key': key } });
  };

  it('answers 201 with the receipt and its page (in the form’s language), sets the receipt cookie, and the same key answers the same case', async () => {
    const key = 'js-form-0000-0001';
    const first = await scripted({ ...FIELDS, lang: 'en' }, key);
    const again = await scripted({ ...FIELDS, lang: 'en' }, key);

    expect(first.status).toBe(201);
    const receipt = (await first.json()) as { caseNumber: string; trackingCode: string; receiptUrl: string };
    expect(receipt.receiptUrl).toBe(`/receipt/${receipt.caseNumber}?lang=en`);
    expect(first.headers.get('Set-Cookie')).toContain(`cj_receipt=${receipt.caseNumber}.${receipt.trackingCode}`);
    expect(await again.json()).toMatchObject({ caseNumber: receipt.caseNumber, trackingCode: receipt.trackingCode });
    const page = await p.app.request(receipt.receiptUrl, { headers: { Cookie: `cj_receipt=${receipt.caseNumber}.${receipt.trackingCode}` } });
    expect(await page.text()).toContain(receipt.trackingCode);
  });

  it('answers bad fields with problem+json, not a page, and makes nothing', async () => {
    const res = await scripted({ ...FIELDS, description: 'x' }, 'js-form-0000-0002');

    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ errors: [{ field: 'description' }] });
    expect(await p.outbox()).toEqual([]);
  });

  it('lets the report page’s script reach the bucket: the re-rendered form’s CSP names its origin in connect-src', async () => {
    const res = await formPost({ ...FIELDS, description: 'x' }, []);

    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Security-Policy')).toContain(`connect-src 'self' ${s3.endpoint}`);
  });
});

describe('the report form without JavaScript when something fails on our side, or a limit is reached', () => {
  /** The photos bucket, unreachable until `up`: storing the original is what fails, after the case is made. */
  let up = false;
  const flaky: PhotoStorage = {
    put: (...a) => (up ? storage.put(...a) : Promise.reject(new Error('bucket unreachable'))),
    get: (key) => storage.get(key),
    delete: (key) => storage.delete(key),
    presignUpload: (...a) => storage.presignUpload(...a),
    signedUrl: (...a) => storage.signedUrl(...a),
  };

  it('comes back filled on a server error (500), says to send again and to choose the photos again; sending again makes one case with its photo', async () => {
    await clearBucket();
    up = false;
    const broken = await createPipeline(inject('dynamodbEndpoint'), { photos: flaky });
    const photo = [{ name: 'IMG_0002.jpg', type: 'image/jpeg', bytes: await phonePhoto() }];
    const fields = { ...FIELDS, description: '服务器出错时，写的内容不能丢', location: '村委会东边路口', name: '张三', phone: '13912345678' };
    const body = () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const f of photo) form.append('photo', new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return form;
    };

    const failed = await broken.app.request('/api/v1/cases', { method: 'POST', body: body() });

    expect(failed.status).toBe(500);
    expect(failed.headers.get('Content-Type')).toContain('text/html');
    const page = await failed.text();
    expect(page).toContain('服务器出了问题，这次没有提交成功。您写的内容都还在下面');
    expect(page).toContain('您选的照片没有保存下来，请重新选择照片后再提交。');
    expect(page).toContain('>服务器出错时，写的内容不能丢</textarea>');
    for (const value of ['村委会东边路口', '张三', '13912345678']) expect(page).toContain(`value="${value}"`);

    // The same post again (the bucket back): the first attempt's case, now with its photo.
    up = true;
    const again = await broken.app.request('/api/v1/cases', { method: 'POST', body: body() });
    expect(again.status).toBe(303);
    const caseNumber = /\/receipt\/(DEMO-\d{4}-\d{6})/.exec(again.headers.get('Location') ?? '')![1]!;
    expect((await objectKeys('incoming/')).map((k) => k.split('/')[1])).toEqual([caseNumber]);
    const { Items = [] } = await broken.env.client.send(new ScanCommand({ TableName: broken.env.tables.cases.name }));
    expect(Items.filter((item) => item.sk === 'CASE').map((item) => item.caseNumber)).toEqual([caseNumber]);
  });

  it('past the soft limit (428) comes back filled with the proof of work, says the photos must be chosen again, and stores none', async () => {
    await clearBucket();
    const county = { ...demoCounty, limits: { ...demoCounty.limits, intake: { ...demoCounty.limits.intake, softPer10Minutes: 1 } } };
    const limited = await createPipeline(inject('dynamodbEndpoint'), { photos: storage, county });
    await limited.submit({ ...FIELDS, description: '先到的一件：村口路灯坏了' });

    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...FIELDS, description: '第二件：后山的小路塌了一段' })) form.append(k, v);
    form.append('photo', new File([new Uint8Array(small)], 'small.png', { type: 'image/png' }));

    const challenged = await limited.app.request('/api/v1/cases', { method: 'POST', body: form });

    expect(challenged.status).toBe(428);
    const page = await challenged.text();
    expect(page).toContain('data-altcha=');
    expect(page).toContain('您选的照片没有保存下来，请重新选择照片后再提交。');
    expect(page).toContain('>第二件：后山的小路塌了一段</textarea>');
    expect(await objectKeys()).toEqual([]);
  });
});

describe('photos with a tipster’s answer on the track page', () => {
  const answer = (sent: { caseNumber: string; trackingCode: string }, text: string, files: { name: string; type: string; bytes: Uint8Array }[]) => {
    const body = new FormData();
    for (const [k, v] of Object.entries({ caseNumber: sent.caseNumber, trackingCode: sent.trackingCode, op: 'answer', text, lang: 'zh-CN' })) body.append(k, v);
    for (const f of files) body.append('photo', new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return p.app.request('/track', { method: 'POST', body });
  };

  async function askedTip() {
    const sent = await p.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，用三轮车拉走', lang: 'zh-CN' });
    await p.routeNew(sent.caseNumber);
    const token = await p.linkFor(sent.caseNumber, '+8613800001001');
    const asked = await p.app.request(`/o/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'ask', text: '三轮车大概几点出现？' }).toString() });
    expect(asked.status).toBe(303);
    return { sent, token };
  }

  it('takes up to three photos with the answer through the same pipeline, and the officer sees them', async () => {
    await clearBucket();
    const { sent, token } = await askedTip();

    const res = await answer(sent, '大概半夜十二点，车上没有牌照', [{ name: 'IMG_0003.jpg', type: 'image/jpeg', bytes: await phonePhoto() }]);

    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已发送，民警会收到短信提醒。');
    const [incoming] = await objectKeys('incoming/');
    expect(incoming).toMatch(new RegExp(`^incoming/${sent.caseNumber}/`));
    const outcome = await processPhoto(deps, incoming!);
    expect(outcome).toMatchObject({ attached: { width: 1600 } });
    const stored = (await storage.get(photoKeys.photo(sent.caseNumber, incoming!.split('/').at(-1)!)))!;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    const officer = await (await p.app.request(`/o/${token}`)).text();
    expect(officer).toMatch(new RegExp(`<img src="${s3.endpoint}/${s3.bucket}/photos/${sent.caseNumber}/`));
  });

  it('refuses a file that is no photo: the answer comes back with its text and the message, and nothing is kept', async () => {
    await clearBucket();
    const { sent } = await askedTip();

    const res = await answer(sent, '大概半夜十二点', [{ name: 'virus.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('MZ not a photo') }]);

    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<p class="error" id="err-photo">照片只能是 JPEG、PNG、HEIC 或 WebP 图片/);
    expect(page).toContain('>大概半夜十二点</textarea>');
    expect(await objectKeys()).toEqual([]);
    const view = (await (await p.app.request(`/api/v1/cases/${sent.caseNumber}`, { headers: { 'X-Tracking-Code': sent.trackingCode } })).json()) as { timeline: { type: string }[] };
    expect(view.timeline.filter((e) => e.type === 'answer')).toEqual([]);
  });
});
