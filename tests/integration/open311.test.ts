/**
 * Open311 GeoReport v2 (`/open311/v2/`) on DynamoDB Local: every JSON answer validated against the
 * open311 georeport-v2 JSON Schemas (tests/fixtures/open311-georeport-v2), every XML answer parsed;
 * tips invisible through every route; POST with and without a key, per-key limits, and the portal's
 * routing for what Open311 files.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Hono } from 'hono';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createOpen311App } from '../../functions/api/open311/app.ts';
import type { County } from '../../functions/domain/county.ts';
import { hashApiKey } from '../../functions/domain/open311.ts';
import { demoCounty } from '../support/env.ts';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

const KEY = 'o311_test-key-of-the-county-hotline-0001';
const OTHER_KEY = 'o311_test-key-of-the-township-portal-02';
const county: County = {
  ...demoCounty,
  open311: {
    clients: [
      { id: 'hotline', name: '12345 热线', keyHash: hashApiKey(KEY), requestsPerHour: 30 },
      { id: 'township', name: '镇网格平台', keyHash: hashApiKey(OTHER_KEY), requestsPerHour: 2 },
    ],
  },
};

// ── The open311 schemas (fixtures) and an XML parser ─────────────────────────────────────────────
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/open311-georeport-v2/${name}.json`, import.meta.url), 'utf8')) as object;
// The published schemas leave out `type` beside `required`/`minItems`; Ajv's strict mode would only warn about that.
const ajv = addFormats(new Ajv({ allErrors: true, strictTypes: false }));
for (const name of ['request', 'service']) ajv.addSchema(schema(name), `${name}.json`);
const validators: Record<'services' | 'service-definition' | 'requests', ValidateFunction> = {
  services: ajv.compile(schema('services')),
  'service-definition': ajv.compile(schema('service-definition')),
  requests: ajv.compile(schema('requests')),
};
/** Asserts a JSON answer is valid by its open311 schema and returns it. */
function valid<T>(kind: keyof typeof validators, body: T): T {
  const validate = validators[kind];
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error'].includes(name) });

let pipeline: Pipeline;
let app: Hono;
let tip: string;
let dispute: string;
let urgentHelp: string;

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

async function getJson<T = unknown>(path: string): Promise<{ status: number; body: T; type: string | null }> {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get('Content-Type'), body: (await res.json()) as T };
}
/** A well-formed XML document (the parser alone would accept some broken markup). */
function wellFormed(text: string): string {
  expect(XMLValidator.validate(text)).toBe(true);
  return text;
}
async function getXml(path: string): Promise<{ status: number; doc: Record<string, any>; text: string; type: string | null }> {
  const res = await app.request(path);
  const text = wellFormed(await res.text());
  return { status: res.status, type: res.headers.get('Content-Type'), text, doc: xml.parse(text) as Record<string, any> };
}

/** An error answer's status and errors, read from its JSON or (a path ending in .xml) its XML. */
async function notFound(path: string): Promise<{ status: number; errors: { code: number; description: string }[] }> {
  if (!path.endsWith('.xml')) {
    const { status, body } = await getJson<{ code: number; description: string }[]>(path);
    return { status, errors: body };
  }
  const { status, doc } = await getXml(path);
  const errors = [doc.errors.error].flat() as { code: string; description: string }[];
  return { status, errors: errors.map((e) => ({ code: Number(e.code), description: String(e.description) })) };
}

type Request311 = Record<string, unknown> & { service_request_id: string; status: string; service_code: string };

beforeAll(async () => {
  pipeline = await createPipeline(inject('dynamodbEndpoint'), { county });
  const open311 = createOpen311App({ ...pipeline.env, limits: pipeline.env.admin });
  // As CloudFront and API Gateway route them: /open311/* to the Open311 function, the rest to the others.
  app = new Hono();
  app.all('/open311/*', (c) => open311.fetch(c.req.raw));
  app.route('/', pipeline.app);

  tip = (await pipeline.submit({ kind: 'tip', villageId: 'dongshan', description: '后山有人夜里偷砍林木，开蓝色三轮车', name: '李四', phone: '13800000000', anonymous: false })).caseNumber;
  dispute = (await pipeline.submit({ kind: 'dispute', villageId: 'xishan', description: '王家和张家为宅基地边界吵了三天', name: '张三', phone: '13900000001', location: '西山村三组' })).caseNumber;
  const res = await app.request('/open311/v2/requests.json', form({ api_key: KEY, service_code: 'help', address_id: 'hekou', description: '河口桥下有老人落水，请速来', first_name: '伟', last_name: '赵', phone: '13700000002', 'attribute[urgent]': 'true' }));
  urgentHelp = ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
});

