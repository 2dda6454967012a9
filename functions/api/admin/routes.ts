/**
 * `/api/v1/admin/*` behind a session: cases in the signed-in person's area (list, detail, actions,
 * CSV), reply templates, the roster (view, CSV export and all-or-nothing import with preview),
 * alerts, the monthly assessment, and the audit log. A case outside one's area answers 404, exactly
 * like a case that does not exist.
 */
import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { AlertSchema } from '../../domain/alerts.ts';
import { endVacatedDevices, type Principal } from '../../domain/auth.ts';
import { can, FORBIDDEN } from '../../domain/permissions.ts';
import { CASE_KINDS, CASE_STATUSES, IdempotencyKeySchema, isOverdue, TIMELINE_PAGE, withReceived, type CaseRecord } from '../../domain/case.ts';
import { FieldError, NotFoundError } from '../../domain/errors.ts';
import { isCaseNumber } from '../../domain/case-number.ts';
import { monthIn, startOfDayIn } from '../../domain/time.ts';
import { applyAction, choicesFor, OfficerActionSchema } from '../../domain/officer.ts';
import { FilingSchema, fileForResident } from '../../domain/filing.ts';
import { csvCell } from '../../domain/csv.ts';
import { AREA_PREFIX } from '../../domain/counters.ts';
import { assessOfficers, type CaseSummary } from '../../domain/stats.ts';
import * as z from 'zod/mini';
import type { County } from '../../domain/county.ts';
import { fieldProblems, problem, problems } from '../problem.ts';
import { allow, audit, clientIp, requireSession, sessionRoutes, type AdminDeps, type AdminEnv } from './session.ts';
import { lazyApp } from '../lazy.ts';
import type { Alert, Assessment, AuditEntry, CaseDetail, CaseList, RosterImport, RosterView } from './views.ts';

const invalid = (r: { success: boolean; error?: unknown }, c: Context) => {
  if (!r.success) return problem(c, problems.validation(fieldProblems(r.error as Parameters<typeof fieldProblems>[0])));
};

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-11'));
const limit = (max: number, fallback: number) => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), fallback);

const CaseFilterFields = z.object({
  month: z.optional(Month),
  status: z.optional(z.enum(CASE_STATUSES)),
  kind: z.optional(z.enum(CASE_KINDS)),
  villageId: z.optional(z.string().check(z.maxLength(40))),
  overdue: z.optional(z.enum(['true', 'false'])),
  from: z.optional(z.iso.date({ message: 'must be a date such as 2026-11-01' })),
  to: z.optional(z.iso.date({ message: 'must be a date such as 2026-11-30' })),
  cursor: z.optional(z.string().check(z.maxLength(2000), z.refine((c) => readCursor(c) !== undefined, 'is not a cursor from an earlier page'))),
  limit: limit(200, 50),
});
const datesInOrder = (f: { from?: string; to?: string }) => !(f.from && f.to && f.from > f.to);
const reversed = { path: ['from'], message: 'must not be after to' };
const CaseFilters = CaseFilterFields.check(z.refine(datesInOrder, reversed));

/**
 * The index key a cursor carries, if it is one of ours: month and createdAt of the last row shown
 * (a month's list), or the escalation time (the overdue list of every month).
 */
function readCursor(cursor: string): { month: string; createdAt: string } | { escalateAt: string } | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
    const values = Object.values(key);
    if (values.length > 4 || !values.every((v) => typeof v === 'string' && v.length <= 200)) return undefined;
    const { month, createdAt, dueQueue, escalateAt } = key as Record<string, string>;
    if (dueQueue && escalateAt) return { escalateAt };
    return month && createdAt ? { month, createdAt } : undefined;
  } catch {
    return undefined;
  }
}

const CaseNumberParam = z.object({ caseNumber: z.string().check(z.refine(isCaseNumber, 'must be a case number such as DEMO-2026-000001')) });
type CaseFilters = z.infer<typeof CaseFilters>;

function matches(f: CaseFilters, c: CaseSummary, now: string): boolean {
  return (
    (!f.status || c.status === f.status) &&
    (!f.kind || c.kind === f.kind) &&
    (!f.villageId || c.villageId === f.villageId) &&
    (f.overdue === undefined || (f.overdue === 'true') === isOverdue(c, now))
  );
}

