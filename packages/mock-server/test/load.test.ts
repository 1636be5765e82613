import { validateStatsResponse } from '@mldeploy/core';
import { pathFor, STATS_ENDPOINT } from '@mldeploy/core/endpoints';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { createMswHandlers } from '../src/msw.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// A simulated inference load (POST /_mock/load) and the stats counters that follow it, over HTTP,
// on a manual clock: only simulated time moves.
const NOW = Date.parse('2026-11-30T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: NOW });

function seed(change: (s: SeedDocument) => void = () => {}): SeedDocument {
  const s = defaultSeed();
  s.cluster.converge_ms = 0;
  change(s);
  return s;
}

/** Resets, then steps to the next whole minute: the seeded route's minutes start on whole minutes. */
async function resetAtMinute(s: SeedDocument): Promise<number> {
  await mock.server.reset(s);
  mock.server.advance(60_000 - (mock.server.clock.now() % 60_000));
  return mock.server.clock.now();
}

const load = (body: unknown) => call(mock.url, 'POST', '/_mock/load', { body: JSON.stringify(body) });

async function deploymentStats() {
  const reply = await call(mock.url, 'GET', pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }));
  expect(reply.status).toBe(200);
  const checked = validateStatsResponse(reply.json);
  expect(checked.ok ? [] : checked.issues).toEqual([]);
  return reply.json.trained_model_stats[0];
}

describe('stats follow a load', () => {
  it('counts the requests an allocation serves: totals, the last minute, the peak', async () => {
    const start = await resetAtMinute(seed());
    const reply = await load({ deployment_id: SEEDED_ID, rate: 20, inference_time_ms: 25 });
    expect(reply.status).toBe(200);
    expect(reply.json.load).toMatchObject({ deployment_id: SEEDED_ID, rate: 20, inference_time_ms: 25 });
    mock.server.advance(120_000);
    const stats = await deploymentStats();
    const d = stats.deployment_stats;
    expect(d.inference_count).toBe(2400);
    expect(d.peak_throughput_per_minute).toBe(1200);
    expect(stats.inference_stats.inference_count).toBe(2400);
    const [node] = d.nodes;
    expect(node).toMatchObject({
      inference_count: 2400,
      average_inference_time_ms: 25,
      average_inference_time_ms_excluding_cache_hits: 25,
      inference_cache_hit_count: 0,
      last_access: start + 120_000,
      number_of_pending_requests: 0,
      peak_throughput_per_minute: 1200,
      throughput_last_minute: 1200,
      average_inference_time_ms_last_minute: 25,
    });
    expect(node.rejected_execution_count).toBeUndefined();
    expect(Object.keys(node)).toEqual([
      'node',
      'routing_state',
      'inference_count',
      'average_inference_time_ms',
      'average_inference_time_ms_excluding_cache_hits',
      'inference_cache_hit_count',
      'last_access',
      'number_of_pending_requests',
      'start_time',
      'threads_per_allocation',
      'number_of_allocations',
      'peak_throughput_per_minute',
      'throughput_last_minute',
      'average_inference_time_ms_last_minute',
      'inference_cache_hit_count_last_minute',
    ]);
  });

  it('queues what is beyond capacity, rejects what is beyond queue_capacity, then drains', async () => {
    await resetAtMinute(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.queue_capacity = 1000;
        }
      }),
    );
    // One allocation at 25 ms serves 40 requests a second; 100 arrive.
    await load({ deployment_id: SEEDED_ID, rate: 100, inference_time_ms: 25 });
    mock.server.advance(10_000);
    let d = (await deploymentStats()).deployment_stats;
    expect(d.nodes[0].number_of_pending_requests).toBe(600);
    expect(d.nodes[0].inference_count).toBe(400);
    expect(d.rejected_execution_count).toBeUndefined();
    mock.server.advance(10_000);
    const stats = await deploymentStats();
    d = stats.deployment_stats;
    expect(d.nodes[0].number_of_pending_requests).toBe(1000);
    expect(d.nodes[0].rejected_execution_count).toBe(200);
    expect(d.rejected_execution_count).toBe(200);
    expect(d.inference_count).toBe(800);
    expect(stats.inference_stats.failure_count).toBe(200);
    // The load stops: the queue drains at 40 a second.
    await load({ deployment_id: SEEDED_ID, rate: 0 });
    mock.server.advance(24_000);
    d = (await deploymentStats()).deployment_stats;
    expect(d.nodes[0].number_of_pending_requests).toBe(40);
    mock.server.advance(1_000);
    d = (await deploymentStats()).deployment_stats;
    expect(d.nodes[0].number_of_pending_requests).toBe(0);
    expect(d.inference_count).toBe(1800);
  });

  it('spreads requests over the started routes by their allocations', async () => {
    await resetAtMinute(seed());
    expect((await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":3}' })).status).toBe(200);
    // 100 ms per request: 10 a second per allocation, 30 arrive for three.
    await load({ deployment_id: SEEDED_ID, rate: 30, inference_time_ms: 100 });
    mock.server.advance(60_000);
    const d = (await deploymentStats()).deployment_stats;
    expect(d.nodes.length).toBe(2);
    for (const node of d.nodes) {
      expect(node.inference_count).toBe(600 * node.number_of_allocations);
      expect(node.number_of_pending_requests).toBe(0);
    }
    expect(d.inference_count).toBe(1800);
  });

  it('follows a schedule: a minute of load, then none', async () => {
    const start = await resetAtMinute(seed());
    const schedule = [
      { at_ms: 0, rate: 10, inference_time_ms: 50 },
      { at_ms: 60_000, rate: 0, inference_time_ms: 50 },
    ];
    expect((await load({ deployment_id: SEEDED_ID, schedule })).status).toBe(200);
    mock.server.advance(120_000);
    const [node] = (await deploymentStats()).deployment_stats.nodes;
    expect(node.inference_count).toBe(600);
    expect(node.peak_throughput_per_minute).toBe(600);
    expect(node.throughput_last_minute).toBe(0);
    expect(node.average_inference_time_ms_last_minute).toBeUndefined();
    expect(node.last_access).toBe(start + 60_000);
    const loads = (await call(mock.url, 'GET', '/_mock/load')).json;
    expect(loads.loads).toEqual([
      {
        deployment_id: SEEDED_ID,
        set_at: new Date(start).toISOString(),
        schedule,
        rate: 0,
        inference_time_ms: 50,
        number_of_pending_requests: 0,
        waiting_requests: 0,
        refused_requests: 0,
      },
    ]);
  });

  it('is forgotten by a reset and by DELETE', async () => {
    await resetAtMinute(seed());
    await load({ deployment_id: SEEDED_ID, rate: 5, inference_time_ms: 10 });
    expect((await call(mock.url, 'GET', '/_mock/load')).json.loads).toHaveLength(1);
    expect((await call(mock.url, 'DELETE', '/_mock/load')).status).toBe(200);
    expect((await call(mock.url, 'GET', '/_mock/load')).json.loads).toEqual([]);
    await load({ deployment_id: SEEDED_ID, rate: 5, inference_time_ms: 10 });
    await mock.server.reset(seed());
    expect((await call(mock.url, 'GET', '/_mock/load')).json.loads).toEqual([]);
    mock.server.advance(60_000);
    expect((await deploymentStats()).deployment_stats.nodes[0].inference_count).toBe(0);
  });
});

