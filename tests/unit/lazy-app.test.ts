import { Hono } from 'hono/tiny';
import { describe, expect, it } from 'vitest';
import { lazyApp } from '../../functions/api/lazy.ts';

describe('lazyApp', () => {
  it('loads the sub-app on the first request that reaches it, once, and lets it answer with the request as sent', async () => {
    // Arrange
    let loads = 0;
    const app = new Hono();
    app.get('/api/ping', (c) => c.text('pong'));
    app.all(
      '/o/*',
      lazyApp(async () => {
        loads += 1;
        return new Hono().post('/o/:token', async (c) => c.text(`${c.req.param('token')}:${await c.req.text()}`));
      }),
    );

    // Act
    const before = await app.request('/api/ping');
    const loadsBefore = loads;
    const first = await app.request('/o/abc', { method: 'POST', body: 'one' });
    const second = await app.request('/o/def', { method: 'POST', body: 'two' });

    // Assert
    expect(await before.text()).toBe('pong');
    expect(loadsBefore).toBe(0);
    expect([await first.text(), await second.text()]).toEqual(['abc:one', 'def:two']);
    expect(loads).toBe(1);
  });

  it('tries the import again on the next request after it failed', async () => {
    // Arrange
    let attempts = 0;
    const app = new Hono();
    app.onError((error, c) => c.text(error.message, 503));
    app.all(
      '/o/*',
      lazyApp(async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('chunk missing');
        return new Hono().get('/o/x', (c) => c.text('loaded'));
      }),
    );

    // Act
    const failed = await app.request('/o/x');
    const retried = await app.request('/o/x');

    // Assert
    expect([failed.status, await failed.text()]).toEqual([503, 'chunk missing']);
    expect([retried.status, await retried.text()]).toEqual([200, 'loaded']);
  });
});
