/**
 * Open311 GeoReport v2 under `/open311/v2/`: discovery, services, service definitions, requests
 * (list with the spec's filters, one by id, and POST with an integrating system's API key), each as
 * `.json` or `.xml`. Errors in the spec's shape, `[{code, description}]`, in the format asked for.
 *
 * Reads go by key or index only: a list is at most 90 days of the byMonth index (one Query per
 * month, newest first, stopping at 1,000 requests or `READ_BUDGET` index items), never a Scan and
 * never a read of each case; a single request (or a `service_request_id` list) reads its cases.
 * POST goes through the portal's own submitCase, so routing and SMS are the portal's.
 */
import { requireOrigin } from '../../edge/origin.ts';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import { ConflictError, FieldError } from '../../domain/errors.ts';
import { IdempotencyKeySchema, SubmissionSchema, TIMELINE_PAGE, withReceived, type CaseRecord } from '../../domain/case.ts';
import { monthIn } from '../../domain/time.ts';
import type { County } from '../../domain/county.ts';
import {
  clientForKey,
  isOpen311Service,
  isRequestId,
  matchesFilters,
  MAX_REQUESTS,
  OPEN311_FIELD,
  open311ServiceDefinition,
  open311Services,
  requestFacts,
  requestRange,
  RequestsQuerySchema,
  serviceNotice,
  submissionInput,
  toOpen311Request,
  type Open311Post,
  type Open311Request,
  type RequestsQuery,
} from '../../domain/open311.ts';
import type { LimitStore } from '../../domain/ports.ts';
import { Limiter } from '../../edge/limiter.ts';
import { submitCase, type CaseServiceDeps } from '../../domain/service.ts';
import { isFormPost } from '../media.ts';
import { recentMonths } from '../../domain/stats.ts';
import { toXml } from './xml.ts';

export interface Open311Deps extends Pick<CaseServiceDeps, 'cases' | 'county' | 'clock' | 'secret'> {
  /** Window counters for the per-key limit, counted by the intake's Limiter. */
  readonly limits: LimitStore;
  readonly logger: Pick<Logger, 'error' | 'warn' | 'info'>;
  /** What CloudFront sends in `X-Origin-Verify`; requests without it get a 403. @default - no check (local) */
  readonly originSecret?: string | undefined;
}

type Format = 'json' | 'xml';
type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 429 | 500;

/** An answer in the spec's error shape. */
export class Open311Error extends Error {
  override readonly name = 'Open311Error';
  readonly status: ErrorStatus;
  readonly descriptions: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: ErrorStatus, descriptions: readonly string[], headers: Record<string, string> = {}) {
    super(descriptions.join('; '));
    this.status = status;
    this.descriptions = descriptions;
    this.headers = headers;
  }
}

/** The spec's date of this endpoint's last change (discovery `changeset`). */
export const CHANGESET = '2026-12-01T00:00:00Z';
/** Index items one list may read: 1,000 answers plus filtered-out tips and other services. */
export const READ_BUDGET = 4000;
const PAGE = 500;
const BODY_LIMIT_BYTES = 16 * 1024;
const HOUR_SECONDS = 3600;

/** `requests.json` → `{name: 'requests', format: 'json'}` when the name is one of `names`. */
function fileOf(file: string, names: RegExp): { name: string; format: Format } {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match || !names.test(match[1]!)) throw new Open311Error(404, [`no such resource: ${file} (add .json or .xml)`]);
  return { name: match[1]!, format: match[2] as Format };
}

/** The format an error answers in: the one the path asked for, JSON otherwise. */
function formatOf(c: Context): Format {
  return c.req.path.endsWith('.xml') ? 'xml' : 'json';
}

