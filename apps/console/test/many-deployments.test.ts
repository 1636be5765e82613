import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  advance,
  card,
  openConsole,
  type Seed,
  screenshot,
  useConsole,
} from './helpers/console.js';

// The mock's time moves only when a test steps it, so convergence is seen step by step on any machine.
const env = useConsole();

const FAMILIES = ['ner', 'elser', 'e5', 'sentiment', 'qa'] as const;
const COUNT = 100;

/** What the seed makes of deployment `i`: its id, state, allocations and adaptive range. */
function deploymentAt(i: number) {
  const family = FAMILIES[i % FAMILIES.length] ?? 'ner';
  const state = i % 25 === 7 ? 'failed' : i % 7 === 3 ? 'starting' : 'started';
  const allocations = 1 + (i % 3);
  return {
    deployment_id: `${family}-${String(i).padStart(3, '0')}`,
    model_id: `${family}-model`,
    number_of_allocations: allocations,
    threads_per_allocation: 1,
    priority: 'normal',
    queue_capacity: 1024,
    state,
    adaptive_allocations:
      i % 4 === 1
        ? { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: allocations + (i % 5) }
        : null,
    ...(state === 'failed' ? { reason: 'simulated failure' } : {}),
  };
}

/** 100 deployments of five models on four ML nodes: started, starting and failed, fixed and adaptive. */
function manyDeployments(base: Seed): Seed {
  return {
    ...base,
    // The default seed's inference endpoint names a model this seed does not have.
    inference_endpoints: [],
    nodes: [1, 2, 3, 4].map((k) => ({
      id: `ml-node-${k}-id`,
      name: `ml-node-${k}`,
      processors: 96,
      memory_bytes: 128 * 2 ** 30,
    })),
    models: FAMILIES.map((f) => ({
      model_id: `${f}-model`,
      model_size_bytes: 50_000_000,
      model_type: 'pytorch',
    })),
    deployments: Array.from({ length: COUNT }, (_, i) => deploymentAt(i)),
  };
}

const SEEDED = Array.from({ length: COUNT }, (_, i) => deploymentAt(i));

/** The rows as the table shows them, top to bottom. */
interface RowText {
  id: string;
  state: string;
  allocations: string;
  adaptive: string;
  nodes: string;
}

function rows(page: Page): Promise<RowText[]> {
  return page.locator('table.deployments tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = (key: string) => tr.querySelector(`[data-cell="${key}"]`)?.textContent ?? '';
      return {
        id: tr.querySelector('th')?.textContent ?? '',
        state: cell('state'),
        allocations: cell('allocations'),
        adaptive: cell('adaptive'),
        nodes: cell('nodes'),
      };
    }),
  );
}

type Key = Array<string | number>;
const cmp = (a: Key, b: Key) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
};

/** How each column orders rows (ascending), written from what the cells say; ties go by id. */
const ORDER: Record<string, (r: RowText) => Key> = {
  Deployment: (r) => [r.id],
  State: (r) => [r.state, r.id],
  Allocations: (r) => [...r.allocations.split(' / ').map(Number), r.id],
  'Adaptive range': (r) =>
    r.adaptive === 'off' ? [0, r.id] : [1, ...r.adaptive.split('–').map(Number), r.id],
  Nodes: (r) => {
    const names = r.nodes === '–' ? [] : r.nodes.split(', ');
    return [names.length, names.join(', '), r.id];
  },
};

const refreshedText = (page: Page) => page.locator('[data-refreshed]').textContent();

/** Moves the page's clock by one fast refresh (1 s) and waits until that refresh has been drawn. */
async function oneRefresh(page: Page): Promise<void> {
  const before = await refreshedText(page);
  await page.clock.runFor(1_000);
  await expect.poll(() => refreshedText(page)).not.toBe(before);
  await page.evaluate(() => 0);
}

