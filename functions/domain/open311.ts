/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): how Cunjing's cases look to a
 * county's other systems. Pure TypeScript: services, the request mapping, the filters of
 * `GET requests`, the fields of `POST requests`, and the API keys of integrating systems.
 *
 * Tips never leave: `tip` is no service, a tip is never listed or shown, and none can be created
 * here. No request carries a name, a phone number, an internal note, a tracking code or any free
 * text a resident or officer wrote (a description or a reply can name people); `status_notes` come
 * from public, generated timeline entries only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { CASE_KINDS, type CaseKind, type CaseRecord, type CaseStatus, type TimelineEntry } from './case.ts';
import { isCaseNumber } from './case-number.ts';
import type { County, Locale } from './county.ts';
import { kindLabel } from './sms.ts';
import type { CaseSummary } from './stats.ts';
import { timelineText } from './timeline-text.ts';

/** Every kind but `tip` is a service; a tip is confidential and stays inside. */
export const OPEN311_SERVICES = CASE_KINDS.filter((kind): kind is Exclude<CaseKind, 'tip'> => kind !== 'tip');
export type Open311ServiceCode = (typeof OPEN311_SERVICES)[number];

export function isOpen311Service(code: string): code is Open311ServiceCode {
  return (OPEN311_SERVICES as readonly string[]).includes(code);
}

/** The spec's defaults for `GET requests`: the last 90 days, at most 1,000 requests. */
export const DEFAULT_RANGE_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** At most this many ids in one `service_request_id` filter (each is one read). */
export const MAX_REQUEST_IDS = 50;

export interface Open311Service {
  readonly service_code: Open311ServiceCode;
  readonly service_name: string;
  readonly description: string;
  readonly metadata: boolean;
  readonly type: 'realtime';
  readonly keywords: string;
  readonly group: string;
}

const SERVICE_TEXT: Record<Locale, Record<Open311ServiceCode, { description: string; keywords: string }>> = {
  'zh-CN': {
    dispute: { description: '邻里、家庭、土地等矛盾纠纷，由驻村民警和警务助理调解', keywords: '纠纷,调解' },
    hazard: { description: '交通、消防、治安等安全隐患', keywords: '隐患,交通,消防' },
    service: { description: '户籍、证明等办事和咨询', keywords: '户籍,证明,咨询' },
    help: { description: '求助；紧急求助同时通知村联防队员', keywords: '求助,紧急' },
  },
  en: {
    dispute: { description: 'Disputes between neighbours, in families, over land: mediated by the village officer and the police assistant', keywords: 'dispute,mediation' },
    hazard: { description: 'Traffic, fire and safety hazards', keywords: 'hazard,traffic,fire' },
    service: { description: 'Household registration, certificates and questions', keywords: 'registration,certificate,question' },
    help: { description: 'Help; urgent help also calls the village joint-defence group', keywords: 'help,urgent' },
  },
};

export function open311Services(locale: Locale): Open311Service[] {
  return OPEN311_SERVICES.map((code) => ({
    service_code: code,
    service_name: kindLabel(locale, code),
    description: SERVICE_TEXT[locale][code].description,
    // Only help has an attribute (urgent); the others are described completely here.
    metadata: code === 'help',
    type: 'realtime',
    keywords: SERVICE_TEXT[locale][code].keywords,
    group: locale === 'zh-CN' ? '村警' : 'village police',
  }));
}

export interface Open311Attribute {
  readonly variable: boolean;
  readonly code: string;
  readonly datatype: 'singlevaluelist';
  readonly required: boolean;
  readonly datatype_description: string;
  readonly order: number;
  readonly description: string;
  readonly values: readonly { readonly key: string; readonly name: string }[];
}

export interface Open311ServiceDefinition {
  readonly service_code: Open311ServiceCode;
  readonly attributes: readonly Open311Attribute[];
}

