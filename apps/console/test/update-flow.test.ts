import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { advance, card, openConsole, SEEDED_ID, screenshot, useConsole } from './helpers/console.js';

const env = useConsole();

describe('updating a deployment in the browser', () => {
  it('shows the seeded deployment with its state, threads, priority and one allocation', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');
      expect(await deployment.locator('h3').textContent()).toBe(SEEDED_ID);
      expect(await deployment.locator('[data-fact="state"]').textContent()).toBe('started');
      expect(await deployment.locator('[data-fact="allocation"]').textContent()).toBe('fully_allocated');
      expect(await deployment.locator('[data-fact="adaptive"]').textContent()).toBe('off');
      expect(await deployment.locator('[data-fact="threads"]').textContent()).toBe('1');
      expect(await deployment.locator('[data-fact="priority"]').textContent()).toBe('normal');
      expect(await deployment.locator('[data-node-count]').allTextContents()).toEqual(['1 / 1']);
      expect(await c.page.locator('summary [data-connection]').textContent()).toContain('this server');
      expect(c.errors).toEqual([]);
      await screenshot(c.page, 'desktop-initial');
    } finally {
      await c.close();
    }
  });

  it('updates to 4 allocations, shows the exact request first, and watches the bars converge to 4/4', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      const total = () => deployment.locator('[data-total]').textContent();
      const refreshed = () => c.page.locator('[data-refreshed]').textContent();
      const input = deployment.getByLabel('Number of allocations');
      await expect.poll(() => input.inputValue()).toBe('1');
      await input.fill('4');
      await expect
        .poll(() => deployment.locator('[data-request]').textContent())
        .toBe(`POST /_ml/trained_models/${SEEDED_ID}/deployment/_update\n{"number_of_allocations":4}`);
      expect(c.updates()).toHaveLength(0);
      const preview = await deployment.locator('[data-request]').textContent();
      await screenshot(c.page, 'update-preview');

      const seen = [(await total()) ?? ''];
      let text = await refreshed();
      await deployment.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => deployment.locator('[data-result]').textContent())
        .toContain('Updated: 4 allocations');
      expect(c.updates()).toHaveLength(1);
      expect(c.updates()[0]?.postData()).toBe('{"number_of_allocations":4}');
      // The preview is the request the client sent: method, encoded path, query and body.
      const sent = c.updates()[0];
      const sentUrl = new URL(sent?.url() ?? '');
      expect(preview).toBe(
        `${sent?.method()} ${sentUrl.pathname}${sentUrl.search}\n${sent?.postData() ?? ''}`,
      );
      // The update triggers a refresh at once.
      await expect.poll(refreshed).not.toBe(text);
      await c.page.evaluate(() => 0);
      await screenshot(c.page, 'update-converging');
      const converging = await refreshed();

      // Record what the bars show at each refresh, stepping the mock's clock by 500 ms and the
      // page's by a second (one fast refresh) each time.
      for (let step = 0; ; step++) {
        const now = await total();
        if (now !== null && seen.at(-1) !== now) {
          seen.push(now);
        }
        if (now === '4 / 4') {
          break;
        }
        expect(step).toBeLessThan(20);
        await advance(env.server, 500);
        text = await refreshed();
        await c.page.clock.runFor(1_000);
        await expect.poll(refreshed).not.toBe(text);
        await c.page.evaluate(() => 0);
      }

      // The bars went from the old total through at least one partial state to the new one.
      expect(seen[0]).toBe('1 / 1');
      expect(seen.at(-1)).toBe('4 / 4');
      expect(seen.some((t) => /^[1-3] \/ 4$/.test(t))).toBe(true);
      expect(converging).toContain('every second');
      // Two nodes with two allocations each, drawn against the deployment's target.
      await expect
        .poll(() => deployment.locator('[data-node-count]').allTextContents())
        .toEqual(['2 / 2', '2 / 2']);
      await expect
        .poll(() => deployment.locator('[data-fact="allocation"]').textContent())
        .toBe('fully_allocated');
      const bars = await deployment
        .locator('.bar-node')
        .evaluateAll((els) =>
          els.map((e) => [e.getAttribute('data-current'), e.getAttribute('data-target')]),
        );
      expect(bars).toEqual([
        ['2', '2'],
        ['2', '2'],
      ]);
      expect(c.errors).toEqual([]);
      await screenshot(c.page, 'update-converged');
    } finally {
      await c.close();
    }
  });

  it('refreshes every second of the page’s clock while converging, and every 15 s otherwise', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      const stats = () => c.requests.filter((r) => r.url().includes('/_stats')).length;
      const refreshed = () => c.page.locator('[data-refreshed]').textContent();
      // After a refresh has drawn, one round trip to the page lets the poller schedule the next run.
      const settle = async (before: string | null) => {
        await expect.poll(refreshed).not.toBe(before);
        await c.page.evaluate(() => 0);
      };
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');
      await expect.poll(refreshed).toContain('every 15 s');
      await c.page.evaluate(() => 0);

      // Idle: nothing for 15 s less a millisecond, then one refresh.
      let before = stats();
      let text = await refreshed();
      await c.page.clock.runFor(14_999);
      await c.page.evaluate(() => 0);
      expect(stats()).toBe(before);
      await c.page.clock.runFor(1);
      await expect.poll(stats).toBe(before + 1);
      await settle(text);

      // Converging: one refresh per second of the page's clock, each second also stepped on the mock's
      // clock (allocations converge in 1.5 s of it), until the update has converged.
      await deployment.getByLabel('Number of allocations').fill('3');
      text = await refreshed();
      await deployment.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => deployment.locator('[data-result]').textContent()).toContain('Updated');
      await expect.poll(refreshed).toContain('every second');
      await c.page.evaluate(() => 0);
      let fastRefreshes = 0;
      while ((await deployment.locator('[data-total]').textContent()) !== '3 / 3') {
        expect(fastRefreshes).toBeLessThan(10);
        await advance(env.server, 1_000);
        before = stats();
        text = await refreshed();
        await c.page.clock.runFor(999);
        await c.page.evaluate(() => 0);
        expect(stats()).toBe(before);
        await c.page.clock.runFor(1);
        await expect.poll(stats).toBe(before + 1);
        await settle(text);
        fastRefreshes++;
      }
      expect(fastRefreshes).toBeGreaterThanOrEqual(1);
      await expect.poll(refreshed).toContain('every 15 s');
      await c.page.evaluate(() => 0);

      // Converged: back to the slow pace.
      before = stats();
      await c.page.clock.runFor(14_999);
      await c.page.evaluate(() => 0);
      expect(stats()).toBe(before);
    } finally {
      await c.close();
    }
  });

  it('keeps refreshing at the fast pace when a read fails while converging', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      const isStats = (r: Request) => r.url().includes('/_stats');
      const done = new Set<Request>();
      c.page.on('requestfinished', (r) => done.add(r));
      c.page.on('requestfailed', (r) => done.add(r));
      const inFlight = () => c.requests.filter((r) => isStats(r) && !done.has(r)).length;
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');
      await deployment.getByLabel('Number of allocations').fill('4');
      await deployment.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => deployment.locator('[data-result]').textContent()).toContain('Updated');
      // The next reads of the stats fail (the client retries once), while allocations converge.
      const faults = await fetch(`${env.server.url}/_mock/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 503, count: 4, path: '/_stats' }),
      });
      expect(faults.status).toBe(200);
      // Step both clocks 100 ms at a time, only while no read is in flight, so the page's clock
      // counts the page's own waits.
      const errors = new Set<string>();
      let pageMs = 0;
      while ((await deployment.locator('[data-total]').textContent()) !== '4 / 4') {
        // Well within the 15 s slow interval: the failed reads were retried at the fast pace.
        expect(pageMs).toBeLessThan(15_000);
        await expect.poll(inFlight).toBe(0);
        await c.page.evaluate(() => 0);
        for (const type of await c.page.locator('[role="alert"] [data-error="type"]').allTextContents()) {
          errors.add(type);
        }
        await advance(env.server, 100);
        await c.page.clock.runFor(100);
        pageMs += 100;
      }
      expect([...errors]).toEqual(['master_not_discovered_exception']);
      expect(await c.page.locator('[role="alert"]').textContent()).toBe('');
    } finally {
      await c.close();
    }
  });

  it('switching adaptive resources off sends the number with adaptive_allocations enabled false', async () => {
    const seed = env.server.state();
    await env.server.reset({
      ...seed,
      deployments: seed.deployments.map((d) =>
        d.deployment_id === SEEDED_ID
          ? {
              ...d,
              adaptive_allocations: {
                enabled: true,
                min_number_of_allocations: 1,
                max_number_of_allocations: 4,
              },
            }
          : d,
      ),
    });
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      await expect.poll(() => deployment.locator('[data-fact="adaptive"]').textContent()).toBe('1–4');
      const toggle = deployment.getByRole('switch', { name: 'Adaptive resources' });
      expect(await toggle.isChecked()).toBe(true);
      expect(await deployment.getByLabel('Minimum allocations').inputValue()).toBe('1');
      expect(await deployment.getByLabel('Maximum allocations').inputValue()).toBe('4');
      await toggle.click();
      await deployment.getByLabel('Number of allocations').fill('2');
      const body = '{"number_of_allocations":2,"adaptive_allocations":{"enabled":false}}';
      await expect.poll(() => deployment.locator('[data-request]').textContent()).toContain(body);
      await screenshot(c.page, 'adaptive-off-preview');
      await deployment.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => deployment.locator('[data-result]').textContent())
        .toContain('Updated: 2 allocations');
      expect(c.updates().map((r) => r.postData())).toEqual([body]);
      await expect.poll(() => deployment.locator('[data-fact="adaptive"]').textContent()).toBe('off');
      await expect
        .poll(() => deployment.locator('[data-total]').textContent(), { timeout: 15_000 })
        .toBe('2 / 2');
    } finally {
      await c.close();
    }
  });
});