describe('the open311 schemas', () => {
  it('reject what the specification does not allow, so a passing answer means something', () => {
    expect(validators.requests([{ service_request_id: 'X-1', status: 'pending', service_code: 'hazard', requested_datetime: '2026-11-22T10:00:00+08:00' }])).toBe(false);
    expect(validators.requests([{ status: 'open', service_code: 'hazard', requested_datetime: '2026-11-22T10:00:00+08:00' }])).toBe(false);
    expect(validators.requests([{ service_request_id: 'X-1', status: 'open', service_code: 'hazard', requested_datetime: '22/11/2026' }])).toBe(false);
    expect(validators.services([{ service_code: 'hazard', service_name: '安全隐患', metadata: 'no', type: 'realtime' }])).toBe(false);
    expect(validators['service-definition']({ service_code: 'help' })).toBe(false);
  });
});

describe('GET discovery', () => {
  it('names the GeoReport v2 endpoint of this county with both formats, in JSON and XML', async () => {
    const json = await getJson<{ changeset: string; contact: string; endpoints: { specification: string; url: string; type: string; formats: string[] }[] }>('/open311/v2/discovery.json');
    const asXml = await getXml('/open311/v2/discovery.xml');

    expect(json.status).toBe(200);
    expect(json.type).toMatch(/^application\/json/);
    expect(json.body.contact).toContain('青山县公安局');
    expect(json.body.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost/open311/v2', changeset: json.body.changeset, type: 'production', formats: ['text/xml', 'application/json'] },
    ]);
    expect(asXml.type).toMatch(/^text\/xml/);
    expect(asXml.doc.discovery.endpoints.endpoint[0].url).toBe('http://localhost/open311/v2');
    expect(asXml.doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });
});

