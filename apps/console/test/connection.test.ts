import { describe, expect, it } from 'vitest';
import { card, openConsole, useConsole } from './helpers/console.js';

const env = useConsole();
const KEY = 'mldeploy.console.connection';

describe('the connection panel', () => {
  it('talks to the serving origin by default, without credentials', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      await expect.poll(() => card(c.page).locator('[data-total]').textContent()).toBe('1 / 1');
      expect(c.requests.length).toBeGreaterThan(0);
      for (const request of c.requests) {
        expect(new URL(request.url()).origin).toBe(env.server.url);
        expect(await request.headerValue('authorization')).toBeNull();
      }
      expect(await c.page.locator('summary').textContent()).toContain(
        `mldeploy-mock ${env.server.state().cluster.version}`,
      );
    } finally {
      await c.close();
    }
  });

  it('keeps an API key in sessionStorage only, sends it, and never puts it in the URL', async () => {
    const apiKey = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
    const seed = env.server.state();
    await env.server.reset({
      ...seed,
      security: {
        enabled: true,
        users: [],
        api_keys: [
          { id: 'VuaCfGcBCdbkQm-e5aOx', api_key: 'ui2lp2axTNmsyakw9tvNnw', privileges: ['manage_ml'] },
        ],
      },
    });
    const c = await openConsole(env.browser, env.server);
    try {
      const { page } = c;
      // Without the key the list is refused.
      await expect
        .poll(() => page.locator('[role="alert"] [data-error="type"]').textContent())
        .toBe('security_exception');
      await page.locator('summary').click();
      await page.getByLabel('Elasticsearch URL').fill(env.server.url);
      await page.getByLabel('API key').fill(apiKey);
      const sent = c.requests.length;
      await page.getByRole('button', { name: 'Connect' }).click();
      await expect.poll(() => card(page).locator('[data-total]').textContent()).toBe('1 / 1');
      const after = c.requests.slice(sent);
      expect(after.length).toBeGreaterThan(0);
      for (const request of after) {
        expect(await request.headerValue('authorization')).toBe(`ApiKey ${apiKey}`);
        expect(request.url()).not.toContain(apiKey);
      }
      expect(page.url()).toBe(c.url);
      expect(await page.evaluate((k) => sessionStorage.getItem(k), KEY)).toBe(
        JSON.stringify({ urls: [env.server.url], apiKey }),
      );
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      expect(await page.locator('summary').textContent()).toContain('(API key)');

      // A reload in the same tab keeps the connection; updates carry the key as well.
      await page.reload();
      await expect.poll(() => card(page).locator('[data-total]').textContent()).toBe('1 / 1');
      await card(page).getByLabel('Number of allocations').fill('2');
      await card(page).getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => c.updates().length).toBe(1);
      expect(await c.updates()[0]?.headerValue('authorization')).toBe(`ApiKey ${apiKey}`);

      // "Use this server" forgets the key.
      await page.locator('summary').click();
      await page.getByRole('button', { name: 'Use this server' }).click();
      expect(await page.evaluate((k) => sessionStorage.getItem(k), KEY)).toBeNull();
      await expect
        .poll(() => page.locator('[role="alert"] [data-error="type"]').textContent())
        .toBe('security_exception');
    } finally {
      await c.close();
      await env.server.reset();
    }
  });

  it('reports a server it cannot reach as a connection error', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const { page } = c;
      await expect.poll(() => card(page).locator('[data-total]').textContent()).toBe('1 / 1');
      await page.locator('summary').click();
      await page.getByLabel('Elasticsearch URL').fill('http://127.0.0.1:1');
      await page.getByRole('button', { name: 'Connect' }).click();
      // The client retries a refused connection after a pause: the page's clock moves through them.
      await expect
        .poll(async () => {
          await page.clock.runFor(500);
          return page.locator('[role="alert"] [data-error="type"]').textContent();
        })
        .toBe('connection_error');
      expect(await card(page).count()).toBe(0);
      await page.getByLabel('Elasticsearch URL').fill('not a url');
      await page.getByRole('button', { name: 'Connect' }).click();
      expect(await page.locator('.field-error').textContent()).toBe('Not a URL: not a url');
      expect(await page.locator('summary [data-connection]').textContent()).toContain('http://127.0.0.1:1');
      expect(await page.getByLabel('Elasticsearch URL').getAttribute('aria-invalid')).toBe('true');
    } finally {
      await c.close();
    }
  });
});