describe('bad loads', () => {
  it('answers 400 with the envelope and changes nothing', async () => {
    await resetAtMinute(seed());
    await load({ deployment_id: SEEDED_ID, rate: 7, inference_time_ms: 10 });
    const before = (await call(mock.url, 'GET', '/_mock/load')).json;
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'load needs a body: {"deployment_id", "rate", "inference_time_ms"} or a schedule'],
      ['{"deployment_id":', 'load is not JSON'],
      ['[1]', 'load must be an object'],
      [
        `{"deployment_id":"${SEEDED_ID}","rate":1,"inference_time_ms":1,"colour":1}`,
        'unknown load field [colour]',
      ],
      ['{"rate":1,"inference_time_ms":1}', 'deployment_id must be a non-empty string'],
      [`{"deployment_id":"${SEEDED_ID}","rate":-1,"inference_time_ms":1}`, 'rate must be a number'],
      [`{"deployment_id":"${SEEDED_ID}","rate":"1","inference_time_ms":1}`, 'rate must be a number'],
      [`{"deployment_id":"${SEEDED_ID}","rate":1,"inference_time_ms":0}`, 'inference_time_ms must be'],
      [`{"deployment_id":"${SEEDED_ID}","rate":1}`, 'a rate above 0 needs inference_time_ms'],
      [`{"deployment_id":"${SEEDED_ID}"}`, 'a load needs rate and inference_time_ms, or schedule'],
      [`{"deployment_id":"${SEEDED_ID}","schedule":[]}`, 'schedule must be a list'],
      [
        `{"deployment_id":"${SEEDED_ID}","rate":1,"schedule":[{"at_ms":0,"rate":1,"inference_time_ms":1}]}`,
        'a load takes rate and inference_time_ms, or schedule, not both',
      ],
      [
        `{"deployment_id":"${SEEDED_ID}","schedule":[{"at_ms":5,"rate":1,"inference_time_ms":1},{"at_ms":5,"rate":2,"inference_time_ms":1}]}`,
        'schedule steps must be in increasing at_ms order',
      ],
    ];
    for (const [body, reason] of cases) {
      const reply = await call(mock.url, 'POST', '/_mock/load', body === undefined ? {} : { body });
      expect(reply.status, body).toBe(400);
      expect(reply.json.error.type).toBe('mock_control_exception');
      expect(reply.json.error.reason, body).toContain(reason);
      expect(reply.json.error.root_cause[0].reason).toBe(reply.json.error.reason);
    }
    expect((await call(mock.url, 'GET', '/_mock/load')).json).toEqual(before);
  });

  it('answers 404 for a deployment that does not exist, in the library too', async () => {
    await resetAtMinute(seed());
    const reply = await load({ deployment_id: 'nope', rate: 1, inference_time_ms: 1 });
    expect(reply.status).toBe(404);
    expect(reply.json.error.reason).toBe('no deployment [nope] to load');
    expect(() => mock.server.setLoad({ deployment_id: 'nope', rate: 1, inference_time_ms: 1 })).toThrow(
      new RangeError('no deployment [nope] to load'),
    );
    expect(() => mock.server.setLoad({ deployment_id: SEEDED_ID, rate: -1 })).toThrow(RangeError);
    expect((await call(mock.url, 'GET', '/_mock/load')).json.loads).toEqual([]);
  });
});

describe('the msw handle', () => {
  const msw = createMswHandlers({ clock: 'manual', now: NOW, seed: seed() });
  const server = setupServer(...msw.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());

  it('sets a load with setLoad, next to advance', async () => {
    const view = msw.setLoad({ deployment_id: SEEDED_ID, rate: 4, inference_time_ms: 10 });
    expect(view.rate).toBe(4);
    msw.advance(30_000);
    const response = await fetch(`${msw.baseUrl}${pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID })}`);
    const body = (await response.json()) as {
      trained_model_stats: Array<{ deployment_stats: { inference_count: number } }>;
    };
    expect(body.trained_model_stats[0]?.deployment_stats.inference_count).toBe(120);
  });
});
