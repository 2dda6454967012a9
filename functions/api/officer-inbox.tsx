/**
 * `/o/inbox`: the officer inbox, for counties whose SMS carry no per-case link (county file
 * `sms.links: false`, or a domestic SMS provider's registered templates). Every officer SMS points to
 * this one address. On a phone seen for the first time the officer signs in with a code sent by SMS
 * (the console's sign-in steps and limits); the phone then keeps a device session for DEVICE_DAYS,
 * renewed while it is used, kept on the server (`DEVICE#…` items): the console lists and revokes it,
 * and a roster change that takes the post from that phone ends it. The inbox lists the person's open
 * cases, most urgent and oldest first (functions/domain/inbox.ts); each opens the same case page as a
 * one-tap link (officer-pages.tsx). The pages are components: functions/ui/OfficerInbox.tsx,
 * OfficerCasePage.tsx. Server-rendered plain forms: no JavaScript, a few KB a page.
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DEVICE_DAYS, issueSession, principalById, readSession, type Principal } from '../domain/auth.ts';
import { can } from '../domain/permissions.ts';
import { isCaseNumber } from '../domain/case-number.ts';
import { NotFoundError } from '../domain/errors.ts';
import { isOverdue } from '../domain/case.ts';
import type { Locale } from '../domain/county.ts';
import { INBOX_PATH, readInbox } from '../domain/inbox.ts';
import { fmt } from '../messages/index.ts';
import { officerText } from '../messages/officer.ts';
import { Limiter } from '../edge/limiter.ts';
import { documentString, NoticePage } from '../ui/BarePage.tsx';
import type { CaseForm } from '../ui/OfficerCasePage.tsx';
import { CodePage, InboxPage, SignInPage, type SignInErrors } from '../ui/OfficerInbox.tsx';
import { checkSignInCode, clientIp, PhoneBody, requestSignInCode, secureCookie, VerifyBody, type AdminDeps } from './admin/session.ts';
import { casePageHandlers } from './officer-pages.tsx';
import { fieldProblems, readForm } from './problem.ts';

const T = (locale: Locale) => officerText(locale).inbox;

export const DEVICE_COOKIE = 'cj_device';


const CODE_MINUTES_SHOWN = 5;

const BROWSERS: readonly (readonly [string, string])[] = [
  ['MicroMessenger', 'WeChat'],
  ['UCBrowser', 'UC'],
  ['MQQBrowser', 'QQ'],
  ['HuaweiBrowser', 'Huawei'],
  ['MiuiBrowser', 'MIUI'],
  ['EdgA?', 'Edge'],
  ['Firefox', 'Firefox'],
  ['CriOS', 'Chrome'],
  ['Chrome', 'Chrome'],
  ['Version', 'Safari'],
];

/**
 * A short name of the phone for the devices list, from its User-Agent: the platform in its first
 * brackets (`Linux; Android 13; Redmi Note 12`) and the browser (`WeChat`, `Chrome/120`…).
 */
export function deviceLabel(userAgent: string): string {
  const ua = userAgent.replace(/[^\x20-\x7E]/g, '');
  const platform = /\(([^)]{1,80})\)/.exec(ua)?.[1];
  // The most telling name first: WeChat's and the domestic browsers' UAs also say Chrome and Version.
  const browser = BROWSERS.map(([token, label]) => [label, new RegExp(`${token}/(\\d+)`).exec(ua)?.[1]] as const).find(([, version]) => version);
  const name = browser ? `${browser[0]} ${browser[1]}` : undefined;
  return (platform || name ? [platform, name].filter(Boolean).join(' · ') : ua).slice(0, 120);
}

function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
  c.header('Content-Security-Policy', "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
}

const signInPage = (locale: Locale, errors: SignInErrors = {}, phone = '') => documentString(<SignInPage locale={locale} errors={errors} phone={phone} />);
const codePage = (locale: Locale, phone: string, errors: SignInErrors = {}) => documentString(<CodePage locale={locale} phone={phone} minutes={CODE_MINUTES_SHOWN} errors={errors} />);

