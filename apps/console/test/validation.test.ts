import { describe, expect, it } from 'vitest';
import { card, openConsole, SEEDED_ID, screenshot, useConsole } from './helpers/console.js';

const env = useConsole();

/** What the server itself answers to the same body, to compare with what the page showed. */
async function serverReason(
  url: string,
  body: string,
): Promise<{ status: number; type: string; reason: string }> {
  const response = await fetch(`${url}/_ml/trained_models/${SEEDED_ID}/deployment/_update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const json = (await response.json()) as { error: { type: string; reason: string } };
  return { status: response.status, type: json.error.type, reason: json.error.reason };
}

describe('live validation with core messages', () => {
  it('shows the exact message for an adaptive range with min above max, and sends nothing', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      await expect.poll(() => deployment.locator('[data-total]').textContent()).toBe('1 / 1');
      const before = env.server.state();

      await deployment.getByRole('switch', { name: 'Adaptive resources' }).check();
      const min = deployment.getByLabel('Minimum allocations');
      const max = deployment.getByLabel('Maximum allocations');
      await min.fill('5');
      await max.fill('2');
      const message =
        'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];';
      await expect.poll(() => deployment.locator('[data-reason]').textContent()).toBe(message);
      expect(await deployment.locator('[data-check]').textContent()).toBe(
        `action_request_validation_exception: ${message}`,
      );
      const send = deployment.getByRole('button', { name: 'Send' });
      expect(await send.isDisabled()).toBe(true);
      expect(await min.getAttribute('aria-invalid')).toBe('true');
      expect(await deployment.locator('[data-check]').getAttribute('aria-live')).toBe('polite');
      expect(await deployment.locator('[data-request]').textContent()).toBe(
        'No request: fix the form first.',
      );
      await screenshot(c.page, 'validation-adaptive-range');

      // Enter in a field, a forced click and a scripted submit: none of them sends anything.
      await max.press('Enter');
      await send.click({ force: true }).catch(() => undefined);
      await deployment.locator('form.update').evaluate((f) => (f as HTMLFormElement).requestSubmit());
      // A request the page made would go out before one made after it: make one, wait for it, and
      // then no update may have been seen (no waiting on the clock).
      const marker = c.page.waitForRequest((r) => r.url().includes('/_console/marker'));
      await c.page.evaluate(() => {
        void fetch('/_console/marker').catch(() => undefined);
      });
      await marker;
      expect(c.updates()).toHaveLength(0);
      expect(env.server.state()).toEqual(before);

      // The page said exactly what the server says to that request.
      const server = await serverReason(
        env.server.url,
        '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
      );
      expect(server).toEqual({ status: 400, type: 'action_request_validation_exception', reason: message });

      // Fixing the range makes the request valid again.
      await max.fill('6');
      await expect.poll(() => send.isDisabled()).toBe(false);
      expect(await deployment.locator('[data-request]').textContent()).toBe(
        `POST /_ml/trained_models/${SEEDED_ID}/deployment/_update\n{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":6}}`,
      );
      expect(await min.getAttribute('aria-invalid')).toBeNull();
    } finally {
      await c.close();
    }
  });

  it('shows the server message for zero allocations and for a number out of range', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      const input = deployment.getByLabel('Number of allocations');
      await expect.poll(() => input.inputValue()).toBe('1');
      for (const [typed, body] of [
        ['0', '{"number_of_allocations":0}'],
        ['-3', '{"number_of_allocations":-3}'],
        ['99999999999', '{"number_of_allocations":99999999999}'],
      ] as const) {
        await input.fill(typed);
        const server = await serverReason(env.server.url, body);
        await expect.poll(() => deployment.locator('[data-reason]').textContent()).toBe(server.reason);
        expect(await deployment.locator('.check-type').textContent()).toBe(server.type);
        expect(await deployment.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
      }
      expect(c.updates()).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('shows a refused update with its Elasticsearch type and reason (429 for 257 allocations)', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      await deployment.getByLabel('Number of allocations').fill('257');
      const send = deployment.getByRole('button', { name: 'Send' });
      await expect.poll(() => send.isDisabled()).toBe(false);
      await send.click();
      const result = deployment.locator('[data-result]');
      await expect.poll(() => result.locator('[data-error="type"]').textContent()).toBe('status_exception');
      expect(await result.locator('[data-error="reason"]').textContent()).toBe(
        'Could not update deployment because there are not enough resources to provide all requested allocations',
      );
      expect(await result.locator('[data-error="status"]').textContent()).toBe('429');
      expect(await result.getAttribute('aria-live')).toBe('polite');
      expect(c.updates()).toHaveLength(1);
      await screenshot(c.page, 'server-error-429');
      // Nothing changed on the server, and the form keeps what was typed.
      expect(await deployment.getByLabel('Number of allocations').inputValue()).toBe('257');
      expect(await deployment.locator('[data-total]').textContent()).toBe('1 / 1');
    } finally {
      await c.close();
    }
  });

  it('shows a security error from the list with its type and reason', async () => {
    const seed = env.server.state();
    await env.server.reset({ ...seed, security: { enabled: true, users: [], api_keys: [] } });
    const c = await openConsole(env.browser, env.server);
    try {
      const alert = c.page.getByRole('alert');
      await expect.poll(() => alert.locator('[data-error="type"]').textContent()).toBe('security_exception');
      expect(await alert.locator('[data-error="reason"]').textContent()).toBe(
        'missing authentication credentials for REST request [/_ml/trained_models/_stats]',
      );
      expect(await alert.locator('[data-error="status"]').textContent()).toBe('401');
      await screenshot(c.page, 'server-error-401');
    } finally {
      await c.close();
      await env.server.reset();
    }
  });
});
