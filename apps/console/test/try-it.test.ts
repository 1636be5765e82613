import { describe, expect, it } from 'vitest';
import { card, openConsole, SEEDED_ID, useConsole } from './helpers/console.js';

const env = useConsole();

// The detail panel's "Try it" box: one inference on the deployment, its answer shown as the
// server wrote it (the mock's is simulated and the same for the same text: docs/inference.md).
describe('trying a deployment in the browser', () => {
  it('sends one _infer with the text in the model input field and shows the answer', async () => {
    await env.server.reset();
    const c = await openConsole(env.browser, env.server);
    try {
      const deployment = card(c.page);
      const sent: Array<{ url: string; body: string | null }> = [];
      c.page.on('request', (r) => {
        if (r.url().endsWith('/_infer')) {
          sent.push({ url: r.url(), body: r.postData() });
        }
      });
      await deployment.getByLabel('Try it: text to infer').fill('Ada Lovelace lived in London');
      await deployment.getByRole('button', { name: 'Infer' }).click();
      const answer = deployment.locator('[data-try-answer]');
      await expect.poll(() => answer.textContent()).toContain('"entities"');
      const shown = JSON.parse((await answer.textContent()) ?? '{}');
      expect(shown.entities.map((e: { entity: string }) => e.entity)).toEqual(['Ada Lovelace', 'London']);
      expect(sent).toEqual([
        {
          url: `${env.server.url}/_ml/trained_models/${SEEDED_ID}/_infer`,
          body: '{"docs":[{"text_field":"Ada Lovelace lived in London"}]}',
        },
      ]);
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
