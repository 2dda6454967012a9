/**
 * Admin sign-in: `POST /api/v1/admin/login/code` sends a one-time code by SMS to a roster member's
 * phone; `POST /api/v1/admin/login/verify` exchanges it for a session cookie (HttpOnly, Secure,
 * SameSite=Strict, signed, 12 hours, and known to the server: `POST /logout` makes the server forget
 * it, and a person taken off the roster loses it). Every other admin route needs the session, and
 * every request that changes something also needs the session's CSRF token in `X-CSRF-Token`.
 * Limits (county file `limits.signIn`) count the trusted client address and the phone.
 */
import { createHmac } from 'node:crypto';
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono/tiny';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  CODE_MINUTES,
  CODE_TRIES,
  hashLoginCode,
  issueSession,
  newLoginCode,
  principalById,
  principals,
  readSession,
  SESSION_HOURS,
  type Principal,
} from '../../domain/auth.ts';
import { normalisePhone } from '../../domain/phone.ts';
import { addressKey, DAY } from '../../domain/limits.ts';
import { clientAddress } from '../../edge/address.ts';
import { Limiter } from '../../edge/limiter.ts';
import type { AdminStore, AuditEntry, DeviceStore, RosterStore, SmsSender } from '../../domain/ports.ts';
import * as z from 'zod/mini';
import type { ApiDeps } from '../deps.ts';
import type { Me } from './views.ts';
import { can, FORBIDDEN, type ConsoleAction } from '../../domain/permissions.ts';
import { fieldProblems, problem, problems } from '../problem.ts';

/** The admin app's needs: the public app's minus ratings, plus the console's own stores and SMS. */
export interface AdminDeps extends Omit<ApiDeps, 'ratings' | 'limits'> {
  readonly admin: AdminStore;
  readonly roster: RosterStore;
  readonly sms: SmsSender;
  /** Signs sessions and hashes sign-in codes. */
  readonly secret: string;
  /** Officers' device sessions (the inbox at `/o/`). */
  readonly devices: DeviceStore;
}

export interface AdminEnv {
  Variables: { principal: Principal; csrf: string };
}

export const SESSION_COOKIE = 'cj_admin';

/** The window of the sign-in limits per address and per phone (county file `limits.signIn`). */
const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** The caller's trusted address (never X-Forwarded-For), for the audit log of staff actions. */
export function clientIp(c: Context): string {
  return clientAddress(c) ?? 'unknown';
}

export function secureCookie(c: Context): boolean {
  const url = new URL(c.req.url);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export const PhoneBody = z.object({
  phone: z.pipe(
    z.pipe(
      z.string({ message: 'is required' }).check(z.overwrite((v) => v.replace(/[\s-]/g, ''))),
      z.string().check(z.regex(/^(\+[1-9]\d{6,14}|1\d{10})$/, 'must be a mobile number such as 13800000000')),
    ),
    z.transform(normalisePhone),
  ),
});
export const VerifyBody = z.extend(PhoneBody, { code: z.string({ message: 'is required' }).check(z.trim(), z.regex(/^\d{6}$/, 'must be the 6 digits from the SMS')) });

const invalid = (r: { success: boolean; error?: unknown }, c: Context) => {
  if (!r.success) return problem(c, problems.validation(fieldProblems(r.error as Parameters<typeof fieldProblems>[0])));
};

const tooMany = (c: Context, retryAfterSeconds: number) =>
  problem(c, { type: '/problems/too-many-requests', title: 'Too many requests', status: 429, detail: 'wait a few minutes and try again' }, { 'Retry-After': String(retryAfterSeconds) });

const unauthenticated = (c: Context) =>
  problem(c, { type: '/problems/unauthenticated', title: 'Sign in first', status: 401, detail: 'no valid session; sign in with a code sent to your phone' });

/** Writes one audit entry for an admin action. */
export function audit(deps: AdminDeps, c: Context<AdminEnv>, action: string, extra: Partial<Pick<AuditEntry, 'caseNumber' | 'detail'>> = {}): Promise<void> {
  const p = c.get('principal');
  return deps.admin.audit({ at: deps.clock.now().toISOString(), principalId: p.id, name: p.name, role: p.role, action, channel: 'console', ip: clientIp(c), ...extra });
}

/** Lets the request on only when the signed-in person may do `action` (functions/domain/permissions.ts); a 403 saying why otherwise. */
export function allow(action: ConsoleAction): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!can(c.get('principal'), action)) return problem(c, problems.forbidden(FORBIDDEN[action]));
    await next();
  };
}