export function open311ServiceDefinition(locale: Locale, code: Open311ServiceCode): Open311ServiceDefinition {
  const zh = locale === 'zh-CN';
  return {
    service_code: code,
    attributes:
      code === 'help'
        ? [
            {
              variable: true,
              code: 'urgent',
              datatype: 'singlevaluelist',
              required: false,
              datatype_description: zh ? 'true 或 false' : 'true or false',
              order: 1,
              description: zh ? '紧急求助：同时短信通知村联防队员' : 'Urgent help: the village joint-defence group hears by SMS at once too',
              values: [
                { key: 'true', name: zh ? '紧急' : 'urgent' },
                { key: 'false', name: zh ? '不紧急' : 'not urgent' },
              ],
            },
          ]
        : [],
  };
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export interface Open311Request {
  readonly service_request_id: string;
  readonly status: 'open' | 'closed';
  readonly status_notes?: string;
  readonly service_name: string;
  readonly service_code: Open311ServiceCode;
  readonly agency_responsible?: string;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime?: string;
  readonly address: string;
  readonly address_id: string;
  readonly lat?: number;
  readonly long?: number;
}

export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return status === 'resolved' ? 'closed' : 'open';
}

/** What an Open311 request is made of: the fields the byMonth index carries of every case. */
export type RequestFacts = Pick<CaseSummary, 'caseNumber' | 'kind' | 'status' | 'villageId' | 'stationId' | 'createdAt' | 'ackAt' | 'resolvedAt' | 'slaDueAt'> &
  /** Read with the case only (the index does not carry it): lists go without lat/long. */
  Partial<Pick<CaseRecord, 'position'>>;

/**
 * A resident's position, published to about 100 m (three decimals): enough to find the place in the
 * village, not to point at the house the report was sent from.
 */
const publicDegrees = (n: number) => Math.round(n * 1e3) / 1e3;

/**
 * `updated_datetime`: the last change of state (received, acknowledged, resolved) — for a closed
 * request the time it was closed, as the spec asks. Lists come from the index alone, which carries
 * these times and no others, so one rule serves lists and single requests alike.
 */
function lastChange(c: RequestFacts): string {
  return [c.createdAt, c.ackAt, c.resolvedAt].filter((t): t is string => t !== undefined).sort().at(-1)!;
}

/** An instant as the county's wall clock with its offset, e.g. `2026-11-22T10:00:00+08:00`. */
export function zonedDateTime(timezone: string, iso: string): string {
  const at = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const wall = Date.UTC(Number(part('year')), Number(part('month')) - 1, Number(part('day')), Number(part('hour')), Number(part('minute')), Number(part('second')));
  const offsetMinutes = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}

/** Timeline entries that may become `status_notes`: public, generated (no free text), not about the resident's own acts. */
const NOTE_TYPES: ReadonlySet<TimelineEntry['type']> = new Set(['received', 'notified', 'escalated', 'acknowledged', 'status', 'transferred', 'assigned']);

/** The latest public, generated timeline entry, worded in the county's language. */
export function statusNotes(locale: Locale, timeline: readonly TimelineEntry[]): string | undefined {
  const entry = timeline.findLast((e) => e.visibility === 'public' && e.text === undefined && NOTE_TYPES.has(e.type));
  return entry && timelineText(locale, entry);
}

/**
 * A case as an Open311 request, or undefined for a tip (which is never shown). `timeline` (read
 * with the case) adds `status_notes`; lists read the index only and go without.
 */
export function toOpen311Request(county: Pick<County, 'locale' | 'timezone' | 'stations'>, c: RequestFacts, timeline?: readonly TimelineEntry[]): Open311Request | undefined {
  if (!isOpen311Service(c.kind)) return undefined;
  const station = county.stations.find((s) => s.id === c.stationId);
  const village = station?.offices.flatMap((o) => o.villages).find((v) => v.id === c.villageId);
  const notes = timeline && statusNotes(county.locale, timeline);
  const zoned = (iso: string) => zonedDateTime(county.timezone, iso);
  return {
    service_request_id: c.caseNumber,
    status: open311Status(c.status),
    ...(notes && { status_notes: notes }),
    service_name: kindLabel(county.locale, c.kind),
    service_code: c.kind,
    ...(station && { agency_responsible: station.name }),
    requested_datetime: zoned(c.createdAt),
    updated_datetime: zoned(lastChange(c)),
    // The acknowledgement the SLA asks for, while it is still to come.
    ...(c.status === 'received' && c.slaDueAt && { expected_datetime: zoned(c.slaDueAt) }),
    address: village && station ? (county.locale === 'zh-CN' ? `${station.township}${village.name}` : `${village.name}, ${station.township}`) : c.villageId,
    address_id: c.villageId,
    ...(c.position && { lat: publicDegrees(c.position.lat), long: publicDegrees(c.position.lng) }),
  };
}

