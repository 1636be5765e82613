import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { card, openConsole, SEEDED_ID, screenshot, step, useConsole } from './helpers/console.js';

const env = useConsole();

/** A short description of the focused element: tag, label text or role. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) {
      return 'body';
    }
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return `${el.tagName.toLowerCase()}:${label.trim()}`;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches, failing after `max` presses. */
async function tabTo(page: Page, wanted: string, key = 'Tab', max = 30): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    path.push(now);
    if (now === wanted) {
      return;
    }
  }
  throw new Error(`never reached ${wanted}; focus went ${path.join(' → ')}`);
}

describe('keyboard and layout', () => {
  it('can be used with the keyboard alone: skip link, switch, fields and Send', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const { page } = c;
      const deployment = card(page);
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');

      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('a:Skip to deployments');
      await page.keyboard.press('Enter');
      expect(await focused(page)).toBe('h2:Deployments');

      // A fixed number: Tab to the field, type, Tab to Send, Enter.
      await tabTo(page, 'input:Number of allocations');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2');
      await tabTo(page, 'button:Send');
      await page.keyboard.press('Enter');
      await expect.poll(() => c.updates().map((r) => r.postData())).toEqual(['{"number_of_allocations":2}']);
      // Both clocks step: the mock's converges the allocations, the page's refreshes.
      await step(page, env.server, 1_500);
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('2 / 2');

      // Adaptive: back to the switch, Space turns it on, bounds typed, Enter in a field sends.
      await tabTo(page, 'input:Adaptive resources', 'Shift+Tab');
      await page.keyboard.press('Space');
      expect(await deployment.getByRole('switch', { name: 'Adaptive resources' }).isChecked()).toBe(true);
      await tabTo(page, 'input:Minimum allocations');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1');
      await tabTo(page, 'input:Maximum allocations');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('3');
      await screenshot(page, 'keyboard-adaptive');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => c.updates().map((r) => r.postData()))
        .toEqual([
          '{"number_of_allocations":2}',
          '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":1,"max_number_of_allocations":3}}',
        ]);
      await expect.poll(() => deployment.locator('[data-fact="adaptive"]').textContent()).toBe('1–3');
      expect(await deployment.locator('[data-result]').textContent()).toContain('adaptive allocations 1–3.');

      // The connection panel opens from the keyboard too.
      await tabTo(page, `summary:${await page.locator('summary').textContent()}`, 'Shift+Tab', 40);
      await page.keyboard.press('Enter');
      expect(await page.locator('details.connection').getAttribute('open')).toBe('');
      await tabTo(page, 'textarea:Elasticsearch URLs');
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('labels every control and marks status and error regions as live', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      await expect.poll(() => card(c.page).locator('[data-total]').textContent()).toBe('1 / 1');
      const unlabelled = await c.page.evaluate(() =>
        [...document.querySelectorAll('input, button, select, textarea')]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            return (
              !(labels && labels.length > 0) && !el.getAttribute('aria-label') && !el.textContent?.trim()
            );
          })
          .map((el) => el.outerHTML),
      );
      expect(unlabelled).toEqual([]);
      const labelFor = await c.page.evaluate(() =>
        [...document.querySelectorAll('label')].every(
          (l) => l.htmlFor !== '' && document.getElementById(l.htmlFor),
        ),
      );
      expect(labelFor).toBe(true);
      const deployment = card(c.page);
      for (const selector of ['[data-check]', '[data-result]']) {
        expect(await deployment.locator(selector).getAttribute('aria-live')).toBe('polite');
      }
      expect(await c.page.locator('[role="alert"]').count()).toBe(1);
      expect(await c.page.locator('[data-announcer]').getAttribute('aria-live')).toBe('polite');
    } finally {
      await c.close();
    }
  });

  it('renders at 360 px wide without horizontal scrolling, and on a desktop', async () => {
    await env.server.reset();
    const narrow = await openConsole(env.browser, env.server, { width: 360, height: 780 });
    try {
      const deployment = card(narrow.page);
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');
      // The worst case for width: the long id, an error and the adaptive fields all visible.
      await deployment.getByRole('switch', { name: 'Adaptive resources' }).check();
      await deployment.getByLabel('Minimum allocations').fill('5');
      await deployment.getByLabel('Maximum allocations').fill('2');
      await narrow.page.locator('summary').click();
      const width = await narrow.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(width.client).toBe(360);
      expect(width.scroll).toBeLessThanOrEqual(360);
      const overflowing = await narrow.page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 360.5)
          .map((el) => el.tagName.toLowerCase() + (el.className ? `.${el.className}` : '')),
      );
      expect(overflowing).toEqual([]);
      expect(await deployment.locator('h3').textContent()).toBe(SEEDED_ID);
      await screenshot(narrow.page, 'mobile-360');
    } finally {
      await narrow.close();
    }
    const wide = await openConsole(env.browser, env.server, { width: 1440, height: 900 });
    try {
      await expect.poll(() => card(wide.page).locator('[data-total]').textContent()).toBe('1 / 1');
      expect(await wide.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
      await screenshot(wide.page, 'desktop-1440');
    } finally {
      await wide.close();
    }
  });
});
