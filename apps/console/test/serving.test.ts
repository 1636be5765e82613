import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_DIR, card, openConsole, useConsole } from './helpers/console.js';

const env = useConsole();

describe('the console as the mock server serves it', () => {
  it('answers the built page at /_console/, the address the README gives', async () => {
    const response = await fetch(`${env.server.url}/_console/`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe(readFileSync(`${CONSOLE_DIR}index.html`, 'utf8'));
  });

  it('redirects /_console to /_console/', async () => {
    const response = await fetch(`${env.server.url}/_console`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/_console/');
  });

  it('opens at /_console/ in the browser and lists the seeded deployment', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server, undefined, '/_console/');
    try {
      await expect.poll(() => card(c.page).locator('[data-total]').textContent()).toBe('1 / 1');
      expect(c.page.url()).toBe(`${env.server.url}/_console/`);
    } finally {
      await c.close();
    }
  });

  it('loads its script and styles from /_console/assets/', async () => {
    const html = readFileSync(`${CONSOLE_DIR}index.html`, 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/_console\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBe(2);
    for (const asset of assets) {
      const response = await fetch(`${env.server.url}${asset}`);
      expect(response.status, asset).toBe(200);
    }
  });
});
