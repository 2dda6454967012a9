/**
 * `/o/{token}`: the mobile case page an officer opens from the one-tap link in an SMS. Everything
 * works as plain forms (POST, then 303 back to the page), so it runs on any phone browser.
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { ConflictError, FieldError, NotFoundError } from '../domain/errors.ts';
import { TIMELINE_PAGE, withReceived, type Actor, type CaseRecord, type EscalationLevel, type TimelineEntry } from '../domain/case.ts';
import type { County, Locale } from '../domain/county.ts';
import { applyAction, choicesFor, openByLink, OfficerActionSchema, type ActionOrigin, type OfficerDeps } from '../domain/officer.ts';
import { can, type CaseAction } from '../domain/permissions.ts';
import { timelineText } from '../domain/timeline-text.ts';
import { fmt, words, type OfficerMessages } from '../messages/index.ts';
import officerZh from '../messages/officer/zh-CN.ts';
import officerEn from '../messages/officer/en.ts';
import { PREVIEW_MAX_SIDE, type PhotoStorage } from '../domain/photos.ts';
import { photoLinks, photoOrigins, type PhotoLinks } from './photos.ts';
import { page } from './page-shell.ts';
import { clientAddress } from '../edge/address.ts';
import { fieldProblems, readForm } from './problem.ts';

const OFFICER: Readonly<Record<Locale, OfficerMessages>> = { 'zh-CN': officerZh, en: officerEn };

/** The officer's side's words in a language (the case page's, the inbox's). */
export const officerText = (locale: Locale): OfficerMessages => OFFICER[locale];

const T = (locale: Locale) => OFFICER[locale].page;