/** Requires a valid session (401 otherwise) and, on anything but GET/HEAD, the CSRF token (403). */
export function requireSession(deps: AdminDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const session = readSession(deps.secret, getCookie(c, SESSION_COOKIE) ?? '', deps.clock.now());
    if (!session) return unauthenticated(c);
    const [{ county }, stored] = await Promise.all([deps.county.get(), deps.admin.getSession(session.sid)]);
    const principal = principalById(county, session.principalId);
    // Signed out (the server forgot the session), off the roster, or the roster gave the id another phone.
    if (!stored || !principal || stored.principalId !== principal.id || stored.phone !== principal.phone) return unauthenticated(c);
    if (!['GET', 'HEAD'].includes(c.req.method) && c.req.header('X-CSRF-Token') !== session.csrf) {
      return problem(c, { type: '/problems/csrf', title: 'Missing or wrong CSRF token', status: 403, detail: 'send the csrfToken from GET /api/v1/admin/me in the X-CSRF-Token header' });
    }
    c.set('principal', principal);
    c.set('csrf', session.csrf);
    await next();
  };
}

/** A phone is counted under a keyed hash too: numbers typed by anyone are not kept in the clear. */
const phoneKey = (secret: string, phone: string) => createHmac('sha256', secret).update(`signin-phone:${phone}`).digest('base64url').slice(0, 22);

/** What asking for a sign-in code came to: sent (or silently not, past the per-phone limit), or too many from this address. */
export type CodeRequestOutcome = { readonly sent: true } | { readonly sent: false; readonly retryAfterSeconds: number };

/**
 * Sends a sign-in code to a roster member's phone, within the county's sign-in limits (per trusted
 * address; per phone, past which the answer stays "sent" but no SMS goes). The console's JSON
 * sign-in and the officer inbox's form sign-in both ask through here.
 */
export async function requestSignInCode(deps: AdminDeps, limiter: Limiter, c: Context, phone: string): Promise<CodeRequestOutcome> {
  const now = deps.clock.now();
  const { county } = await deps.county.get();
  const limits = county.limits.signIn;
  const byAddress = await limiter.hit('signin', addressKey(deps.secret, clientIp(c), now, 'signin'), [{ seconds: SIGN_IN_WINDOW_SECONDS, max: limits.requestsPerAddress }]);
  if (byAddress.exceeded) return { sent: false, retryAfterSeconds: byAddress.exceeded.retryAfterSeconds };
  // Past the per-phone limit the answer stays "sent" but no SMS goes and the last code stays good:
  // asking for codes cannot lock the phone's owner out, nor run up SMS.
  const byPhone = await limiter.hit('signin-code', phoneKey(deps.secret, phone), [{ seconds: SIGN_IN_WINDOW_SECONDS, max: limits.codesPerPhone }]);
  const person = principals(county).get(phone);
  // The same answer whether or not the phone is on the roster: nobody learns who is.
  if (person && !byPhone.exceeded) {
    const code = newLoginCode();
    await deps.admin.putLoginCode(phone, hashLoginCode(deps.secret, phone, code), new Date(now.getTime() + CODE_MINUTES * 60_000));
    // The SMS wording is a chunk loaded with the first code sent (functions/domain/sms-templates.ts).
    const { loginCodeSms } = await import('../../domain/sms-templates.ts');
    await deps.sms.send({ to: phone, ...loginCodeSms(county, code), role: 'login' });
  }
  return { sent: true };
}

