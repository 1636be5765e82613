import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { createMswHandlers } from '../src/msw.js';

// In process: the msw handlers answer the inference endpoints, and the journal records them.
// `converge_ms: 0` so a deployment is started as soon as it is placed (no simulated waiting).
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const BASE = 'http://127.0.0.1:9200';
const seed = { ...defaultSeed(), cluster: { ...defaultSeed().cluster, converge_ms: 0 } };
const msw = createMswHandlers({ clock: 'manual', now: NOW, seed, baseUrl: BASE });
const server = setupServer(...msw.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function send(method: string, path: string, body?: unknown) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON answers
  const json: any = await response.json();
  return { status: response.status, json };
}

describe('inference through the msw handlers', () => {
  it('creates an endpoint, infers, reads the counters and finds it all in the journal', async () => {
    const created = await send('PUT', '/_inference/text_embedding/e5', {
      service: 'elasticsearch',
      service_settings: { model_id: '.multilingual-e5-small', num_allocations: 1, num_threads: 1 },
    });
    expect(created.status).toBe(200);
    const first = await send('POST', '/_inference/text_embedding/e5', { input: ['same text', 'same text'] });
    expect(first.status).toBe(200);
    expect(first.json.text_embedding[0]).toEqual(first.json.text_embedding[1]);
    const stats = await send('GET', '/_ml/trained_models/e5/_stats');
    const node = stats.json.trained_model_stats[0].deployment_stats.nodes.find(
      (n: { inference_count?: number }) => (n.inference_count ?? 0) > 0,
    );
    // The second text is the first again: a cache hit (the cache defaults to the model's size).
    expect(node).toMatchObject({ inference_count: 2, inference_cache_hit_count: 1 });
    const journal = msw.requests({ path: '/_inference' });
    expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'PUT /_inference/text_embedding/e5 200',
      'POST /_inference/text_embedding/e5 200',
    ]);
  });
});
