import { pathFor, STATS_ENDPOINT } from '@mldeploy/core/endpoints';
import { describe, expect, it } from 'vitest';
import {
  defaultSeed,
  MockEngine,
  SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS,
  SCALE_UP_COOLDOWN_MS,
  type SeedDocument,
} from '../src/index.js';
import { SEEDED_ID, seedWith, useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

// Adaptive allocations under a simulated load, over HTTP: load a deployment, step simulated time,
// watch it scale up, down and to zero, then back from zero. Only the mock's clock moves.
const NOW = Date.parse('2026-11-30T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: NOW });

/**
 * The seeded deployment with adaptive allocations up to 4 and no min (so it may scale to zero),
 * the scale-to-zero time at its minimum of 15 minutes (from 9.1 the default is 24 hours).
 */
function adaptiveSeed(): SeedDocument {
  const s = defaultSeed();
  s.cluster.scale_to_zero_time = '15m';
  const d = s.deployments[0];
  if (d) {
    d.adaptive_allocations = { enabled: true, max_number_of_allocations: 4 };
  }
  return s;
}

const load = async (rate: number, inferenceTimeMs = 30) => {
  const reply = await call(mock.url, 'POST', '/_mock/load', {
    body: JSON.stringify({ deployment_id: SEEDED_ID, rate, inference_time_ms: inferenceTimeMs }),
  });
  expect(reply.status).toBe(200);
};

async function deployment() {
  const reply = await call(mock.url, 'GET', pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }));
  expect(reply.status).toBe(200);
  return reply.json.trained_model_stats[0].deployment_stats;
}

const numberOf = async (): Promise<number> => (await deployment()).number_of_allocations;
const events = async () => (await call(mock.url, 'GET', '/_mock/load')).json.scaler_events;

describe('adaptive allocations under load', () => {
  it('scales up, waits out the cooldown to scale down, goes to zero when idle and back on demand', async () => {
    await mock.server.reset(adaptiveSeed());
    const t0 = mock.server.clock.now();
    // 100 requests a second of 30 ms: a load of 3 allocations, which is above 0.9 per allocation
    // until there are 4.
    await load(100);
    mock.server.advance(10_000);
    expect(await numberOf()).toBe(1); // the first trigger only reads the stats
    expect((await deployment()).nodes[0].number_of_pending_requests).toBeGreaterThan(0);
    mock.server.advance(10_000);
    expect(await numberOf()).toBe(4);
    expect(await events()).toEqual([
      {
        at: new Date(t0 + 20_000).toISOString(),
        deployment_id: SEEDED_ID,
        from: 1,
        to: 4,
        applied: true,
        cause: 'scaler',
      },
    ]);
    // The new allocations start once converged; each node's queue then drains (the first node's,
    // which holds what waited, in about 80 s).
    mock.server.advance(120_000);
    const scaled = await deployment();
    expect(scaled.allocation_status).toEqual({
      allocation_count: 4,
      target_allocation_count: 4,
      state: 'fully_allocated',
    });
    for (const node of scaled.nodes) {
      expect(node.number_of_pending_requests).toBe(0);
    }

    // A tenth of the load: one allocation is enough, but not before five minutes from the scale-up.
    await load(10);
    mock.server.advance(t0 + 20_000 + SCALE_UP_COOLDOWN_MS - 10_000 - mock.server.clock.now());
    expect(await numberOf()).toBe(4);
    mock.server.advance(20_000);
    expect(await numberOf()).toBe(1);
    const down = (await events())[1];
    expect(down).toMatchObject({ from: 4, to: 1, cause: 'scaler' });
    expect(Date.parse(down.at) - (t0 + 20_000)).toBeGreaterThanOrEqual(SCALE_UP_COOLDOWN_MS);

    // No requests: min is unset, so once the time without any is above 15 minutes it scales to
    // zero. The load stops right at a trigger, which still saw requests.
    mock.server.advance(10_000 - ((mock.server.clock.now() - t0) % 10_000 || 10_000));
    await load(0);
    const quiet = mock.server.clock.now();
    mock.server.advance(SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS);
    expect(await numberOf()).toBe(1);
    mock.server.advance(10_000);
    expect(await numberOf()).toBe(0);
    expect((await events()).at(-1)).toMatchObject({
      at: new Date(quiet + SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS + 10_000).toISOString(),
      from: 1,
      to: 0,
      cause: 'scaler',
    });
    mock.server.advance(3_000); // the last allocation converges away
    expect((await deployment()).nodes).toEqual([]);

    // A request finds no allocation: one is started at once, requests wait for it, then are served.
    await load(10, 30);
    mock.server.advance(1);
    expect(await numberOf()).toBe(1);
    expect((await events()).at(-1)).toMatchObject({
      from: 0,
      to: 1,
      cause: 'scale_from_zero',
      applied: true,
    });
    mock.server.advance(12_999);
    const back = await deployment();
    expect(back.inference_count).toBe(130);
    expect(back.nodes[0].number_of_pending_requests).toBe(0);
  });

  it('stays inside min and max whatever the load', async () => {
    const s = adaptiveSeed();
    const d = s.deployments[0];
    if (d) {
      d.adaptive_allocations = { enabled: true, min_number_of_allocations: 2, max_number_of_allocations: 3 };
    }
    await mock.server.reset(s);
    await load(1000, 50); // a load of 50 allocations
    mock.server.advance(20_000);
    expect(await numberOf()).toBe(3);
    await load(0);
    mock.server.advance(SCALE_UP_COOLDOWN_MS + SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS + 60_000);
    expect(await numberOf()).toBe(2);
  });

  it('asks for at most 32 allocations while max is unset', async () => {
    const s = adaptiveSeed();
    s.cluster.scaling_possible = true;
    const d = s.deployments[0];
    if (d) {
      d.adaptive_allocations = { enabled: true, min_number_of_allocations: 1 };
    }
    await mock.server.reset(s);
    await load(10_000, 100); // a load of 1000 allocations
    mock.server.advance(20_000);
    expect(await numberOf()).toBe(32);
  });

  it('keeps the number when an increase does not fit and scaling is impossible', async () => {
    const s = adaptiveSeed();
    const d = s.deployments[0];
    if (d) {
      d.threads_per_allocation = 8;
      d.adaptive_allocations = { enabled: true, max_number_of_allocations: 8 };
    }
    await mock.server.reset(s);
    await load(1000, 50);
    mock.server.advance(20_000);
    expect(await numberOf()).toBe(1);
    expect((await events())[0]).toMatchObject({ from: 1, to: 8, applied: false });
  });
});