describe('GET services', () => {
  it('lists one service per kind that may be public, and never tip', async () => {
    const { status, body } = await getJson<{ service_code: string; service_name: string; metadata: boolean }[]>('/open311/v2/services.json');
    const asXml = await getXml('/open311/v2/services.xml');

    expect(status).toBe(200);
    valid('services', body);
    expect(body.map((s) => s.service_code)).toEqual(['dispute', 'hazard', 'service', 'help']);
    expect(body.find((s) => s.service_code === 'help')).toMatchObject({ service_name: '求助', metadata: true });
    expect(asXml.doc.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(['dispute', 'hazard', 'service', 'help']);
    expect(asXml.text).not.toMatch(/tip|举报/);
  });

  it('defines help with its urgent attribute, and the others without attributes', async () => {
    const help = await getJson<{ attributes: { code: string; values: { key: string }[] }[] }>('/open311/v2/services/help.json');
    const hazard = await getJson('/open311/v2/services/hazard.json');
    const asXml = await getXml('/open311/v2/services/help.xml');

    valid('service-definition', help.body);
    valid('service-definition', hazard.body);
    expect(help.body.attributes.map((a) => [a.code, a.values.map((v) => v.key)])).toEqual([['urgent', ['true', 'false']]]);
    expect(hazard.body).toEqual({ service_code: 'hazard', attributes: [] });
    expect(asXml.doc.service_definition.attributes.attribute[0].code).toBe('urgent');
    expect(asXml.doc.service_definition.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toEqual(['true', 'false']);
  });
});

describe('POST requests', () => {
  it('refuses a request without an API key, or with a wrong one, with 403 in the spec’s error shape', async () => {
    const fields = { service_code: 'hazard', address_id: 'dongshan', description: '村口路灯坏了一个月' };

    const none = await app.request('/open311/v2/requests.json', form(fields));
    const wrong = await app.request('/open311/v2/requests.xml', form({ ...fields, api_key: 'o311_not-a-key-anyone-was-given-000000' }));

    expect(none.status).toBe(403);
    expect(await none.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key is required') }]);
    expect(wrong.status).toBe(403);
    expect(xml.parse(wellFormed(await wrong.text())).errors.error).toEqual([{ code: '403', description: 'api_key is not valid' }]);
  });

  it('files a request with a valid key through the portal’s intake: a case with its number, village, name and phone', async () => {
    const res = await app.request('/open311/v2/requests.json', form({ api_key: KEY, service_code: 'hazard', address_id: 'dongshan', address_string: '村口小学门前', description: '村口路灯坏了一个月', first_name: '敏', last_name: '钱', phone: '13600000003' }));

    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string; service_notice: string }[];
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^DEMO-2026-\d{6}$/), service_notice: '已短信通知驻村民警和警务助理' });
    const record = await pipeline.env.cases.get(created!.service_request_id);
    expect(record).toMatchObject({ kind: 'hazard', villageId: 'dongshan', stationId: 'qingshan-zhen', location: '村口小学门前', name: '钱敏', phone: '+8613600000003', anonymous: false, status: 'received' });
  });

  it('keeps lat and long as the case’s position and gives them back, to about 100 m, with the request', async () => {
    const res = await app.request('/open311/v2/requests.json', form({ api_key: KEY, service_code: 'hazard', address_id: 'maping', lat: '29.567891', long: '106.543219', description: '马坪村后山有落石' }));
    const [created] = (await res.json()) as { service_request_id: string }[];

    const record = await pipeline.env.cases.get(created!.service_request_id);
    const shown = await getJson<Request311[]>(`/open311/v2/requests/${created!.service_request_id}.json`);

    expect(res.status).toBe(201);
    expect(record?.position).toEqual({ lat: 29.56789, lng: 106.54322 });
    expect(valid('requests', shown.body)[0]).toMatchObject({ lat: 29.568, long: 106.543 });
  });

  it('answers in XML when asked for requests.xml', async () => {
    const res = await app.request('/open311/v2/requests.xml', form({ api_key: KEY, service_code: 'service', address_id: 'baishui', description: '想问一下户口迁移要带什么材料' }));

    expect(res.status).toBe(201);
    const doc = xml.parse(wellFormed(await res.text()));
    expect(doc.service_requests.request[0].service_request_id).toMatch(/^DEMO-2026-\d{6}$/);
  });

  it('sends urgent help with the portal’s routing: officer, assistant and every joint-defence contact', async () => {
    await pipeline.routeNew(urgentHelp);

    const roles = (await pipeline.outbox(urgentHelp)).map((m) => m.role).sort();
    expect(roles).toEqual(['assistant', 'defence', 'defence', 'officer']);
    expect(await pipeline.env.cases.get(urgentHelp)).toMatchObject({ kind: 'help', urgent: true, villageId: 'hekou', name: '赵伟' });
  });

  it.each([
    [{ service_code: 'tip' }, 'service_code must be one of dispute, hazard, service, help'],
    [{ service_code: 'graffiti' }, 'service_code must be one of dispute, hazard, service, help'],
    [{ service_code: '' }, 'service_code is required'],
    [{ address_id: '' }, 'address_id (the village id, as in GET /api/v1/villages) is required'],
    [{ address_id: 'atlantis' }, 'address_id: unknown village "atlantis"'],
    [{ description: '坏了' }, 'description: Please write a little more: at least 5 characters'],
    [{ phone: '12345' }, 'phone: This is not a mobile number: 11 digits, for example 13800000000'],
    [{ lat: '91', long: '120' }, 'lat must be a number from -90 to 90'],
    [{ 'attribute[urgent]': 'true' }, 'attribute[urgent] is not an attribute of service hazard'],
    [{ jurisdiction_id: 'OTHER' }, 'jurisdiction_id must be DEMO (or left out): this endpoint serves one county'],
  ])('refuses %o with 400 and says why: %s', async (change, description) => {
    const res = await app.request('/open311/v2/requests.json', form({ api_key: KEY, service_code: 'hazard', address_id: 'dongshan', description: '村口路灯坏了一个月', ...change }));

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ code: 400, description }]);
  });

  it('refuses a JSON body with 415: the spec posts form fields', async () => {
    const res = await app.request('/open311/v2/requests.json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: KEY }) });

    expect(res.status).toBe(415);
    expect(await res.json()).toEqual([{ code: 415, description: 'send the fields form-encoded (application/x-www-form-urlencoded)' }]);
  });

  it('refuses multipart/form-data without its boundary with 400, not a server error', async () => {
    const res = await app.request('/open311/v2/requests.json', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data' }, body: `api_key=${KEY}` });

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ code: 400, description: 'the body is not a readable form: multipart/form-data needs its boundary; or send application/x-www-form-urlencoded' }]);
  });

  it('answers a retry with the same Idempotency-Key with the first request, and files one case', async () => {
    const fields = { api_key: KEY, service_code: 'dispute', address_id: 'longtan', description: '两户人家为灌溉用水争执' };
    const headers = { 'Idempotency-Key': 'hotline-ticket-000000042' };

    const first = (await (await app.request('/open311/v2/requests.json', form(fields, headers))).json()) as { service_request_id: string }[];
    const again = (await (await app.request('/open311/v2/requests.json', form(fields, headers))).json()) as { service_request_id: string }[];

    expect(again[0]!.service_request_id).toBe(first[0]!.service_request_id);
  });

  it('limits each API key to its requests per hour (429 with Retry-After), counted per key', async () => {
    const fields = { service_code: 'hazard', address_id: 'songlin', description: '松林社区消防通道被堵' };

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await app.request('/open311/v2/requests.json', form({ ...fields, api_key: OTHER_KEY }))).status);
    const limited = await app.request('/open311/v2/requests.json', form({ ...fields, api_key: OTHER_KEY }));
    const otherKey = await app.request('/open311/v2/requests.json', form({ ...fields, api_key: KEY }));

    expect(statuses).toEqual([201, 201, 429]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual([{ code: 429, description: expect.stringContaining('镇网格平台 may file 2 requests an hour') }]);
    expect(otherKey.status).toBe(201);
  });
});