/** The facts of a full case record (a single request is read with its case). */
export function requestFacts(record: CaseRecord): RequestFacts {
  const { caseNumber, kind, status, villageId, stationId, createdAt, ackAt, resolvedAt, slaDueAt, position } = record;
  return { caseNumber, kind, status, villageId, stationId, createdAt, slaDueAt, ...(ackAt && { ackAt }), ...(resolvedAt && { resolvedAt }), ...(position && { position }) };
}

// ── GET requests: filters ───────────────────────────────────────────────────────────────────────

/** A W3C date-time with its zone (`2026-11-01T00:00:00+08:00` or `…Z`), as the spec writes them. */
const dateTime = (field: string) =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)), `${field} must be a date and time such as 2026-11-01T00:00:00+08:00`),
    ),
    z.transform((s) => new Date(s)),
  );

/** A comma-separated list, trimmed, without empty entries. */
const list = () =>
  z.pipe(
    z.string().check(z.trim()),
    z.transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean)),
  );

export const RequestsQuerySchema = z.object({
  jurisdiction_id: z.optional(z.string().check(z.trim())),
  service_request_id: z.optional(list().check(z.refine((ids) => ids.length >= 1 && ids.length <= MAX_REQUEST_IDS, `service_request_id takes 1 to ${MAX_REQUEST_IDS} ids, separated by commas`))),
  service_code: z.optional(list()),
  start_date: z.optional(dateTime('start_date')),
  end_date: z.optional(dateTime('end_date')),
  status: z.optional(list().check(z.refine((l) => l.every((s) => s === 'open' || s === 'closed'), 'status must be open, closed or both separated by a comma'))),
});
export type RequestsQuery = z.output<typeof RequestsQuerySchema>;

/** The time range a `GET requests` covers: the spec's 90 days by default, and never more. */
export function requestRange(query: Pick<RequestsQuery, 'start_date' | 'end_date'>, now: Date): { from: Date; to: Date } | { error: string } {
  const days = DEFAULT_RANGE_DAYS * 86_400_000;
  const to = query.end_date ?? (query.start_date ? new Date(Math.min(query.start_date.getTime() + days, now.getTime())) : now);
  const from = query.start_date ?? new Date(to.getTime() - days);
  if (from > to) return { error: 'start_date must be before end_date' };
  if (to.getTime() - from.getTime() > days) return { error: `start_date and end_date may be at most ${DEFAULT_RANGE_DAYS} days apart` };
  return { from, to };
}

/** Whether a request passes the service_code and status filters. */
export function matchesFilters(request: Pick<Open311Request, 'service_code' | 'status'>, query: Pick<RequestsQuery, 'service_code' | 'status'>): boolean {
  return (!query.service_code || query.service_code.includes(request.service_code)) && (!query.status || query.status.includes(request.status));
}

/** A case number as the spec's request id; anything else is as unknown as a case that does not exist. */
export function isRequestId(id: string): boolean {
  return isCaseNumber(id);
}

// ── POST requests ───────────────────────────────────────────────────────────────────────────────

/**
 * The form fields of `POST requests` the portal's submission takes; `address_id` (the village) is
 * required because routing needs it. `email`, `device_id`, `account_id` and `media_url` are
 * accepted and not kept.
 */
