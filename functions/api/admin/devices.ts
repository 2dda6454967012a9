/**
 * `/api/v1/admin/devices`: the phones signed in to the officer inbox (`/o/inbox`), per person, and
 * revoking them. Everyone sees and revokes their own; chiefs those of the people in their area (an
 * office its villages' officers and assistants, a station also its offices' staff); the bureau
 * everyone's. A roster change that takes a post from its phone ends that post's device sessions
 * (`endVacatedDevices`).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { principals, type Principal } from '../../domain/auth.ts';
import { mayManageDevices } from '../../domain/permissions.ts';
import { fieldProblems, problem, problems } from '../problem.ts';
import { allow, audit, requireSession, type AdminDeps, type AdminEnv } from './session.ts';
import { withErrorHandling } from './errors.ts';
import type { DevicePerson, Devices } from './views.ts';

const invalid = (r: { success: boolean; error?: unknown }, c: Context) => {
  if (!r.success) return problem(c, problems.validation(fieldProblems(r.error as Parameters<typeof fieldProblems>[0])));
};

const Who = z.object({ principalId: z.optional(z.string().check(z.regex(/^(officer|assistant|staff):[a-z0-9-]{1,40}$/, 'must be a person id such as officer:wang-jun'))) });
const Sid = z.object({ sid: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/, 'must be a device session id')) });

export function devicesRoutes(deps: AdminDeps): Hono<AdminEnv> {
  /** The person whose devices are asked for (oneself by default), if the caller may manage them. */
  async function target(c: Context<AdminEnv>, principalId: string | undefined): Promise<Principal | Response> {
    const p = c.get('principal');
    const { county } = await deps.county.get();
    const person = principalId === undefined ? p : [...principals(county).values()].find((x) => x.id === principalId);
    // Someone outside one's area answers like someone who does not exist.
    if (!person || !mayManageDevices(county, p, person)) return problem(c, problems.notFound('no such person in your area'));
    return person;
  }

  return new Hono<AdminEnv>()
    .use('*', allow('devices.manage'))
    .get('/people', async (c) => {
      const p = c.get('principal');
      const { county } = await deps.county.get();
      const people = [...principals(county).values()].filter((x) => mayManageDevices(county, p, x)).map(({ id, name, role, villageIds }) => ({ id, name, role, villageIds: villageIds ?? [] }));
      return c.json(people satisfies readonly DevicePerson[], 200, { 'Cache-Control': 'no-store' });
    })
    .get('/', zValidator('query', Who, invalid), async (c) => {
      const person = await target(c, c.req.valid('query').principalId);
      if (person instanceof Response) return person;
      const devices = (await deps.devices.devices(person.id)).map(({ sid, label, createdAt, expiresAt }) => ({ sid, label, createdAt, expiresAt }));
      return c.json({ principalId: person.id, name: person.name, role: person.role, devices } satisfies Devices, 200, { 'Cache-Control': 'no-store' });
    })
    .delete('/', zValidator('query', Who, invalid), async (c) => {
      const person = await target(c, c.req.valid('query').principalId);
      if (person instanceof Response) return person;
      const revoked = await deps.devices.revokeDevices(person.id);
      await audit(deps, c, 'device.revoke', { detail: `${person.id}: all ${revoked}` });
      return c.json({ revoked });
    })
    .delete('/:sid', zValidator('param', Sid, invalid), zValidator('query', Who, invalid), async (c) => {
      const person = await target(c, c.req.valid('query').principalId);
      if (person instanceof Response) return person;
      const { sid } = c.req.valid('param');
      if (!(await deps.devices.revokeDevice(person.id, sid))) return problem(c, problems.notFound('no such device session'));
      await audit(deps, c, 'device.revoke', { detail: `${person.id}: ${sid}` });
      return c.body(null, 204);
    });
}

/**
 * The devices routes as an app of their own, with their own session check: the console's rarely
 * opened "signed-in phones" page loads them on first use (routes.ts mounts it with `lazyApp`).
 */
export function devicesApp(deps: AdminDeps): Hono<AdminEnv> {
  return withErrorHandling(new Hono<AdminEnv>().use('*', requireSession(deps)).route('/api/v1/admin/devices', devicesRoutes(deps)), deps);
}