describe('GET requests', () => {
  it('lists the last 90 days’ requests, valid by the schema, with the county’s time zone, and no tip', async () => {
    const { status, body } = await getJson<Request311[]>('/open311/v2/requests.json');

    expect(status).toBe(200);
    valid('requests', body);
    const ids = body.map((r) => r.service_request_id);
    expect(ids).toContain(dispute);
    expect(ids).toContain(urgentHelp);
    expect(ids).not.toContain(tip);
    expect(body.find((r) => r.service_request_id === dispute)).toEqual({
      service_request_id: dispute,
      status: 'open',
      service_name: '矛盾纠纷',
      service_code: 'dispute',
      agency_responsible: '青山镇派出所',
      requested_datetime: '2026-11-22T10:00:00+08:00',
      updated_datetime: '2026-11-22T10:00:00+08:00',
      expected_datetime: expect.stringMatching(/^2026-11-2\dT\d{2}:\d{2}:\d{2}\+08:00$/),
      address: '青山镇西山村',
      address_id: 'xishan',
    });
  });

  it('gives the same requests as XML', async () => {
    const json = await getJson<Request311[]>('/open311/v2/requests.json');
    const asXml = await getXml('/open311/v2/requests.xml');

    expect(asXml.status).toBe(200);
    const requests = asXml.doc.service_requests.request as Record<string, string>[];
    expect(requests.map((r) => r.service_request_id)).toEqual(json.body.map((r) => r.service_request_id));
    expect(requests.find((r) => r.service_request_id === dispute)).toMatchObject({ status: 'open', service_code: 'dispute', address_id: 'xishan' });
  });

  it('exposes no name, phone, description, place text or tracking code of anyone', async () => {
    const bodies = [await (await app.request('/open311/v2/requests.json')).text(), wellFormed(await (await app.request('/open311/v2/requests.xml')).text()), await (await app.request(`/open311/v2/requests/${dispute}.json`)).text()];

    for (const text of bodies) {
      expect(text).not.toMatch(/张三|赵伟|钱敏|李四|1390000000|1370000000|1360000000|138000000|宅基地|落水|西山村三组|trackingHash|tracking/);
    }
  });

  it('filters by service_code and status, and a closed request carries its closing time', async () => {
    pipeline.clock.advance(3_600_000);
    await pipeline.env.cases.updateCase(dispute, { at: pipeline.clock.now().toISOString(), set: { status: 'resolved', resolvedAt: pipeline.clock.now().toISOString() }, entries: [{ at: pipeline.clock.now().toISOString(), type: 'status', visibility: 'public', params: { status: 'resolved' } }] });

    const help = await getJson<Request311[]>('/open311/v2/requests.json?service_code=help');
    const closed = await getJson<Request311[]>('/open311/v2/requests.json?status=closed');
    const tips = await getJson<Request311[]>('/open311/v2/requests.json?service_code=tip');

    expect(new Set(valid('requests', help.body).map((r) => r.service_code))).toEqual(new Set(['help']));
    expect(closed.body.map((r) => r.service_request_id)).toEqual([dispute]);
    expect(closed.body[0]).toMatchObject({ status: 'closed', updated_datetime: '2026-11-22T11:00:00+08:00' });
    expect(tips.body).toEqual([]);
  });

  it('takes start_date and end_date, and refuses a range over 90 days or a date it cannot read', async () => {
    const before = await getJson<Request311[]>('/open311/v2/requests.json?end_date=2026-11-22T09:59:59%2B08:00');
    const day = await getJson<Request311[]>('/open311/v2/requests.json?start_date=2026-11-22T00:00:00%2B08:00&end_date=2026-11-23T00:00:00%2B08:00');
    const tooLong = await getJson('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z');
    const unreadable = await getXml('/open311/v2/requests.xml?start_date=yesterday');

    expect(before.body).toEqual([]);
    expect(day.body.map((r) => r.service_request_id)).toContain(dispute);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual([{ code: 400, description: 'start_date and end_date may be at most 90 days apart' }]);
    expect(unreadable.status).toBe(400);
    expect(unreadable.doc.errors.error[0].description).toBe('start_date must be a date and time such as 2026-11-01T00:00:00+08:00');
  });

  it('reads the requests named by service_request_id, leaving out a tip and unknown ids', async () => {
    const { body } = await getJson<Request311[]>(`/open311/v2/requests.json?service_request_id=${dispute},${tip},DEMO-2026-999999,nonsense`);

    expect(valid('requests', body).map((r) => r.service_request_id)).toEqual([dispute]);
  });
});

