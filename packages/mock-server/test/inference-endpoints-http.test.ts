import { describe, expect, it, vi } from 'vitest';
import { defaultSeed, SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS } from '../src/index.js';
import { useMockServer } from '../src/testing.js';
import { call, type Reply } from './helpers.js';

// Inference endpoints that own deployments, over HTTP, on the mock's manual clock.
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: NOW });
const json = (value: unknown) => ({ body: JSON.stringify(value) });

/** Sends a request that waits on simulated time, stepping the clock until it is answered. */
async function waiting(request: Promise<Reply>, stepMs = 500, steps = 120): Promise<Reply> {
  let done = false;
  const settled = request.finally(() => {
    done = true;
  });
  for (let i = 0; i < steps && !done; i += 1) {
    await vi.waitFor(() => expect(done || mock.server.clock.pending() > 0).toBe(true));
    if (!done) {
      mock.server.advance(stepMs);
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  return settled;
}

const deploymentStats = async (id: string) => {
  const reply = await call(mock.url, 'GET', `/_ml/trained_models/${id}/_stats`);
  return reply.json.trained_model_stats?.[0]?.deployment_stats;
};

describe('PUT, GET, DELETE _inference', () => {
  it('creates an endpoint that starts a deployment named after it, lists it, and deletes both', async () => {
    await mock.server.reset(defaultSeed());
    const created = await waiting(
      call(
        mock.url,
        'PUT',
        '/_inference/sparse_embedding/my-elser-model',
        json({
          service: 'elasticsearch',
          service_settings: { model_id: '.elser_model_2', num_allocations: 1, num_threads: 1 },
        }),
      ),
    );
    expect(created.status, created.text).toBe(200);
    expect(created.json).toEqual({
      inference_id: 'my-elser-model',
      task_type: 'sparse_embedding',
      service: 'elasticsearch',
      service_settings: { num_allocations: 1, num_threads: 1, model_id: '.elser_model_2' },
    });
    const stats = await deploymentStats('my-elser-model');
    expect(stats).toMatchObject({
      deployment_id: 'my-elser-model',
      model_id: '.elser_model_2',
      state: 'started',
    });
    // The deployment belongs to the endpoint: the trained models API may not update it.
    const update = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/my-elser-model/deployment/_update',
      json({ number_of_allocations: 2 }),
    );
    expect(update.status).toBe(409);

    const again = await call(
      mock.url,
      'PUT',
      '/_inference/sparse_embedding/my-elser-model',
      json({
        service: 'elasticsearch',
        service_settings: { model_id: '.elser_model_2', num_allocations: 1, num_threads: 1 },
      }),
    );
    expect([again.status, again.json.error.type]).toEqual([400, 'resource_already_exists_exception']);

    const all = await call(mock.url, 'GET', '/_inference/_all');
    expect(all.json.endpoints.map((e: { inference_id: string }) => e.inference_id)).toEqual([
      '.elser-2-elasticsearch',
      '.multilingual-e5-small-elasticsearch',
      'my-elser-model',
    ]);
    const one = await call(mock.url, 'GET', '/_inference/my-elser-model');
    expect(one.json.endpoints).toEqual([created.json]);
    const wrongType = await call(mock.url, 'GET', '/_inference/text_embedding/my-elser-model');
    expect(wrongType.status).toBe(400);

    const deleted = await call(mock.url, 'DELETE', '/_inference/sparse_embedding/my-elser-model');
    expect(deleted.json).toEqual({ acknowledged: true, pipelines: [], indexes: [] });
    expect(await deploymentStats('my-elser-model')).toBeUndefined();
    // inference_crud.yml "Test get missing model".
    const missing = await call(mock.url, 'GET', '/_inference/my-elser-model');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({
      type: 'resource_not_found_exception',
      reason: 'Inference endpoint not found [my-elser-model]',
    });
  });

  it('refuses to delete a default endpoint and a bad task type (inference_crud.yml)', async () => {
    await mock.server.reset(defaultSeed());
    const reserved = await call(mock.url, 'DELETE', '/_inference/.elser-2-elasticsearch?force=true');
    expect(reserved.status).toBe(400);
    const bad = await call(
      mock.url,
      'PUT',
      '/_inference/elser_model',
      json({
        task_type: 'bad',
        service: 'elser',
        service_settings: { num_allocations: 1, num_threads: 1 },
        task_settings: {},
      }),
    );
    expect([bad.status, bad.json.error.reason]).toEqual([400, 'Unknown task_type [bad]']);
  });

  it('deploys a default endpoint on first use and answers in the inference API shape', async () => {
    await mock.server.reset(defaultSeed());
    const reply = await waiting(
      call(
        mock.url,
        'POST',
        '/_inference/text_embedding/.multilingual-e5-small-elasticsearch',
        json({ input: ['hello', 'world'] }),
      ),
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.text_embedding).toHaveLength(2);
    expect(reply.json.text_embedding[0].embedding).toHaveLength(384);
    const sparse = await waiting(
      call(mock.url, 'POST', '/_inference/.elser-2-elasticsearch', json({ input: 'Hello world' })),
    );
    expect(sparse.status, sparse.text).toBe(200);
    expect(sparse.json.sparse_embedding[0].is_truncated).toBe(false);
    expect(sparse.json.sparse_embedding[0].embedding).toHaveProperty('hello');
    const stats = await deploymentStats('.elser-2-elasticsearch');
    expect(
      stats.nodes.reduce((a: number, n: { inference_count?: number }) => a + (n.inference_count ?? 0), 0),
    ).toBe(1);
  });
});

describe('an ELSER endpoint with adaptive allocations', () => {
  it('scales up under a rising rate of calls, scales to zero when they stop, and deploys again on the next call', async () => {
    const seed = defaultSeed();
    seed.cluster.scale_to_zero_time = '15m'; // the setting's minimum; 24 h by default from 9.1
    await mock.server.reset(seed);
    const created = await waiting(
      call(
        mock.url,
        'PUT',
        '/_inference/sparse_embedding/elser-adaptive',
        json({
          service: 'elasticsearch',
          service_settings: {
            model_id: '.elser_model_2',
            num_threads: 1,
            adaptive_allocations: {
              enabled: true,
              min_number_of_allocations: 0,
              max_number_of_allocations: 4,
            },
          },
        }),
      ),
    );
    expect(created.status, created.text).toBe(200);
    expect((await deploymentStats('elser-adaptive')).number_of_allocations).toBe(1);

    // A rising rate: each simulated second one call with `rate` inputs, each an inference of
    // 100 ms; at 30 a second the load is 3 allocations' worth. Every text is new, so none is a
    // cache hit (a hit takes no time and would lighten the load).
    const texts = (rate: number, s: number) =>
      Array.from({ length: rate }, (_, i) => `passage ${i} at ${s} of ${rate}`);
    for (const [rate, seconds] of [
      [2, 30],
      [10, 60],
      [30, 120],
    ] as const) {
      for (let s = 0; s < seconds; s += 1) {
        const reply = await call(
          mock.url,
          'POST',
          '/_inference/sparse_embedding/elser-adaptive',
          json({ input: texts(rate, s) }),
        );
        expect(reply.status, reply.text).toBe(200);
        mock.server.advance(1000);
      }
    }
    const busy = await deploymentStats('elser-adaptive');
    expect(busy.number_of_allocations).toBeGreaterThan(1);
    expect(busy.inference_count).toBeGreaterThan(4000);

    // The calls stop: after the cooldown and the time without requests, it scales to zero.
    mock.server.advance(SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS + 10 * 60_000);
    expect((await deploymentStats('elser-adaptive')).number_of_allocations).toBe(0);

    // The next call asks for one allocation and waits for it (InferenceWaitForAllocation).
    const next = await waiting(
      call(mock.url, 'POST', '/_inference/sparse_embedding/elser-adaptive', json({ input: 'back again' })),
    );
    expect(next.status, next.text).toBe(200);
    expect((await deploymentStats('elser-adaptive')).number_of_allocations).toBe(1);
    const events = (await call(mock.url, 'GET', '/_mock/load')).json.scaler_events;
    expect(
      events.some((e: { cause: string; to: number }) => e.cause === 'scale_from_zero' && e.to === 1),
    ).toBe(true);
  });
});