function answer(c: Context, format: Format, root: string, value: unknown, status: 200 | 201 | ErrorStatus = 200, headers: Record<string, string> = {}): Response {
  return format === 'xml'
    ? c.body(toXml(root, value), status, { 'Content-Type': 'text/xml; charset=utf-8', ...headers })
    : c.body(JSON.stringify(value), status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

function errorAnswer(c: Context, error: Open311Error): Response {
  return answer(c, formatOf(c), 'errors', error.descriptions.map((description) => ({ code: error.status, description })), error.status, {
    'Cache-Control': 'no-store',
    ...error.headers,
  });
}

function checkJurisdiction(county: County, jurisdiction: string | undefined): void {
  if (jurisdiction && jurisdiction.trim() !== county.code) {
    throw new Open311Error(400, [`jurisdiction_id must be ${county.code} (or left out): this endpoint serves one county`]);
  }
}

/** Months (YYYY-MM, the byMonth index's keys) from `from` to `to` in the county's time zone, newest first. */
function monthsBetween(timezone: string, from: Date, to: Date): string[] {
  const first = monthIn(timezone, from);
  const last = monthIn(timezone, to);
  const [fy, fm] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  return recentMonths(last, (ly - fy) * 12 + (lm - fm) + 1);
}

/** A case as a request with its status notes, from the newest public timeline entries (one bounded read). */
async function withNotes(deps: Open311Deps, county: County, record: CaseRecord): Promise<Open311Request | undefined> {
  // A tip stops here, before its timeline is read: it costs what an unknown id costs, and shows nothing.
  if (!isOpen311Service(record.kind)) return undefined;
  const page = await deps.cases.timeline(record.caseNumber, { limit: TIMELINE_PAGE.public, publicOnly: true });
  return toOpen311Request(county, requestFacts(record), withReceived(record, page));
}

async function listRequests(deps: Open311Deps, county: County, query: RequestsQuery): Promise<Open311Request[]> {
  // The spec: a service_request_id list overrides every other filter.
  if (query.service_request_id) {
    const records = await Promise.all(query.service_request_id.filter(isRequestId).map((id) => deps.cases.get(id)));
    const requests = await Promise.all(records.map((record) => record && withNotes(deps, county, record)));
    return requests.flatMap((request) => (request ? [request] : []));
  }
  const range = requestRange(query, deps.clock.now());
  if ('error' in range) throw new Open311Error(400, [range.error]);
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const found: Open311Request[] = [];
  let read = 0;
  for (const month of monthsBetween(county.timezone, range.from, range.to)) {
    let cursor: string | undefined;
    do {
      const page = await deps.cases.pageInMonth(month, { limit: PAGE, from, to, ...(cursor && { cursor }) });
      read += page.items.length;
      for (const item of page.items) {
        const request = toOpen311Request(county, item);
        if (request && matchesFilters(request, query)) found.push(request);
        if (found.length === MAX_REQUESTS) return found;
      }
      cursor = page.cursor;
    } while (cursor && read < READ_BUDGET);
    if (read >= READ_BUDGET) break;
  }
  return found;
}

/** The POST form: Open311's field names, `attribute[code]` for attributes. */
function readPost(body: Record<string, unknown>): Open311Post & { api_key?: string; jurisdiction_id?: string } {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const match = /^attribute\[(.+)\]$/.exec(name);
    if (match && typeof value === 'string') attributes[match[1]!] = value.trim();
  }
  return {
    api_key: text('api_key'),
    jurisdiction_id: text('jurisdiction_id'),
    service_code: text('service_code'),
    address_id: text('address_id'),
    address_string: text('address_string'),
    lat: text('lat'),
    long: text('long'),
    description: text('description'),
    first_name: text('first_name'),
    last_name: text('last_name'),
    phone: text('phone'),
    attributes,
  };
}

/** The posted form; one the parser cannot read (multipart without its boundary, say) is a 400, never a 5xx. */
async function readOpen311Form(c: Context): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody()) as Record<string, unknown>;
  } catch {
    throw new Open311Error(400, ['the body is not a readable form: multipart/form-data needs its boundary; or send application/x-www-form-urlencoded']);
  }
}

