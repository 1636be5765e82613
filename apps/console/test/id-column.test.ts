import { describe, expect, it } from 'vitest';
import { openConsole, SEEDED_ID, screenshot, useConsole } from './helpers/console.js';

// The default deployment's id is 58 characters; the table gives it the room the other columns can
// spare and wraps it between its words, so it is never cut short. The mock's clock and the page's
// stand still: nothing here depends on time.
const env = useConsole();

/** How an element's content fits its box. */
interface Fit {
  text: string;
  title: string | null;
  clipped: boolean;
  width: number;
}

describe('the deployment id column', () => {
  it.each([1280, 800])('shows the whole id at %i px, on hover and in the detail', async (width) => {
    const c = await openConsole(env.browser, env.server, { width, height: 900 });
    try {
      const button = c.page.locator('table.deployments tbody .row-open');
      await button.waitFor();
      const measure = (selector: string) =>
        c.page.locator(selector).evaluateAll((elements) =>
          elements
            .filter((e) => getComputedStyle(e).display !== 'none')
            .map(
              (e): Fit => ({
                text: e.textContent ?? '',
                title: e.getAttribute('title'),
                clipped: e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight,
                width: e.getBoundingClientRect().width,
              }),
            ),
        );
      const [id] = await measure('table.deployments tbody .row-open');
      expect(id).toMatchObject({ text: SEEDED_ID, title: SEEDED_ID, clipped: false });

      // The other columns gave way first: each is narrower than the id's, and none cuts its header.
      const headers = await measure('table.deployments thead th');
      const [idHeader, ...others] = headers;
      for (const other of others) {
        expect(other.width, other.text).toBeLessThan(idHeader?.width ?? 0);
      }
      expect((await measure('table.deployments thead button')).filter((b) => b.clipped)).toEqual([]);
      if (width >= 1200) {
        expect(headers.map((h) => h.text.replace(/ ▲$/, ''))).toContain('Nodes');
        const [nodes] = await measure('table.deployments tbody [data-cell="nodes"]');
        expect(nodes?.title).toBe(nodes?.text);
      }

      await button.click();
      const [heading] = await measure(`article[data-deployment="${SEEDED_ID}"] h3`);
      expect(heading).toMatchObject({ text: SEEDED_ID, clipped: false });
      await screenshot(c.page, `id-column-${width}`);
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