/** What checking a sign-in code came to: the person it signs in, a wrong or expired code, or too many tries. */
export type CodeCheckOutcome = { readonly person: Principal; readonly retryAfterSeconds?: undefined } | { readonly person?: undefined; readonly retryAfterSeconds?: number };

/** Checks a sign-in code (bounded per address and per phone and day); the code is used up when right. */
export async function checkSignInCode(deps: AdminDeps, limiter: Limiter, c: Context, phone: string, code: string): Promise<CodeCheckOutcome> {
  const now = deps.clock.now();
  const { county } = await deps.county.get();
  const limits = county.limits.signIn;
  const [byAddress, byPhone] = await Promise.all([
    limiter.hit('signin', addressKey(deps.secret, clientIp(c), now, 'signin'), [{ seconds: SIGN_IN_WINDOW_SECONDS, max: limits.requestsPerAddress }]),
    limiter.hit('signin-verify', phoneKey(deps.secret, phone), [{ seconds: DAY, max: limits.verifyTriesPerPhonePerDay }]),
  ]);
  const exceeded = byAddress.exceeded ?? byPhone.exceeded;
  if (exceeded) return { retryAfterSeconds: exceeded.retryAfterSeconds };
  const person = principals(county).get(phone);
  const ok = person !== undefined && (await deps.admin.useLoginCode(phone, hashLoginCode(deps.secret, phone, code), now, CODE_TRIES));
  return person && ok ? { person } : {};
}

export function sessionRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const limiter = new Limiter(deps.admin, deps.clock);
  return new Hono<AdminEnv>()
    .post('/login/code', zValidator('json', PhoneBody, invalid), async (c) => {
      const outcome = await requestSignInCode(deps, limiter, c, c.req.valid('json').phone);
      if (!outcome.sent) return tooMany(c, outcome.retryAfterSeconds);
      return c.json({ sent: true, expiresInMinutes: CODE_MINUTES }, 202);
    })
    .post('/login/verify', zValidator('json', VerifyBody, invalid), async (c) => {
      const { phone, code } = c.req.valid('json');
      const now = deps.clock.now();
      const { person, retryAfterSeconds } = await checkSignInCode(deps, limiter, c, phone, code);
      if (retryAfterSeconds !== undefined) return tooMany(c, retryAfterSeconds);
      if (!person) {
        return problem(c, { type: '/problems/wrong-code', title: 'Wrong or expired code', status: 401, detail: `ask for a new code if this one is older than ${CODE_MINUTES} minutes or was tried ${CODE_TRIES} times` });
      }
      const session = issueSession(deps.secret, person.id, now);
      await deps.admin.putSession(session.sid, { principalId: person.id, phone: person.phone }, session.expiresAt);
      setCookie(c, SESSION_COOKIE, session.token, { path: '/', httpOnly: true, secure: secureCookie(c), sameSite: 'Strict', maxAge: SESSION_HOURS * 3600 });
      await deps.admin.audit({ at: now.toISOString(), principalId: person.id, name: person.name, role: person.role, action: 'login', channel: 'console', ip: clientIp(c) });
      return c.json({ name: person.name, role: person.role, csrfToken: session.csrf });
    })
    .post('/logout', async (c) => {
      // The server forgets the session: a copy of the cookie replayed later is refused.
      const session = readSession(deps.secret, getCookie(c, SESSION_COOKIE) ?? '', deps.clock.now());
      if (session) await deps.admin.deleteSession(session.sid);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c), sameSite: 'Strict' });
      return c.body(null, 204);
    })
    .get('/me', requireSession(deps), (c) => {
      const p = c.get('principal');
      return c.json({ id: p.id, name: p.name, role: p.role, villageIds: p.villageIds ?? [], officeId: p.officeId, stationId: p.stationId, csrfToken: c.get('csrf') } satisfies Me, 200, { 'Cache-Control': 'no-store' });
    });
}