export function adminRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.route('/', sessionRoutes(deps));
  // ── Devices signed in to the officer inbox: a page rarely opened, whose routes load on first use
  // and check the session themselves (functions/api/admin/devices.ts `devicesApp`).
  const devices = lazyApp<AdminEnv>(async () => (await import('./devices.ts')).devicesApp(deps));
  app.all('/devices', devices);
  app.all('/devices/*', devices);
  app.use('*', requireSession(deps));

  const currentMonth = async () => monthIn((await deps.county.get()).county.timezone, deps.clock.now());

  /**
   * A page of cases in the person's area matching the filters, read page by page from the byMonth
   * index; overdue cases without a month or dates, from the queue of unacknowledged cases of every month.
   */
  async function listCases(p: Principal, f: CaseFilters): Promise<{ items: (CaseSummary & { overdue: boolean })[]; cursor?: string }> {
    const start = f.cursor ? readCursor(f.cursor) : undefined;
    const everyMonth = f.overdue === 'true' && !f.month && !f.from && !f.to;
    if (start && ('escalateAt' in start) !== everyMonth) throw new FieldError('cursor', 'belongs to another list; start again without it');
    const now = deps.clock.now().toISOString();
    /** Reads until the page is full or the list is done; each read is one bounded Query of no more rows than the page still needs, so the cursor never skips a row that was not shown. */
    const pages = async (read: (limit: number, cursor?: string) => Promise<{ items: CaseSummary[]; cursor?: string }>) => {
      const items: (CaseSummary & { overdue: boolean })[] = [];
      let cursor = f.cursor;
      for (let reads = 0; reads < 20 && items.length < f.limit; reads += 1) {
        const page = await read(f.limit - items.length, cursor);
        items.push(...page.items.filter((c) => can(p, 'view', c) && matches(f, c, now)).map((c) => ({ ...c, overdue: isOverdue(c, now) })));
        cursor = page.cursor;
        if (!cursor) break;
      }
      return { items, ...(cursor && { cursor }) };
    };
    if (everyMonth) return pages((limit, cursor) => deps.cases.pageUnacknowledged({ limit, ...(cursor && { cursor }) }));
    const month = f.month ?? (await currentMonth());
    const { timezone } = (await deps.county.get()).county;
    const from = f.from ? startOfDayIn(timezone, f.from).toISOString() : undefined;
    const to = f.to ? new Date(startOfDayIn(timezone, f.to).getTime() + 86_400_000 - 1).toISOString() : undefined;
    if (start && 'month' in start && (start.month !== month || (from && start.createdAt < from) || (to && start.createdAt > to))) {
      // DynamoDB refuses a start key outside the query: say so rather than fail.
      throw new FieldError('cursor', 'belongs to another month or date range; start again without it');
    }
    return pages((limit, cursor) => deps.cases.pageInMonth(month, { limit, ...(cursor && { cursor }), ...(from && { from }), ...(to && { to }) }));
  }

  /** The case if it is in the person's area; otherwise the same 404 as an unknown case. */
  async function caseFor(p: Principal, caseNumber: string): Promise<CaseRecord> {
    const record = await deps.cases.get(caseNumber);
    if (!record || !can(p, 'view', record)) throw new NotFoundError('no such case in your area');
    return record;
  }

  app.get('/cases', zValidator('query', CaseFilters, invalid), async (c) => c.json((await listCases(c.get('principal'), c.req.valid('query'))) satisfies CaseList, 200, { 'Cache-Control': 'no-store' }));

  app.get('/cases.csv', zValidator('query', z.omit(CaseFilterFields, { cursor: true, limit: true }).check(z.refine(datesInOrder, reversed)), invalid), async (c) => {
    const p = c.get('principal');
    const f = { ...c.req.valid('query'), limit: 200 };
    const rows: CaseSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(p, { ...f, ...(cursor && { cursor }) });
      rows.push(...page.items);
      cursor = page.cursor;
    } while (cursor && rows.length < 10_000);
    // Reporter phones are never exported for tips; the list view carries none at all.
    const header = ['caseNumber', 'createdAt', 'kind', 'status', 'urgent', 'villageId', 'officerId', 'level', 'ackAt', 'resolvedAt', 'escalations', 'ratingScore'] as const;
    const body = [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\n');
    await audit(deps, c, 'cases.export', { detail: `${rows.length} rows` });
    return c.body(`\uFEFF${body}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="cases.csv"', 'Cache-Control': 'no-store' });
  });

  app.get('/cases/:caseNumber', zValidator('param', CaseNumberParam, invalid), async (c) => {
    const p = c.get('principal');
    const record = await caseFor(p, c.req.param('caseNumber'));
    const [page, notifications, { villages }] = await Promise.all([deps.cases.timeline(record.caseNumber, { limit: TIMELINE_PAGE.staff }), deps.cases.notifications(record.caseNumber, TIMELINE_PAGE.staff), deps.county.get()]);
    const actor = { role: p.role, name: p.name };
    // Where this person may send the case (functions/domain/officer.ts decides; the action checks again).
    const { reportLevels, assignTo } = choicesFor(villages, record, actor);
    const choices = { reportLevels, assignTo: assignTo.map((v) => ({ id: v.village.id, name: v.village.name, township: v.station.township, officer: v.officer.name })) };
    const { trackingHash: _hash, ...rest } = record;
    // Who was notified is shown by role and outcome; phone numbers stay out of the console.
    const sms = notifications.map(({ to: _to, id: _id, text: _text, ...n }) => n);
    return c.json(
      { ...rest, ...(record.kind === 'tip' && { phone: undefined, name: undefined }), overdue: isOverdue(record, deps.clock.now()), choices, timeline: withReceived(record, page), ...(!page.complete && { timelineTruncated: true as const }), notifications: sms } satisfies CaseDetail,
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.post('/cases/:caseNumber/actions', zValidator('param', CaseNumberParam, invalid), zValidator('json', OfficerActionSchema, invalid), async (c) => {
    const p = c.get('principal');
    const record = await caseFor(p, c.req.param('caseNumber'));
    const action = c.req.valid('json');
    // The audit entry is written with the change (functions/domain/officer.ts).
    await applyAction(deps, record, { role: p.role, name: p.name }, action, { channel: 'console', principalId: p.id, ip: clientIp(c) });
    return c.body(null, 204);
  });


  // 信息员: a village information officer files a case for a resident (with consent); the receipt goes back to them.
  app.post('/cases', allow('file'), zValidator('json', FilingSchema, invalid), zValidator('header', z.object({ 'idempotency-key': z.optional(IdempotencyKeySchema) }), invalid), async (c) => {
    const p = c.get('principal');
    const { consent: _consent, ...submission } = c.req.valid('json');
    const receipt = await fileForResident(deps, p, submission, c.req.valid('header')['idempotency-key']);
    await audit(deps, c, 'case.file', { caseNumber: receipt.caseNumber });
    return c.json(receipt, 201, { 'Cache-Control': 'no-store' });
  });

  app.get('/templates', async (c) => c.json((await deps.county.get()).county.replyTemplates));

  // ── Roster ─────────────────────────────────────────────────────────────────────────────────────
  app.get('/roster', allow('roster.view'), async (c) => {
    const p = c.get('principal');
    const { county } = await deps.county.get();
    // Chiefs see the roster of their own area (with phones, to reach their officers); the bureau, all.
    const stations = county.stations
      .filter((s) => p.role === 'bureau' || s.id === p.stationId)
      .map((s) => (p.role === 'office' ? { ...s, offices: s.offices.filter((o) => o.id === p.officeId) } : s));
    const officerIds = new Set(stations.flatMap((s) => s.offices.flatMap((o) => o.villages.map((v) => v.officerId))));
    return c.json(
      {
        stations,
        officers: county.officers.filter((o) => officerIds.has(o.id)),
        staff: county.staff.map(({ phone: _p, ...s }) => s),
        ...(p.role === 'bureau' && { bureau: county.bureau }),
      } satisfies RosterView,
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.get('/roster.csv', allow('roster.export'), async (c) => {
    // The roster CSV (export and import) is a rare path: its module and d3-dsv load on first use.
    const { exportRosterCsv } = await import('../../domain/roster-import.ts');
    return c.body(`\uFEFF${exportRosterCsv((await deps.county.get()).county)}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="roster.csv"',
      'Cache-Control': 'no-store',
    });
  });

  app.patch('/roster', allow('roster.edit'), async (c) => {
    // Editing the roster is a rare path: its schema and rules load on first use, as the roster CSV's do.
    const { editRoster, mayEdit, RosterEditSchema } = await import('../../domain/roster-edit.ts');
    const parsed = RosterEditSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return problem(c, problems.validation(fieldProblems(parsed.error)));
    const p = c.get('principal');
    const edit = parsed.data;
    const { county } = await deps.county.get({ fresh: true });
    if (!mayEdit(p, county, edit)) return problem(c, problems.forbidden(FORBIDDEN['roster.edit']));
    const edited = editRoster(county, edit);
    const version = await deps.roster.saveCounty(edited);
    await deps.county.get({ fresh: true });
    // Whoever lost their post (or got another phone) is signed out of the inbox on every phone.
    await endVacatedDevices(deps.devices, county, edited);
    await audit(deps, c, 'roster.edit', { detail: `${edit.target}${'id' in edit ? ` ${edit.id}` : ''}, version ${version}` });
    return c.json({ version });
  });

  app.post('/roster/import', allow('roster.import'), zValidator('query', z.object({ apply: z._default(z.enum(['true', 'false']), 'false') }), invalid), async (c) => {
    const csv = await c.req.text();
    const { county } = await deps.county.get({ fresh: true });
    const { importRosterCsv } = await import('../../domain/roster-import.ts');
    const result = importRosterCsv(county, csv);
    if (!result.ok) {
      return problem(c, {
        type: '/problems/roster-import',
        title: 'The roster file has errors; nothing was changed',
        status: 400,
        detail: result.errors.map((e) => `line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`).join('; '),
        errors: result.errors.map((e) => ({ field: `line ${e.line}${e.field ? `: ${e.field}` : ''}`, message: e.message })),
      });
    }
    if (c.req.valid('query').apply !== 'true') return c.json({ applied: false as const, rows: result.rows, changes: result.changes } satisfies RosterImport);
    const version = await deps.roster.saveCounty(result.county);
    await deps.county.get({ fresh: true });
    await endVacatedDevices(deps.devices, county, result.county);
    await audit(deps, c, 'roster.import', { detail: `version ${version}, ${result.changes.length} villages changed` });
    return c.json({ applied: true as const, version, rows: result.rows, changes: result.changes } satisfies RosterImport);
  });

  // ── Alerts ─────────────────────────────────────────────────────────────────────────────────────
  app.post('/alerts', allow('alerts.publish'), zValidator('json', AlertSchema, invalid), async (c) => {
    const p = c.get('principal');
    const input = c.req.valid('json');
    // Station staff publish for their own area only.
    const stationId = p.role === 'station' ? p.stationId : input.stationId;
    const { county } = await deps.county.get();
    if (stationId && !county.stations.some((s) => s.id === stationId)) return problem(c, problems.validation([{ field: 'stationId', message: `unknown station "${stationId}"` }]));
    const now = deps.clock.now();
    if (new Date(input.expiresAt) <= now) return problem(c, problems.validation([{ field: 'expiresAt', message: 'must be in the future' }]));
    const publisher = stationId ? county.stations.find((s) => s.id === stationId)!.name : county.bureau.name;
    const alert = { id: crypto.randomUUID(), title: input.title, body: input.body, ...(stationId && { stationId }), publishedAt: now.toISOString(), expiresAt: new Date(input.expiresAt).toISOString(), publishedBy: publisher };
    await deps.alerts.publish(alert);
    await audit(deps, c, 'alert.publish', { detail: alert.title });
    return c.json(alert satisfies Alert, 201);
  });

  // ── Assessment (月考核) ─────────────────────────────────────────────────────────────────────────
  app.get('/assessment', allow('assessment.view'), zValidator('query', z.object({ month: z.optional(Month), format: z._default(z.enum(['json', 'csv']), 'json') }), invalid), async (c) => {
    const p = c.get('principal');
    const { month = await currentMonth(), format } = c.req.valid('query');
    const { county } = await deps.county.get();
    // One read of the month's officer × village counters, cut to the person's area. An officer sees
    // their own row; chiefs see the officers of their area; the bureau, everyone.
    const rows = assessOfficers(county, await deps.counters.read(month, AREA_PREFIX.officer), p).filter((row) =>
      p.role === 'officer' ? row.officerId === p.officerId : p.role === 'bureau' || row.figures.received > 0 || officerInArea(county, p, row.officerId),
    );
    if (format === 'csv') {
      const lines = ['officer,villages,received,acknowledged,acknowledgedInTime,resolved,escalations,medianAckMinutes,ratings,averageRating,escalated'];
      for (const r of rows) {
        const f = r.figures;
        lines.push([r.name, r.villages.join(' '), f.received, f.acknowledged, f.acknowledgedInTime, f.resolved, f.escalations, f.medianAckMinutes ?? '', f.ratings, f.averageRating ?? '', f.escalated].map(csvCell).join(','));
      }
      return c.body(`\uFEFF${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="assessment-${month}.csv"`, 'Cache-Control': 'no-store' });
    }
    return c.json({ month, officers: rows } satisfies Assessment, 200, { 'Cache-Control': 'no-store' });
  });

  // ── Audit log ──────────────────────────────────────────────────────────────────────────────────
  app.get('/audit', allow('audit.view'), zValidator('query', z.object({ month: z.optional(Month), limit: limit(500, 200) }), invalid), async (c) => {
    const { month = await currentMonth(), limit } = c.req.valid('query');
    return c.json((await deps.admin.auditLog(month, limit)) satisfies readonly AuditEntry[], 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}


function officerInArea(county: County, p: Principal, officerId: string): boolean {
  return county.stations.some((s) =>
    s.offices.some((o) => o.villages.some((v) => v.officerId === officerId && (p.role === 'station' ? s.id === p.stationId : o.id === p.officeId))),
  );
}
