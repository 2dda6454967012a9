/**
 * Admin sign-in without passwords: a roster member asks for a one-time code by SMS and signs in with
 * it; the session is a signed, expiring cookie. Who someone is (role and area) always comes from the
 * current roster, so a person taken off the roster loses access at the next request.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { County } from './county.ts';
import type { DeviceStore } from './ports.ts';

export const ADMIN_ROLES = ['officer', 'assistant', 'office', 'station', 'bureau', 'informant'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** A signed-in person and the area they may see. */
export interface Principal {
  /** `officer:wang-jun`, `assistant:dongshan`, `staff:ma-li`, `informant:dongshan:+8613600007001`. */
  readonly id: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly phone: string;
  /** officer: the villages they cover; assistant and informant: their one village. */
  readonly villageIds?: readonly string[];
  readonly officerId?: string;
  readonly officeId?: string;
  readonly stationId?: string;
}

const RANK: Record<AdminRole, number> = { bureau: 5, station: 4, office: 3, officer: 2, assistant: 1, informant: 0 };

/** Everyone on the roster who may sign in, by phone; one phone with two roles signs in with the wider one. */
export function principals(county: County): Map<string, Principal> {
  const out = new Map<string, Principal>();
  const add = (p: Principal) => {
    const existing = out.get(p.phone);
    if (!existing || RANK[p.role] > RANK[existing.role]) out.set(p.phone, p);
  };
  const villagesOf = new Map<string, string[]>();
  for (const station of county.stations) {
    for (const office of station.offices) {
      for (const village of office.villages) {
        villagesOf.set(village.officerId, [...(villagesOf.get(village.officerId) ?? []), village.id]);
        add({ id: `assistant:${village.id}`, name: village.assistant.name, role: 'assistant', phone: village.assistant.phone, villageIds: [village.id], officeId: office.id, stationId: station.id });
        for (const informant of village.informants) {
          add({ id: `informant:${village.id}:${informant.phone}`, name: informant.name, role: 'informant', phone: informant.phone, villageIds: [village.id], officeId: office.id, stationId: station.id });
        }
      }
    }
  }
  for (const officer of county.officers) {
    add({ id: `officer:${officer.id}`, name: officer.name, role: 'officer', phone: officer.phone, officerId: officer.id, villageIds: villagesOf.get(officer.id) ?? [] });
  }
  for (const person of county.staff) {
    const stationId = person.role === 'office' ? county.stations.find((s) => s.offices.some((o) => o.id === person.officeId))?.id : person.stationId;
    add({ id: `staff:${person.id}`, name: person.name, role: person.role, phone: person.phone, ...(person.officeId && { officeId: person.officeId }), ...(stationId && { stationId }) });
  }
  return out;
}

export function principalById(county: County, id: string): Principal | undefined {
  for (const p of principals(county).values()) if (p.id === id) return p;
  return undefined;
}

/**
 * Who no longer holds their post after a roster change: ids gone from the roster, or now held
 * with another phone. Their device sessions end with the change.
 */
export function vacatedPosts(before: County, after: County): string[] {
  const phoneOf = new Map([...principals(after).values()].map((p) => [p.id, p.phone]));
  return [...principals(before).values()].filter((p) => phoneOf.get(p.id) !== p.phone).map((p) => p.id);
}

// ── One-time codes ──────────────────────────────────────────────────────────────────────────────

/** Minutes a sign-in code stays valid (the login template says so in its fixed words). */
export const CODE_MINUTES = 5;
export const CODE_TRIES = 5;

export function newLoginCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hashLoginCode(secret: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`login:${phone}:${code}`).digest('base64url');
}

// ── Sessions ────────────────────────────────────────────────────────────────────────────────────

export const SESSION_HOURS = 12;

interface SessionPayload {
  /** Principal id. */
  readonly sub: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
  /** Random session id: the CSRF token is derived from it. */
  readonly sid: string;
}

/**
 * What a session token is for: `session`, the console's 12-hour session; `device`, an officer's
 * long-lived session on one phone (the inbox at `/o/`). Each is signed under its own name, so one
 * never passes for the other.
 */
export type SessionKind = 'session' | 'device';

/** How long a device session lasts; used within its second half, it is renewed for as long again. */
export const DEVICE_DAYS = 90;

const LIFETIME_MS: Record<SessionKind, number> = { session: SESSION_HOURS * 3_600_000, device: DEVICE_DAYS * 86_400_000 };

function sign(secret: string, data: string, kind: SessionKind): string {
  return createHmac('sha256', secret).update(`${kind}:${data}`).digest('base64url');
}

/** A new session token; `sid` renews an existing session (a device's) under the same id. */
export function issueSession(secret: string, principalId: string, now: Date, kind: SessionKind = 'session', sid?: string): { token: string; expiresAt: Date; csrf: string; sid: string } {
  const expiresAt = new Date(now.getTime() + LIFETIME_MS[kind]);
  const payload: SessionPayload = { sub: principalId, exp: Math.floor(expiresAt.getTime() / 1000), sid: sid ?? createHmac('sha256', secret).update(`${principalId}:${now.toISOString()}:${randomInt(0, 2 ** 47)}`).digest('base64url').slice(0, 22) };
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${data}.${sign(secret, data, kind)}`, expiresAt, csrf: csrfToken(secret, payload.sid), sid: payload.sid };
}

/** The session's principal id, id, CSRF token and expiry, if the token is genuine, of this kind and unexpired. */
export function readSession(secret: string, token: string, now: Date, kind: SessionKind = 'session'): { principalId: string; csrf: string; sid: string; expiresAt: Date } | undefined {
  const [data, mac] = token.split('.');
  if (!data || !mac) return undefined;
  const expected = Buffer.from(sign(secret, data, kind));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime() || typeof payload.sid !== 'string') return undefined;
  return { principalId: payload.sub, csrf: csrfToken(secret, payload.sid), sid: payload.sid, expiresAt: new Date(payload.exp * 1000) };
}

function csrfToken(secret: string, sid: string): string {
  return createHmac('sha256', secret).update(`csrf:${sid}`).digest('base64url').slice(0, 32);
}

/** Ends the device sessions of everyone whose post the roster change took from them (or gave another phone). */
export async function endVacatedDevices(devices: Pick<DeviceStore, 'revokeDevices'>, before: County, after: County): Promise<number> {
  const ended = await Promise.all(vacatedPosts(before, after).map((id) => devices.revokeDevices(id)));
  return ended.reduce((a, b) => a + b, 0);
}