function when(county: County, iso: string): string {
  return new Intl.DateTimeFormat(county.locale, { timeZone: county.timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** The resident's position, when sent: coordinates and a link to see them on a map. */
function placeLine(locale: Locale, record: CaseRecord) {
  if (!record.position) return '';
  const { lat, lng } = record.position;
  const amap = `https://uri.amap.com/marker?position=${lng},${lat}&coordinate=wgs84`;
  const osm = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
  return html`<p>${T(locale).position}：<span class="nowrap">${lat.toFixed(5)}, ${lng.toFixed(5)}</span> · <a href="${locale === 'zh-CN' ? amap : osm}" rel="noreferrer">${T(locale).map}</a></p>`;
}

function entryLine(county: County, entry: TimelineEntry) {
  const t = T(county.locale);
  const who = entry.actor && entry.actor.role !== 'system' && entry.actor.name ? `${entry.actor.name}：` : '';
  const text = timelineText(county.locale, entry, 'staff');
  return html`<li><time>${when(county, entry.at)}</time> ${entry.visibility === 'internal' ? html`<strong>[${t.internal}]</strong> ` : ''}${who}${text}</li>`;
}

interface ViewModel {
  readonly county: County;
  readonly villages: { id: string; name: string; township: string }[];
  readonly record: CaseRecord;
  /** The newest entries of the case's timeline, oldest first. */
  readonly timeline: readonly TimelineEntry[];
  /** Who acts: the link's holder, or the person signed in on this phone. */
  readonly actor: Actor;
  readonly form: CaseForm;
  /** Levels the holder may report the case up to (none for the bureau or an assistant). */
  readonly levels: readonly EscalationLevel[];
  /** Villages the holder may hand the case down to (office, station and bureau only). */
  readonly assignTo: readonly { id: string; name: string; township: string; officer: string }[];
  readonly message?: string;
  readonly errors?: readonly { field: string; message: string }[];
  readonly photos?: readonly PhotoLinks[];
}

function casePage(vm: ViewModel) {
  const { county, record, actor } = vm;
  const t = T(county.locale);
  const w = words(county.locale);
  const village = vm.villages.find((v) => v.id === record.villageId);
  const { action, csrf } = vm.form;
  // What the page offers is what the action allows (functions/domain/permissions.ts); the action checks again.
  const may = (what: CaseAction) => can({ role: actor.role, opened: true }, what, record, county);
  const open = record.status !== 'resolved';
  const form = (name: string, body: ReturnType<typeof html>) =>
    html`<form class="card" method="post" action="${action}"><input type="hidden" name="action" value="${name}">${csrf ? html`<input type="hidden" name="csrf" value="${csrf}">` : ''}${body}</form>`;
  // Less frequent actions fold away so the phone screen starts with what matters.
  const folded = (summary: string, content: ReturnType<typeof html> | string) => (content ? html`<details class="card"><summary>${summary}</summary>${content}</details>` : '');
  const textArea = (name: string, label: string, button: string) =>
    form(name, html`<div class="field"><label for="${name}-text">${label}</label><textarea id="${name}-text" name="text" rows="3" required maxlength="500"></textarea></div><button class="button" type="submit">${button}</button>`);

  return page(
    county.locale,
    `${t.title} ${record.caseNumber}`,
    html`${vm.form.back ? html`<p><a href="${vm.form.back.href}">← ${vm.form.back.label}</a></p>` : ''}<h1>${w.kind[record.kind]} ${record.caseNumber}${record.urgent ? html` <strong class="error">${w.urgent}</strong>` : ''}</h1>
<p class="note">${t.actingAs}：${actor.name}</p>
${vm.message ? html`<div class="card" role="status"><p>${vm.message}</p></div>` : ''}
${vm.errors?.length ? html`<div class="card error" role="alert"><ul>${vm.errors.map((e) => html`<li><strong>${e.field}</strong>: ${e.message}</li>`)}</ul></div>` : ''}
<div class="card">
<p><strong>${w.status[record.status]}</strong> · ${t.levelNow}：${w.level[record.level]}</p>
<p>${t.village}：${village?.name ?? record.villageId}（${village?.township ?? ''}）</p>
<p>${t.reported}：${when(county, record.createdAt)}</p>
<p>${t.description}：${record.description}</p>
${record.location ? html`<p>${t.location}：${record.location}</p>` : ''}
${vm.photos?.length ? html`<div class="photos">${vm.photos.map((p, i) => html`<a href="${p.full}"><img src="${p.preview}" alt="${t.photo} ${i + 1}" width="${Math.round(p.width * Math.min(1, PREVIEW_MAX_SIDE / Math.max(p.width, p.height)))}" height="${Math.round(p.height * Math.min(1, PREVIEW_MAX_SIDE / Math.max(p.width, p.height)))}"></a>`)}</div>` : ''}
${placeLine(county.locale, record)}
${record.filedBy ? html`<p>${t.filedBy}：${t.informant} ${record.filedBy.name}</p>` : ''}
<p>${t.reporter}：${record.anonymous ? t.anonymous : html`${record.name ?? ''} ${record.phone ? html`<a href="tel:${record.phone}">${record.phone}</a>` : ''}`}</p>
</div>
${open && record.status === 'received' ? form('acknowledge', html`<button class="button" type="submit">${t.acknowledge}</button>`) : ''}
${open && record.status !== 'in_progress' ? form('status', html`<input type="hidden" name="status" value="in_progress"><button class="button" type="submit">${t.inProgress}</button>`) : ''}
${open && may('resolve') ? form('status', html`<input type="hidden" name="status" value="resolved"><button class="button" type="submit">${t.resolve}</button>`) : ''}
${textArea('reply', t.reply, t.replyButton)}
${folded(t.note, textArea('note', t.note, t.noteButton))}
${open && may('ask') ? folded(record.kind === 'tip' ? t.ask : t.askResident, textArea('ask', record.kind === 'tip' ? t.ask : t.askResident, t.askButton)) : ''}
${record.kind === 'tip' && may('reward')
  ? folded(t.reward, form(
      'reward',
      html`<fieldset><legend>${t.reward}</legend>
<label class="choice"><input type="radio" name="verified" value="yes" required ${record.reward?.verified ? 'checked' : ''}><span>${t.verified}</span></label>
<label class="choice"><input type="radio" name="verified" value="no" ${record.reward && !record.reward.verified ? 'checked' : ''}><span>${t.notVerified}</span></label></fieldset>
<div class="field"><label for="tier">${t.tier}</label><select id="tier" name="tierId"><option value="">${t.noTier}</option>${county.rewards.tiers.map(
        (tier) => html`<option value="${tier.id}" ${record.reward?.tierId === tier.id ? 'selected' : ''}>${tier.label}${tier.amountYuan !== undefined ? `（${tier.amountYuan} 元）` : ''}</option>`,
      )}</select></div><button class="button" type="submit">${t.rewardButton}</button>`,
    ))
  : ''}
${open && may('transfer')
  ? folded(t.transfer, form(
      'transfer',
      html`<div class="field"><label for="transfer-village">${t.transfer}</label><select id="transfer-village" name="villageId" required><option value=""></option>${vm.villages
        .filter((v) => v.id !== record.villageId)
        .map((v) => html`<option value="${v.id}">${v.township} ${v.name}</option>`)}</select></div>
<div class="field"><label for="transfer-reason">${t.transferReason}</label><input id="transfer-reason" name="reason" maxlength="300"></div>
<button class="button" type="submit">${t.transferButton}</button>`,
    ))
  : ''}
${open && vm.levels.length
  ? folded(t.escalate, form(
      'escalate',
      html`<div class="field"><label for="escalate-reason">${t.escalateReason}</label><textarea id="escalate-reason" name="reason" rows="3" required maxlength="300"></textarea></div>
<div class="field"><label for="escalate-level">${t.escalateLevel}</label><select id="escalate-level" name="level">${vm.levels.map(
        (l, i) => html`<option value="${l}" ${i === 0 ? 'selected' : ''}>${w.level[l]}${i === 0 ? `（${t.nextLevel}）` : ''}</option>`,
      )}</select></div>
<button class="button" type="submit">${t.escalateButton}</button>`,
    ))
  : ''}
${open && vm.assignTo.length
  ? folded(t.assign, form(
      'assign',
      html`<div class="field"><label for="assign-village">${t.assignVillage}</label><select id="assign-village" name="villageId">${vm.assignTo.map(
        (v) => html`<option value="${v.id}" ${v.id === record.villageId ? 'selected' : ''}>${v.township} ${v.name} · ${v.officer}${v.id === record.villageId ? `（${t.ownVillage}）` : ''}</option>`,
      )}</select></div>
<div class="field"><label for="assign-reason">${t.assignReason}</label><input id="assign-reason" name="reason" maxlength="300"></div>
<button class="button" type="submit">${t.assignButton}</button>`,
    ))
  : ''}
<div class="card"><h2>${t.timeline}</h2><ol class="timeline">${vm.timeline.map((e) => entryLine(county, e))}</ol></div>`,
    vm.form.app ? { app: true } : {},
  );
}

/** Where the case page's forms post, and what else the page needs from the way it was opened. */
export interface CaseForm {
  /** The page's own address: forms post here and come back here (`?done`). */
  readonly action: string;
  /** A device session's CSRF token, sent back with every form. @default - none (a link is its own secret) */
  readonly csrf?: string;
  /** A way back, e.g. to the inbox. @default - none */
  readonly back?: { readonly href: string; readonly label: string };
  /** The page is part of the installable officer app (web app manifest). @default false */
  readonly app?: boolean;
}

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
    return c.html(casePage({ county, villages: list, record: opened.record, actor: opened.actor, levels, assignTo, timeline, form: caseForm, ...extra, photos }), status);
  };
  return {
    get: async (c: Context) => {
      try {
        const opened = await open(c);
        return await show(c, opened, c.req.query('done') !== undefined ? { message: T((await deps.county.get()).county.locale).done } : {});
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
  const t = T(county.locale);
  const done = action === 'assign' ? t.assignedDone : t.transferredDone;
  const text = fmt(back ? t.backDone : t.linkDead, { done });
  c.header('Cache-Control', 'no-store');
  return c.html(page(county.locale, text, html`<h1>${text}</h1>${back ? html`<p><a href="${back.href}">← ${back.label}</a></p>` : ''}`));
}

async function gone(c: Context, deps: OfficerDeps) {
  const { county } = await deps.county.get();
  c.header('Cache-Control', 'no-store');
  return c.html(page(county.locale, T(county.locale).gone, html`<h1>${T(county.locale).gone}</h1>`), 404);
}