export function open311Routes(deps: Open311Deps): Hono {
  return new Hono()
    .get('/:file', async (c) => {
      const { name, format } = fileOf(c.req.param('file'), /^(discovery|services|requests)$/);
      const { county } = await deps.county.get();
      checkJurisdiction(county, c.req.query('jurisdiction_id'));
      if (name === 'discovery') {
        const origin = county.site?.domainName ? `https://${county.site.domainName}` : new URL(c.req.url).origin;
        return answer(c, format, 'discovery', {
          changeset: CHANGESET,
          contact: county.locale === 'zh-CN' ? `${county.name} ${county.bureau.name}` : `${county.bureau.name}, ${county.name}`,
          key_service: county.locale === 'zh-CN' ? 'API 密钥由县局为每个对接系统签发' : 'The county bureau issues one API key per integrating system',
          endpoints: [
            { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${origin}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] },
          ],
        });
      }
      if (name === 'services') return answer(c, format, 'services', open311Services(county.locale));
      const parsed = RequestsQuerySchema.safeParse(c.req.query());
      if (!parsed.success) throw new Open311Error(400, parsed.error.issues.map((issue) => issue.message));
      return answer(c, format, 'service_requests', await listRequests(deps, county, parsed.data));
    })
    .get('/services/:file', async (c) => {
      const { name, format } = fileOf(c.req.param('file'), /^[a-z_]+$/);
      const { county } = await deps.county.get();
      checkJurisdiction(county, c.req.query('jurisdiction_id'));
      if (!isOpen311Service(name)) throw new Open311Error(404, [`no service ${name}`]);
      return answer(c, format, 'service_definition', open311ServiceDefinition(county.locale, name));
    })
    .get('/requests/:file', async (c) => {
      const { name, format } = fileOf(c.req.param('file'), /^[A-Za-z0-9-]+$/);
      const { county } = await deps.county.get();
      checkJurisdiction(county, c.req.query('jurisdiction_id'));
      const record = isRequestId(name) ? await deps.cases.get(name) : undefined;
      // A tip answers exactly like a request that does not exist.
      const request = record && (await withNotes(deps, county, record));
      if (!request) throw new Open311Error(404, ['no service request with this id']);
      return answer(c, format, 'service_requests', [request]);
    })
    .get('/tokens/:file', (c) => {
      fileOf(c.req.param('file'), /^.+$/);
      // Requests are created at once: POST answers with the service_request_id, so no token is ever issued.
      throw new Open311Error(404, ['no such token: requests are created at once and POST answers with their service_request_id']);
    })
    .post(
      '/:file',
      bodyLimit({ maxSize: BODY_LIMIT_BYTES, onError: () => { throw new Open311Error(413, [`the request body may be at most ${BODY_LIMIT_BYTES} bytes`]); } }),
      async (c) => {
        const { format } = fileOf(c.req.param('file'), /^requests$/);
        if (!isFormPost(c)) throw new Open311Error(415, ['send the fields form-encoded (application/x-www-form-urlencoded)']);
        const post = readPost(await readOpen311Form(c));
        const { county } = await deps.county.get();
        const client = clientForKey(county.open311.clients, post.api_key);
        if (!client) throw new Open311Error(403, [post.api_key ? 'api_key is not valid' : 'api_key is required: the county bureau issues one per integrating system']);
        checkJurisdiction(county, post.jurisdiction_id);

        // Every POST with a valid key counts, accepted or not: a flood with bad fields is still a flood.
        const { exceeded } = await new Limiter(deps.limits, deps.clock).hit('open311', client.id, [{ seconds: HOUR_SECONDS, max: client.requestsPerHour }]);
        if (exceeded) {
          const retryAfter = exceeded.retryAfterSeconds;
          throw new Open311Error(429, [`${client.name} may file ${client.requestsPerHour} requests an hour; try again in ${retryAfter} seconds`], { 'Retry-After': String(retryAfter) });
        }

        const mapped = submissionInput(county.locale, post);
        if ('problems' in mapped) throw new Open311Error(400, mapped.problems.map((p) => p.message));
        const parsed = SubmissionSchema.safeParse(mapped.input);
        const rawKey = c.req.header('Idempotency-Key');
        const key = rawKey === undefined ? undefined : IdempotencyKeySchema.safeParse(rawKey);
        const problems = [
          ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${OPEN311_FIELD[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`)),
          ...(key && !key.success ? [`Idempotency-Key: ${key.error.issues[0]?.message ?? 'is invalid'}`] : []),
        ];
        if (!parsed.success || problems.length > 0) throw new Open311Error(400, problems);

        // The portal's own intake: same case number, routing, SMS and idempotency. A key is the client's own.
        const receipt = await submitCase(deps, parsed.data, key?.success ? `open311:${client.id}:${key.data}` : undefined);
        deps.logger.info('open311 request filed', { client: client.id, caseNumber: receipt.caseNumber });
        return answer(
          c,
          format,
          'service_requests',
          [{ service_request_id: receipt.caseNumber, service_notice: serviceNotice(county.locale, parsed.data.kind, parsed.data.urgent) }],
          201,
          { 'Cache-Control': 'no-store' },
        );
      },
    );
}

/** The Open311 app: its routes under `/open311/v2` and the one error mapping. */
export function createOpen311App(deps: Open311Deps): Hono {
  const app = new Hono();
  app.use('*', requireOrigin(deps.originSecret));
  app.route('/open311/v2', open311Routes(deps));
  app.notFound((c) => errorAnswer(c, new Open311Error(404, [`no route ${c.req.method} ${c.req.path}`])));
  app.onError((error, c) => {
    if (error instanceof Open311Error) return errorAnswer(c, error);
    if (error instanceof FieldError) return errorAnswer(c, new Open311Error(400, [`${OPEN311_FIELD[error.field] ?? error.field}: ${error.message}`]));
    if (error instanceof ConflictError) return errorAnswer(c, new Open311Error(409, [error.message]));
    deps.logger.error('unhandled error', { error, path: c.req.path, method: c.req.method });
    return errorAnswer(c, new Open311Error(500, ['something went wrong on our side; try again in a moment']));
  });
  return app;
}