describe('the console at 100 deployments', () => {
  it('sorts by every column with the header buttons (aria-sort), by mouse and keyboard', async () => {
    await env.server.reset(manyDeployments(env.server.state()));
    const c = await openConsole(env.browser, env.server, { width: 1440, height: 900 });
    try {
      const { page } = c;
      await expect.poll(() => page.locator('[data-count]').textContent()).toBe('100 deployments');
      const initial = await rows(page);
      expect(initial).toHaveLength(COUNT);
      expect(new Set(initial.map((r) => r.id))).toEqual(new Set(SEEDED.map((d) => d.deployment_id)));
      // The table starts sorted by id, ascending.
      const header = (name: string) =>
        page.locator('thead th').filter({ has: page.getByRole('button', { name }) });
      expect(await header('Deployment').getAttribute('aria-sort')).toBe('ascending');
      expect(initial.map((r) => r.id)).toEqual(SEEDED.map((d) => d.deployment_id).sort());
      // The states and ranges are the seed's.
      const byId = new Map(initial.map((r) => [r.id, r]));
      for (const d of SEEDED) {
        const row = byId.get(d.deployment_id);
        expect(row?.state).toBe(d.state);
        const a = d.adaptive_allocations;
        expect(row?.adaptive).toBe(
          a ? `${a.min_number_of_allocations}–${a.max_number_of_allocations}` : 'off',
        );
      }
      expect(initial.some((r) => r.nodes.includes(', '))).toBe(true);

      for (const [name, key] of Object.entries(ORDER)) {
        const expected = (rs: RowText[]) => [...rs].sort((a, b) => cmp(key(a), key(b))).map((r) => r.id);
        const button = page.getByRole('button', { name, exact: true });
        // Deployment is already ascending: its first click turns it around.
        if (name !== 'Deployment') {
          await button.click();
          expect(await header(name).getAttribute('aria-sort')).toBe('ascending');
          const shown = await rows(page);
          expect(shown.map((r) => r.id)).toEqual(expected(shown));
        }
        // The second activation, from the keyboard, sorts descending.
        await button.focus();
        await page.keyboard.press('Enter');
        expect(await header(name).getAttribute('aria-sort')).toBe('descending');
        const shown = await rows(page);
        expect(shown.map((r) => r.id)).toEqual(expected(shown).reverse());
        // Only the sorted column says so.
        const sorts = await page
          .locator('thead th[aria-sort]')
          .evaluateAll((ths) => ths.map((th) => th.getAttribute('aria-sort')));
        expect(sorts.filter((s) => s !== 'none')).toEqual(['descending']);
      }
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('filters by text and by state, and says how many it shows', async () => {
    await env.server.reset(manyDeployments(env.server.state()));
    const c = await openConsole(env.browser, env.server, { width: 1440, height: 900 });
    try {
      const { page } = c;
      const count = () => page.locator('[data-count]').textContent();
      await expect.poll(count).toBe('100 deployments');
      const ids = async () => (await rows(page)).map((r) => r.id);

      await page.getByLabel('Filter by id').fill('ELSER');
      const elser = SEEDED.filter((d) => d.deployment_id.startsWith('elser-'));
      expect(await count()).toBe(`Showing ${elser.length} of 100 deployments`);
      expect(await ids()).toEqual(elser.map((d) => d.deployment_id).sort());

      // The model id matches too ("sentiment-model" holds "t-mod").
      await page.getByLabel('Filter by id').fill('t-mod');
      expect(await count()).toBe('Showing 20 of 100 deployments');

      await page.getByLabel('Filter by id').fill('elser');
      await page.getByLabel('State').selectOption('starting');
      const elserStarting = elser.filter((d) => d.state === 'starting');
      expect(elserStarting.length).toBeGreaterThan(0);
      expect(await count()).toBe(`Showing ${elserStarting.length} of 100 deployments`);
      expect(await ids()).toEqual(elserStarting.map((d) => d.deployment_id).sort());

      await page.getByLabel('Filter by id').fill('');
      await page.getByLabel('State').selectOption('failed');
      const failed = SEEDED.filter((d) => d.state === 'failed');
      expect(await count()).toBe(`Showing ${failed.length} of 100 deployments`);
      expect((await rows(page)).every((r) => r.state === 'failed')).toBe(true);

      await page.getByLabel('Filter by id').fill('no-such-deployment');
      expect(await count()).toBe('Showing 0 of 100 deployments');
      expect(await ids()).toEqual([]);

      await page.getByLabel('Filter by id').fill('');
      await page.getByLabel('State').selectOption('');
      expect(await count()).toBe('100 deployments');
      expect(await ids()).toHaveLength(COUNT);
    } finally {
      await c.close();
    }
  });

  it('opens a row’s detail, updates it through the form, and charts the allocations as both clocks step', async () => {
    await env.server.reset(manyDeployments(env.server.state()));
    const c = await openConsole(env.browser, env.server, { width: 1440, height: 900 });
    try {
      const { page } = c;
      await expect.poll(() => page.locator('[data-count]').textContent()).toBe('100 deployments');
      // No detail until a row is chosen.
      expect(await page.locator('article[data-deployment]').count()).toBe(0);

      // A click anywhere on the row opens its detail and moves the focus to its heading.
      const id = 'ner-040';
      const row = page.locator(`tr[data-row="${id}"]`);
      await row.locator('[data-cell="nodes"]').click();
      const detail = card(page, id);
      expect(await detail.locator('h3').textContent()).toBe(id);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(id);
      expect(await row.getByRole('button', { name: id }).getAttribute('aria-pressed')).toBe('true');
      // The keyboard opens another, and the first is no longer marked.
      await page.locator('tr[data-row="ner-045"]').getByRole('button').press('Enter');
      await expect
        .poll(() => page.locator('article[data-deployment]').getAttribute('data-deployment'))
        .toBe('ner-045');
      expect(await row.getByRole('button', { name: id }).getAttribute('aria-pressed')).toBe('false');
      await row.getByRole('button', { name: id }).click();
      expect(await detail.locator('[data-total]').textContent()).toBe('2 / 2');

      const chart = detail.locator('[data-chart] svg');
      const spark = row.locator('svg');
      const points = async () => [
        Number(await chart.getAttribute('data-points')),
        Number(await spark.getAttribute('data-points')),
      ];
      // Starting deployments keep the page at the fast pace: each second of its clock is one sample.
      const [first] = await points();
      expect(first).toBeGreaterThanOrEqual(1);
      for (let k = 1; k <= 4; k++) {
        await oneRefresh(page);
        expect(await points()).toEqual([(first ?? 0) + k, (first ?? 0) + k]);
      }

      // Two other deployments change through the API, so their sparklines move too.
      for (const [other, n] of [
        ['elser-001', 4],
        ['e5-002', 1],
      ] as const) {
        const r = await fetch(`${env.server.url}/_ml/trained_models/${other}/deployment/_update`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ number_of_allocations: n, adaptive_allocations: { enabled: false } }),
        });
        expect(r.status).toBe(200);
      }

      await detail.getByLabel('Number of allocations').fill('4');
      await detail.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => detail.locator('[data-result]').textContent())
        .toContain('Updated: 4 allocations');
      expect(c.updates().map((r) => r.postData())).toEqual(['{"number_of_allocations":4}']);
      // The update is followed by a refresh at once, one more sample.
      await expect.poll(async () => (await points())[0]).toBe((first ?? 0) + 5);
      await page.evaluate(() => 0);

      // Step the mock's clock by 500 ms and the page's by one refresh until the table says 4 / 4.
      const totals: string[] = [];
      let [before] = await points();
      for (let step = 0; ; step++) {
        expect(step).toBeLessThan(20);
        await advance(env.server, 500);
        await oneRefresh(page);
        const [now, sparkNow] = await points();
        expect(now).toBe((before ?? 0) + 1);
        expect(sparkNow).toBe(now);
        before = now;
        const total = (await row.locator('[data-cell="allocations"]').textContent()) ?? '';
        totals.push(total);
        if (total === '4 / 4') {
          break;
        }
      }
      expect(totals.some((t) => /^[23] \/ 4$/.test(t))).toBe(true);
      expect(await detail.locator('[data-total]').textContent()).toBe('4 / 4');
      expect(await page.locator('tr[data-row="elser-001"] [data-cell="allocations"]').textContent()).toBe(
        '4 / 4',
      );

      // The current line starts at 2 of 4 (half the plot's 92 px) and ends at the top; the target
      // line ends at the top as well.
      const line = async (name: string) =>
        ((await chart.locator(`.line-${name}`).getAttribute('points')) ?? '')
          .split(' ')
          .map((p) => Number(p.split(',')[1]));
      const current = await line('current');
      expect(current).toHaveLength(before ?? 0);
      expect(current[0]).toBe(46);
      expect(current.at(-1)).toBe(0);
      expect((await line('target')).at(-1)).toBe(0);
      expect(await chart.getAttribute('aria-label')).toContain('now 4 of 4');
      // A load line only when the server reports inferences (this mock's counters may stay at 0).
      const stats = (await (await fetch(`${env.server.url}/_ml/trained_models/${id}/_stats`)).json()) as {
        trained_model_stats: Array<{
          deployment_stats?: { nodes: Array<{ throughput_last_minute?: number }> };
        }>;
      };
      const load = stats.trained_model_stats[0]?.deployment_stats?.nodes.reduce(
        (s, n) => s + (n.throughput_last_minute ?? 0),
        0,
      );
      expect(await chart.locator('.line-load').count()).toBe(load ? 1 : 0);

      // Sorted by allocations, descending: the deployments at 4 come first.
      await page.getByRole('button', { name: 'Allocations', exact: true }).click();
      await page.getByRole('button', { name: 'Allocations', exact: true }).click();
      const top = (await rows(page)).slice(0, 2).map((r) => r.id);
      expect(top.sort()).toEqual(['elser-001', 'ner-040']);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('[data-detail]').evaluate((e) => e.scrollTo(0, 0));
      await page.screenshot({ path: `${ARTIFACTS}table-100.png` });
      await screenshot(page, 'table-100-full');
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('fits 360 px at 100 deployments: the table keeps id, state and allocations', async () => {
    await env.server.reset(manyDeployments(env.server.state()));
    const c = await openConsole(env.browser, env.server, { width: 360, height: 780 });
    try {
      const { page } = c;
      await expect.poll(() => page.locator('[data-count]').textContent()).toBe('100 deployments');
      const visible = await page
        .locator('thead th')
        .evaluateAll((ths) => ths.filter((th) => th.getClientRects().length > 0).map((th) => th.textContent));
      expect(visible).toEqual(['Deployment ▲', 'State', 'Allocations']);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: `${ARTIFACTS}table-100-mobile-top.png` });
      await page.locator('tr[data-row="qa-004"]').getByRole('button').click();
      expect(await card(page, 'qa-004').locator('h3').textContent()).toBe('qa-004');
      await screenshot(page, 'table-100-mobile');
    } finally {
      await c.close();
    }
  });
});