describe('simulated time, not how it is stepped, decides', () => {
  it('gives the same stats and decisions for one step as for many odd ones', () => {
    const seed = adaptiveSeed();
    seed.cluster.uuid = 'loadDeterminismUuid000';
    const a = new MockEngine({ clock: 'manual', now: NOW }, seed);
    const b = new MockEngine({ clock: 'manual', now: NOW }, structuredClone(seed));
    const schedule = [
      { at_ms: 0, rate: 100, inference_time_ms: 30 },
      { at_ms: 400_000, rate: 15, inference_time_ms: 40 },
      { at_ms: 900_000, rate: 0, inference_time_ms: 40 },
    ];
    a.setLoad({ deployment_id: SEEDED_ID, schedule });
    b.setLoad({ deployment_id: SEEDED_ID, schedule });
    const total = 2_400_000;
    a.advance(total);
    for (let done = 0; done < total; ) {
      const step = Math.min(1_234 + (done % 7_777), total - done);
      b.advance(step);
      done += step;
    }
    const stats = (e: MockEngine) =>
      e.handle({
        method: 'GET',
        url: pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }),
        path: pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }),
        query: '',
        headers: {},
        body: undefined,
      });
    expect(a.loads()).toEqual(b.loads());
    expect(a.state()).toEqual(b.state());
    expect(stats(a)).toEqual(stats(b));
    // And the run did scale: up under the first load, down under the second, to zero after it.
    expect(a.loads().scaler_events.map((e) => e.to)).toEqual([4, 1, 0]);
  });
});

describe('the example of docs/contract-testing.md', () => {
  const docs = useMockServer({ clock: 'manual' });
  const allocations = async (): Promise<number> =>
    (await call(docs.url, 'GET', pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }))).json
      .trained_model_stats[0].deployment_stats.number_of_allocations;

  it('scales with the load', async () => {
    const seed = seedWith(docs.server.state(), {
      number_of_allocations: 1,
      adaptive_allocations: { enabled: true, max_number_of_allocations: 4 },
      assignment_state: 'started',
    });
    seed.cluster.scale_to_zero_time = '15m'; // the setting's minimum; 24 h by default from 9.1
    await docs.server.reset(seed);
    docs.server.setLoad({ deployment_id: SEEDED_ID, rate: 100, inference_time_ms: 30 });
    docs.server.advance(20_000);
    expect(await allocations()).toBe(4);
    docs.server.setLoad({ deployment_id: SEEDED_ID, rate: 5, inference_time_ms: 30 });
    docs.server.advance(SCALE_UP_COOLDOWN_MS + 10_000);
    expect(await allocations()).toBe(1);
    docs.server.setLoad({ deployment_id: SEEDED_ID, rate: 0 });
    docs.server.advance(SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS + 20_000);
    expect(await allocations()).toBe(0);
  });
});
