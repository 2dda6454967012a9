/**
 * Routes only the local stack has: the SMS outbox, as JSON (the contract tests use) and as a page,
 * and time travel for trying escalation without waiting hours.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { OffsetClock, type Clock } from '../../functions/domain/ports.ts';
import { readOutbox } from '../../functions/notify/outbox.ts';

export interface DevRoutesOptions {
  readonly outboxFile: string;
  /** The clock the handlers use; time travel needs an OffsetClock. */
  readonly clock: Clock;
  /** Runs the escalation handler now, as the schedule would. */
  readonly escalate: () => Promise<unknown>;
}

export function devRoutes(options: DevRoutesOptions): Hono {
  const { outboxFile, clock } = options;
  return new Hono()
    .get('/outbox.json', async (c) => {
      const entries = await readOutbox(outboxFile);
      return c.json(
        entries.map(({ to, role, body, caseNumber, at, ...rest }) => ({ to, role, body, caseNumber, at, ...rest })),
        200,
        { 'Cache-Control': 'no-store' },
      );
    })
    .get('/outbox', async (c) => {
      const entries = (await readOutbox(outboxFile)).reverse();
      c.header('Cache-Control', 'no-store');
      return c.html(html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="3"><title>SMS outbox (local)</title><link rel="stylesheet" href="/site.css"></head>
<body><main class="page"><h1>SMS outbox</h1>
<p class="note">Local stack only: these messages would go to real phones through the county's SMS provider (for a domestic provider: the template code and parameters under each). Newest first; refreshes every 3 s. JSON: <a href="/dev/outbox.json">/dev/outbox.json</a></p>
${entries.length === 0 ? html`<p>No SMS yet.</p>` : ''}
${entries.map(
  (e) => html`<div class="card"><p><strong>${e.role}</strong> → ${e.to} · ${e.caseNumber ?? ''} · <time>${e.at}</time>${e.status === 'failed' ? html` · <strong class="error">failed</strong>` : ''}</p><p>${e.body}</p>${e.template ? html`<p class="note">template ${e.template.code ?? html`<strong class="error">no code for ${e.template.type}</strong>`} (${e.template.type}) · <code>${JSON.stringify(e.template.params)}</code></p>` : ''}</div>`,
)}
</main></body></html>`);
    })
    .post('/clock', async (c) => {
      if (!(clock instanceof OffsetClock)) return c.json({ error: 'this stack runs on the system clock' }, 409);
      const minutes = Number(c.req.query('advanceMinutes') ?? (await c.req.json().catch(() => ({}))).advanceMinutes);
      if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 60 * 24 * 365) {
        return c.json({ error: 'advanceMinutes must be a number of minutes, more than 0 and at most a year' }, 400);
      }
      clock.advance(minutes * 60_000);
      return c.json({ now: clock.now().toISOString(), offsetMinutes: clock.offsetMs / 60_000 });
    })
    .post('/escalate', async (c) => c.json(await options.escalate()));
}