describe('GET requests/{id}', () => {
  it('gives one request with status notes from public timeline entries only', async () => {
    await pipeline.env.cases.updateCase(urgentHelp, {
      at: pipeline.clock.now().toISOString(),
      entries: [
        { at: pipeline.clock.now().toISOString(), type: 'acknowledged', visibility: 'public' },
        { at: pipeline.clock.now().toISOString(), type: 'note', visibility: 'internal', text: '内部备注：落水者是村支书的亲戚' },
        { at: pipeline.clock.now().toISOString(), type: 'reply', visibility: 'public', text: '赵伟同志，我们马上到' },
      ],
    });

    const json = await getJson<Request311[]>(`/open311/v2/requests/${urgentHelp}.json`);
    const asXml = await getXml(`/open311/v2/requests/${urgentHelp}.xml`);

    expect(json.status).toBe(200);
    expect(valid('requests', json.body)).toHaveLength(1);
    expect(json.body[0]).toMatchObject({ service_request_id: urgentHelp, service_code: 'help', status: 'open', status_notes: '民警已签收', address_id: 'hekou' });
    expect(JSON.stringify(json.body)).not.toMatch(/内部备注|赵伟|马上到/);
    expect(asXml.doc.service_requests.request[0].status_notes).toBe('民警已签收');
  });

  it('reads no timeline of a tip, so a tip costs what an unknown id costs', async () => {
    const timelineReads: string[] = [];
    const cases = pipeline.env.cases;
    const counting = new Proxy(cases, {
      get: (target, name) =>
        name === 'timeline'
          ? (caseNumber: string, options: never) => {
              timelineReads.push(caseNumber);
              return target.timeline(caseNumber, options);
            }
          : Reflect.get(target, name, target).bind(target),
    });
    const spied = createOpen311App({ ...pipeline.env, cases: counting, limits: pipeline.env.admin });

    await spied.request(`/open311/v2/requests/${tip}.json`);
    await spied.request(`/open311/v2/requests.json?service_request_id=${tip},${dispute}`);

    expect(timelineReads).toEqual([dispute]);
  });

  it('answers 404 for a tip exactly as for a request that does not exist', async () => {
    const tipAnswer = await getJson(`/open311/v2/requests/${tip}.json`);
    const unknown = await getJson('/open311/v2/requests/DEMO-2026-999999.json');

    expect(tipAnswer.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(tipAnswer.body).toEqual([{ code: 404, description: 'no service request with this id' }]);
    expect(unknown.body).toEqual(tipAnswer.body);
  });
});

describe('tips never leave', () => {
  it('keeps a tip out of every Open311 route, in JSON and in XML', async () => {
    const paths = [
      'discovery',
      'services',
      'services/tip',
      'requests',
      `requests/${tip}`,
      `requests?service_request_id=${tip}`,
      'requests?service_code=tip',
      'requests?status=open',
      `tokens/${tip}`,
    ];

    for (const path of paths) {
      for (const format of ['json', 'xml']) {
        const [resource, query] = path.split('?');
        const res = await app.request(`/open311/v2/${resource}.${format}${query ? `?${query}` : ''}`);
        const text = await res.text();
        if (format === 'xml') wellFormed(text);
        expect(text, `${path}.${format}`).not.toContain(tip);
        expect(text, `${path}.${format}`).not.toMatch(/"tip"|>tip<|举报|偷砍|李四/);
      }
    }
  });
});

describe('what is not there', () => {
  it.each([
    ['/open311/v2/services/tip.json', 'no service tip'],
    ['/open311/v2/tokens/abc.xml', 'no such token: requests are created at once and POST answers with their service_request_id'],
    ['/open311/v2/services', 'no such resource: services (add .json or .xml)'],
    ['/open311/v3/services.xml', 'no route GET /open311/v3/services.xml'],
  ])('answers 404 in the spec’s shape: %s', async (path, description) => {
    const answer = await notFound(path);

    expect(answer).toEqual({ status: 404, errors: [{ code: 404, description }] });
  });
});
