/**
 * `/o/{token}`: the mobile case page an officer opens from the one-tap link in an SMS. Everything
 * works as plain forms (POST, then 303 back to the page), so it runs on any phone browser.
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { ConflictError, FieldError, NotFoundError } from '../domain/errors.ts';
import { TIMELINE_PAGE, withReceived, type Actor, type CaseRecord } from '../domain/case.ts';
import { applyAction, choicesFor, openByLink, OfficerActionSchema, type ActionOrigin, type OfficerDeps } from '../domain/officer.ts';
import { fmt } from '../messages/index.ts';
import { officerText } from '../messages/officer.ts';
import type { PhotoStorage } from '../domain/photos.ts';
import { documentString, NoticePage } from '../ui/BarePage.tsx';
import { OfficerCasePage, type CaseForm } from '../ui/OfficerCasePage.tsx';
import { photoLinks, photoOrigins } from './photos.ts';
import { clientAddress } from '../edge/address.ts';
import { fieldProblems, readForm } from './problem.ts';

/** A case opened by a link or a device session: the case, who acts on it, and through what (the audit log's). */
export interface CaseAccess {
  readonly record: CaseRecord;
  readonly actor: Actor;
  readonly origin: Omit<ActionOrigin, 'ip'>;
}

type CasePageDeps = OfficerDeps & { readonly photos?: PhotoStorage | undefined };

/**
 * The case page's GET and POST, for any way of opening a case: `open` finds the case, the actor and
 * the channel (throwing NotFoundError when the caller may not see it), `form` says where the page
 * posts; `refuse` may turn a post away first (the inbox's CSRF check), `gone` answers an unknown case.
 * The one-tap link page and the inbox's case page are both these two handlers.
 */
export function casePageHandlers(
  deps: CasePageDeps,
  open: (c: Context) => Promise<CaseAccess>,
  form: (c: Context) => CaseForm | Promise<CaseForm>,
  options: { readonly refuse?: (c: Context, fields: Record<string, unknown>) => Response | undefined | Promise<Response | undefined>; readonly gone?: (c: Context) => Promise<Response> } = {},
) {
  const notFound = options.gone ?? ((c: Context) => gone(c, deps));
  const show = async (c: Context, opened: CaseAccess, extra: { message?: string; errors?: readonly { field: string; message: string }[] } = {}, status: 200 | 400 | 409 = 200) => {
    const [{ county, villages }, caseForm] = await Promise.all([deps.county.get(), form(c)]);
    const timeline = withReceived(opened.record, await deps.cases.timeline(opened.record.caseNumber, { limit: TIMELINE_PAGE.staff }));
    const list = [...villages.values()].map((v) => ({ id: v.village.id, name: v.village.name, township: v.station.township }));
    const choices = choicesFor(villages, opened.record, opened.actor);
    const levels = choices.reportLevels;
    const assignTo = choices.assignTo.map((v) => ({ id: v.village.id, name: v.village.name, township: v.station.township, officer: v.officer.name }));
    const photos = deps.photos ? await photoLinks(deps.photos, opened.record.caseNumber, opened.record.photos ?? []) : [];
    // The case's photos come from the bucket's signed URLs: their origin is the one image source added.
    c.header('Content-Security-Policy', ["default-src 'self'", "style-src 'self'", ['img-src', "'self'", 'data:', ...photoOrigins(photos)].join(' '), "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"].join('; '));
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(documentString(<OfficerCasePage county={county} villages={list} record={opened.record} actor={opened.actor} levels={levels} assignTo={assignTo} timeline={timeline} form={caseForm} {...extra} photos={photos} />), status);
  };
  return {
    get: async (c: Context) => {
      try {
        const opened = await open(c);
        return await show(c, opened, c.req.query('done') !== undefined ? { message: officerText((await deps.county.get()).county.locale).page.done } : {});
      } catch (error) {
        if (error instanceof NotFoundError) return notFound(c);
        throw error;
      }
    },
    post: async (c: Context) => {
      const fields = await readForm(c);
      const refused = await options.refuse?.(c, fields);
      if (refused) return refused;
      const parsed = OfficerActionSchema.safeParse(fields);
      let opened: CaseAccess | undefined;
      try {
        opened = await open(c);
        if (!parsed.success) return await show(c, opened, { errors: fieldProblems(parsed.error) }, 400);
        if (parsed.data.action === 'payout') throw new ConflictError('a reward payout is recorded in the admin console');
        const ip = clientAddress(c);
        await applyAction(deps, opened.record, opened.actor, parsed.data, { ...opened.origin, ...(ip && { ip }) });
        const { action, back } = await form(c);
        if (parsed.data.action === 'transfer' || parsed.data.action === 'assign') return transferred(c, deps, parsed.data.action, back);
        return c.redirect(`${action}?done`, 303);
      } catch (error) {
        if (error instanceof NotFoundError) return notFound(c);
        if (!opened) throw error;
        // The case as it is now, with the reason next to the action.
        const now = { ...opened, record: (await deps.cases.get(opened.record.caseNumber)) ?? opened.record };
        if (error instanceof FieldError) return show(c, now, { errors: [{ field: error.field, message: error.message }] }, 400);
        if (error instanceof ConflictError) return show(c, now, { errors: [{ field: parsed.success ? parsed.data.action : 'action', message: error.message }] }, 409);
        throw error;
      }
    },
  };
}

/** `/o/{token}`: the case page behind an SMS's one-tap link, acting for the post's current holder. */
export function officerRoutes(deps: CasePageDeps): Hono {
  const byLink = casePageHandlers(
    deps,
    async (c) => {
      const { link, record, holder } = await openByLink(deps, c.req.param('token') ?? '');
      return { record, actor: link.actor, origin: { channel: 'link', principalId: holder } };
    },
    (c) => ({ action: `/o/${c.req.param('token')}` }),
  );
  return new Hono().get('/:token', byLink.get).post('/:token', byLink.post);
}

/** After a transfer or a hand-down the link belongs to nobody any more: say so instead of showing "revoked"; from the inbox, lead back to it. */
async function transferred(c: Context, deps: OfficerDeps, action: 'transfer' | 'assign', back?: CaseForm['back']) {
  const { county } = await deps.county.get();
  const t = officerText(county.locale).page;
  const done = action === 'assign' ? t.assignedDone : t.transferredDone;
  const text = fmt(back ? t.backDone : t.linkDead, { done });
  c.header('Cache-Control', 'no-store');
  return c.html(documentString(<NoticePage locale={county.locale} text={text} back={back && { href: back.href, label: `← ${back.label}` }} />));
}

async function gone(c: Context, deps: OfficerDeps) {
  const { county } = await deps.county.get();
  c.header('Cache-Control', 'no-store');
  return c.html(documentString(<NoticePage locale={county.locale} text={officerText(county.locale).page.gone} />), 404);
}
