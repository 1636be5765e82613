import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openConsole, type Seed, useConsole } from './helpers/console.js';

const env = useConsole();
/** The mock's clean seed: ML nodes and the built-in model, no user models. */
const CLEAN = JSON.parse(
  readFileSync(new URL('../../../packages/mock-server/seeds/clean.json', import.meta.url), 'utf8'),
) as Seed;

const put = (path: string, body: unknown) =>
  fetch(`${env.server.url}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the console and models without a deployment', () => {
  it('names an uploaded model and an Elastic model still downloading', async () => {
    await env.server.reset(CLEAN);
    expect(
      (await put('/_ml/trained_models/my-model', { model_type: 'pytorch', inference_config: { ner: {} } }))
        .status,
    ).toBe(200);
    expect(
      (await put('/_ml/trained_models/.elser_model_2', { input: { field_names: ['text_field'] } })).status,
    ).toBe(200);
    const c = await openConsole(env.browser, env.server, undefined, '/_console/');
    try {
      await expect
        .poll(() => c.page.locator('[data-undeployed]').textContent())
        .toBe('Not deployed: .elser_model_2 (downloading), lang_ident_model_1, my-model');
    } finally {
      await c.close();
    }
  });
});