export interface Open311Post {
  readonly service_code?: string;
  readonly address_id?: string;
  readonly address_string?: string;
  readonly lat?: string;
  readonly long?: string;
  readonly description?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly phone?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface PostProblem {
  readonly field: string;
  readonly message: string;
}

/** The portal's submission fields, named as Open311 names them (for error descriptions). */
export const OPEN311_FIELD: Readonly<Record<string, string>> = {
  kind: 'service_code',
  villageId: 'address_id',
  location: 'address_string',
  latitude: 'lat',
  longitude: 'long',
  description: 'description',
  name: 'first_name',
  phone: 'phone',
  urgent: 'attribute[urgent]',
};

/**
 * Turns Open311 fields into the portal's submission input (SubmissionSchema then validates it as it
 * validates every report). A tip, an unknown service or a bad attribute is refused here.
 */
export function submissionInput(locale: Locale, post: Open311Post): { input: Record<string, unknown> } | { problems: PostProblem[] } {
  const problems: PostProblem[] = [];
  const code = post.service_code?.trim();
  if (!code) problems.push({ field: 'service_code', message: 'service_code is required' });
  else if (!isOpen311Service(code)) problems.push({ field: 'service_code', message: `service_code must be one of ${OPEN311_SERVICES.join(', ')}` });
  if (!post.address_id?.trim()) problems.push({ field: 'address_id', message: 'address_id (the village id, as in GET /api/v1/villages) is required' });
  const lat = post.lat === undefined || post.lat === '' ? undefined : Number(post.lat);
  const long = post.long === undefined || post.long === '' ? undefined : Number(post.long);
  if (lat !== undefined && !(Number.isFinite(lat) && Math.abs(lat) <= 90)) problems.push({ field: 'lat', message: 'lat must be a number from -90 to 90' });
  if (long !== undefined && !(Number.isFinite(long) && Math.abs(long) <= 180)) problems.push({ field: 'long', message: 'long must be a number from -180 to 180' });
  if ((lat === undefined) !== (long === undefined)) problems.push({ field: lat === undefined ? 'lat' : 'long', message: 'lat and long go together' });
  const allowed = code === 'help' ? ['urgent'] : [];
  for (const [name, value] of Object.entries(post.attributes)) {
    if (!allowed.includes(name)) problems.push({ field: `attribute[${name}]`, message: `attribute[${name}] is not an attribute of service ${code ?? ''}`.trim() });
    else if (!['true', 'false'].includes(value)) problems.push({ field: `attribute[${name}]`, message: `attribute[${name}] must be true or false` });
  }
  if (problems.length > 0) return { problems };

  const first = post.first_name?.trim() ?? '';
  const last = post.last_name?.trim() ?? '';
  const name = locale === 'zh-CN' ? `${last}${first}` : [first, last].filter(Boolean).join(' ');
  const location = post.address_string?.trim();
  return {
    input: {
      kind: code,
      villageId: post.address_id!.trim(),
      description: post.description,
      ...(location && { location }),
      // The portal's position (the form's "use my position"), which the officer sees with a map link.
      ...(lat !== undefined && long !== undefined && { latitude: lat, longitude: long }),
      ...(name && { name }),
      ...(post.phone && { phone: post.phone }),
      ...(post.attributes.urgent && { urgent: post.attributes.urgent }),
    },
  };
}

/** What happens next, as the portal's routing does it (tip excepted: it never comes this way). */
export function serviceNotice(locale: Locale, kind: CaseKind, urgent: boolean): string {
  if (locale === 'zh-CN') return urgent ? '已短信通知驻村民警、警务助理和村联防队员' : '已短信通知驻村民警和警务助理';
  return urgent
    ? 'The village officer, the police assistant and the joint-defence group are told by SMS'
    : `The village officer and the police assistant are told of this ${kindLabel(locale, kind)} by SMS`;
}

// ── API keys ────────────────────────────────────────────────────────────────────────────────────

/** An integrating system's key: shown once when issued; only its hash is kept (in the county file). */
export function newApiKey(): string {
  return `o311_${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key.trim()).digest('base64url');
}

export interface Open311Client {
  readonly id: string;
  readonly name: string;
  readonly keyHash: string;
  readonly requestsPerHour: number;
}

/** The integrating system a key belongs to, or undefined for a missing or unknown key. */
export function clientForKey(clients: readonly Open311Client[], key: string | undefined): Open311Client | undefined {
  if (!key) return undefined;
  const hash = Buffer.from(hashApiKey(key));
  return clients.find((client) => {
    const stored = Buffer.from(client.keyHash);
    return stored.length === hash.length && timingSafeEqual(stored, hash);
  });
}