interface SignedIn {
  readonly principal: Principal;
  readonly csrf: string;
  readonly sid: string;
}

export function inboxRoutes(deps: AdminDeps): Hono {
  const limiter = new Limiter(deps.admin, deps.clock);
  const locale = async () => (await deps.county.get()).county.locale;

  // Once per request: the case page asks in several steps.
  const asked = new WeakMap<Context, Promise<SignedIn | undefined>>();
  const signedIn = (c: Context): Promise<SignedIn | undefined> => {
    if (!asked.has(c)) asked.set(c, checkDevice(c));
    return asked.get(c)!;
  };

  /** The person signed in on this phone, if the device session is genuine, kept by the server and the post still theirs. */
  async function checkDevice(c: Context): Promise<SignedIn | undefined> {
    const now = deps.clock.now();
    const session = readSession(deps.secret, getCookie(c, DEVICE_COOKIE) ?? '', now, 'device');
    if (!session) return undefined;
    const [{ county }, stored] = await Promise.all([deps.county.get(), deps.devices.getDevice(session.principalId, session.sid)]);
    if (!stored) return undefined;
    const principal = principalById(county, session.principalId);
    if (!principal || principal.phone !== stored.phone) {
      // Off the roster, or the post went to another phone: the session ends for good.
      await deps.devices.revokeDevice(session.principalId, session.sid);
      return undefined;
    }
    // Used in the second half of its life: renewed, so a phone in use stays signed in.
    if (session.expiresAt.getTime() - now.getTime() < (DEVICE_DAYS * 86_400_000) / 2) {
      const renewed = issueSession(deps.secret, principal.id, now, 'device', session.sid);
      if (!(await deps.devices.renewDevice(principal.id, session.sid, renewed.expiresAt))) return undefined;
      setDeviceCookie(c, renewed.token);
    }
    return { principal, csrf: session.csrf, sid: session.sid };
  }

  function setDeviceCookie(c: Context, token: string) {
    // Lax, not Strict: the officer arrives from the SMS app, a navigation from outside the site.
    setCookie(c, DEVICE_COOKIE, token, { path: '/o', httpOnly: true, secure: secureCookie(c), sameSite: 'Lax', maxAge: DEVICE_DAYS * 86_400 });
  }

  const back = async (): Promise<CaseForm['back']> => ({ href: INBOX_PATH, label: T(await locale()).inbox });

  const byDevice = casePageHandlers(
    deps,
    async (c) => {
      const who = await signedIn(c);
      const caseNumber = c.req.param('caseNumber') ?? '';
      const record = who && isCaseNumber(caseNumber) ? await deps.cases.get(caseNumber) : undefined;
      // Signed out, or a case outside the person's area: the same answer as a case that does not exist.
      if (!who || !record || !can(who.principal, 'view', record)) throw new NotFoundError('no such case in your area');
      return { record, actor: { role: who.principal.role, name: who.principal.name }, origin: { channel: 'inbox', principalId: who.principal.id } };
    },
    async (c) => ({ action: `/o/c/${c.req.param('caseNumber')}`, csrf: (await signedIn(c))?.csrf, back: await back(), app: true }),
    {
      refuse: async (c, fields) => {
        const who = await signedIn(c);
        if (!who) return c.redirect(INBOX_PATH, 303);
        if (fields.csrf !== who.csrf) {
          noStore(c);
          const l = await locale();
          return c.html(documentString(<NoticePage locale={l} text={T(l).expired} back={{ href: INBOX_PATH, label: T(l).inbox }} />), 403);
        }
        return undefined;
      },
      // Signed out (or revoked) on the way: back to the sign-in, which is where the inbox starts.
      gone: async (c) => ((await signedIn(c)) ? notHere(c) : c.redirect(INBOX_PATH, 303)),
    },
  );

  async function notHere(c: Context) {
    const l = await locale();
    noStore(c);
    const text = T(l).notYours;
    return c.html(documentString(<NoticePage locale={l} text={text} back={{ href: INBOX_PATH, label: T(l).inbox }} app />), 404);
  }

  return new Hono()
    // What an officer may type or bookmark: the inbox.
    .get('/', (c) => c.redirect(INBOX_PATH, 302))
    .get('/inbox', async (c) => {
      noStore(c);
      const who = await signedIn(c);
      const { county, villages } = await deps.county.get();
      if (!who) return c.html(signInPage(county.locale));
      const inbox = await readInbox(deps, county, who.principal);
      const names = new Map([...villages.values()].map((v) => [v.village.id, v.village.name]));
      const now = deps.clock.now().toISOString();
      const lines = inbox && { ...inbox, cases: inbox.cases.map((item) => ({ ...item, overdue: isOverdue(item, now) })) };
      return c.html(documentString(<InboxPage county={county} name={who.principal.name} inbox={lines} villages={names} csrf={who.csrf} />));
    })
    .post('/code', async (c) => {
      noStore(c);
      const l = await locale();
      const form = await readForm(c);
      const parsed = PhoneBody.safeParse(form);
      if (!parsed.success) return c.html(signInPage(l, { phone: fieldProblems(parsed.error)[0]?.message }, typeof form.phone === 'string' ? form.phone.slice(0, 20) : ''), 400);
      const outcome = await requestSignInCode(deps, limiter, c, parsed.data.phone);
      if (!outcome.sent) {
        c.header('Retry-After', String(outcome.retryAfterSeconds));
        return c.html(signInPage(l, { phone: fmt(T(l).tooMany, { minutes: Math.ceil(outcome.retryAfterSeconds / 60) }) }, parsed.data.phone), 429);
      }
      return c.html(codePage(l, parsed.data.phone));
    })
    .post('/verify', async (c) => {
      noStore(c);
      const l = await locale();
      const form = await readForm(c);
      const parsed = VerifyBody.safeParse(form);
      if (!parsed.success) {
        const problems = fieldProblems(parsed.error);
        const phoneProblem = problems.find((p) => p.field === 'phone');
        if (phoneProblem) return c.html(signInPage(l, { phone: phoneProblem.message }), 400);
        return c.html(codePage(l, String(form.phone), { code: problems[0]?.message }), 400);
      }
      const { phone, code } = parsed.data;
      const { person, retryAfterSeconds } = await checkSignInCode(deps, limiter, c, phone, code);
      if (retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(retryAfterSeconds));
        return c.html(codePage(l, phone, { code: fmt(T(l).tooMany, { minutes: Math.ceil(retryAfterSeconds / 60) }) }), 429);
      }
      if (!person) return c.html(codePage(l, phone, { code: T(l).wrongCode }), 401);
      const now = deps.clock.now();
      const session = issueSession(deps.secret, person.id, now, 'device');
      await deps.devices.putDevice({ sid: session.sid, principalId: person.id, phone: person.phone, label: deviceLabel(c.req.header('User-Agent') ?? ''), createdAt: now.toISOString(), expiresAt: session.expiresAt.toISOString() });
      setDeviceCookie(c, session.token);
      await deps.admin.audit({ at: now.toISOString(), principalId: person.id, name: person.name, role: person.role, action: 'login', channel: 'inbox', ip: clientIp(c) });
      return c.redirect(INBOX_PATH, 303);
    })
    .post('/logout', async (c) => {
      const who = await signedIn(c);
      const form = await readForm(c);
      if (who && form.csrf === who.csrf) await deps.devices.revokeDevice(who.principal.id, who.sid);
      deleteCookie(c, DEVICE_COOKIE, { path: '/o', secure: secureCookie(c), sameSite: 'Lax' });
      return c.redirect(INBOX_PATH, 303);
    })
    .get('/c/:caseNumber', byDevice.get)
    .post('/c/:caseNumber', byDevice.post);
}
