import { describe, expect, it } from 'vitest';
import { card, openConsole, useConsole } from './helpers/console.js';

// One simulated cluster on two ports (docs/multi-node.md). The page is opened from the second node,
// so that node is its own origin; the mock sends no CORS headers, so the first node would be
// unusable cross-origin anyway, and here it refuses connections before any CORS check applies.
const env = useConsole({ httpNodes: 2 });
const KEY = 'mldeploy.console.connection';

/** Sends a control request to the mock through the node that stays up. */
async function control(url: string, method: string, body?: unknown): Promise<void> {
  const response = await fetch(`${url}/_mock/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
}

describe('the connection panel with several URLs', () => {
  it('lists the deployments through the second URL while the first refuses connections', async () => {
    const [first, second] = env.server.nodes;
    if (!first || !second) {
      throw new Error('the mock should have two HTTP nodes');
    }
    await env.server.reset();
    const c = await openConsole(env.browser, { ...env.server, url: second.url });
    try {
      const { page } = c;
      await expect.poll(() => card(page).locator('[data-total]').textContent()).toBe('1 / 1');
      await control(second.url, 'POST', { node: first.name, refuse_connections: true });

      await page.locator('summary').click();
      // A bad entry is named, and nothing changes.
      await page.getByLabel('Elasticsearch URLs').fill(`${first.url}\nnot a url`);
      await page.getByRole('button', { name: 'Connect' }).click();
      expect(await page.locator('.field-error').textContent()).toBe('Not a URL: not a url');
      expect(await page.locator('summary [data-connection]').textContent()).toContain('this server');

      await page.getByLabel('Elasticsearch URLs').fill(`${first.url}/\n${second.url}`);
      const sent = c.requests.length;
      await page.getByRole('button', { name: 'Connect' }).click();
      expect(await page.locator('.field-error').textContent()).toBe('');
      // The client may pause before retrying on the other node: the page's clock moves through it.
      await expect
        .poll(async () => {
          await page.clock.runFor(500);
          return card(page).locator('[data-total]').textContent();
        })
        .toBe('1 / 1');
      expect(await page.locator('[role="alert"] [data-error="type"]').count()).toBe(0);
      expect(await page.locator('summary [data-connection]').textContent()).toContain(
        `2 nodes (${first.url}, \u2026)`,
      );
      expect(await page.evaluate((k) => sessionStorage.getItem(k), KEY)).toBe(
        JSON.stringify({ urls: [first.url, second.url], apiKey: '' }),
      );
      expect(await page.evaluate(() => localStorage.length)).toBe(0);

      // Requests went to the refusing node first and were answered by the second.
      const after = c.requests.slice(sent);
      const origins = new Set(after.map((r) => new URL(r.url()).origin));
      expect(origins).toEqual(new Set([first.url, second.url]));
      const answered = await Promise.all(
        after.map(async (r) => ({ origin: new URL(r.url()).origin, response: await r.response() })),
      );
      expect(answered.filter((a) => a.response !== null).every((a) => a.origin === second.url)).toBe(true);
      expect(answered.some((a) => a.origin === second.url && a.response?.status() === 200)).toBe(true);

      // A reload keeps both URLs in the field, one per line.
      await page.reload();
      await page.locator('summary').click();
      expect(await page.getByLabel('Elasticsearch URLs').inputValue()).toBe(`${first.url}\n${second.url}`);
    } finally {
      await c.close();
      await control(second.url, 'DELETE');
    }
  });
});
