import { validateStatsResponse } from '@mldeploy/core';
import { pathFor, START_ENDPOINT, STATS_ENDPOINT } from '@mldeploy/core/endpoints';
import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// The shape of `deployment_stats` (AssignmentStats.toXContent and NodeStats.forStartedState /
// forNotStartedState), over HTTP, against core's response schema.
const mock = useMockServer({ clock: 'manual' });

const ELSER = '.elser_model_2';

async function statsOf(id: string) {
  const reply = await call(mock.url, 'GET', pathFor(STATS_ENDPOINT, { model_id: id }));
  expect(reply.status).toBe(200);
  const checked = validateStatsResponse(reply.json);
  expect(checked.ok ? [] : checked.issues).toEqual([]);
  return reply.json.trained_model_stats[0].deployment_stats;
}

describe('deployment_stats.cache_size', () => {
  it('is the rounded ByteSizeValue in stats and the exact bytes in the assignment', async () => {
    await mock.server.reset(defaultSeed());
    expect((await statsOf(SEEDED_ID)).cache_size).toBe('253.3mb');
    const updated = await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    expect(updated.status).toBe(200);
    expect(updated.json.assignment.task_parameters.cache_size).toBe('265632637b');
  });

  it('converts a cache size given at start with a unit (1536mb reads 1.5gb)', async () => {
    await mock.server.reset(defaultSeed());
    const started = await call(
      mock.url,
      'POST',
      `${pathFor(START_ENDPOINT, { model_id: ELSER })}?wait_for=starting&cache_size=1536mb`,
    );
    expect(started.status).toBe(200);
    expect(started.json.assignment.task_parameters.cache_size).toBe('1536mb');
    expect((await statsOf(ELSER)).cache_size).toBe('1.5gb');
  });
});

describe('node entries', () => {
  it('a started route always carries inference_cache_hit_count, in the server order', async () => {
    await mock.server.reset(defaultSeed());
    const [node] = (await statsOf(SEEDED_ID)).nodes;
    expect(node.inference_cache_hit_count).toBe(0);
    expect(Object.keys(node)).toEqual([
      'node',
      'routing_state',
      'inference_count',
      'inference_cache_hit_count',
      'number_of_pending_requests',
      'start_time',
      'threads_per_allocation',
      'number_of_allocations',
      'peak_throughput_per_minute',
      'throughput_last_minute',
      'inference_cache_hit_count_last_minute',
    ]);
    expect(node.routing_state).toEqual({ routing_state: 'started' });
  });

  it('a route not started yet carries only node, routing_state and the two throughputs', async () => {
    await mock.server.reset(defaultSeed());
    const started = await call(
      mock.url,
      'POST',
      `${pathFor(START_ENDPOINT, { model_id: ELSER })}?wait_for=starting&number_of_allocations=2`,
    );
    expect(started.status).toBe(200);
    const starting = await statsOf(ELSER);
    expect(starting.nodes.length).toBeGreaterThan(0);
    for (const node of starting.nodes) {
      expect(Object.keys(node)).toEqual([
        'node',
        'routing_state',
        'peak_throughput_per_minute',
        'throughput_last_minute',
      ]);
      expect(node.routing_state.routing_state).toBe('starting');
      expect(node.peak_throughput_per_minute).toBe(0);
      expect(node.throughput_last_minute).toBe(0);
    }
    // Once converged, the same routes are started and carry the started fields.
    mock.server.advance(defaultSeed().cluster.converge_ms);
    for (const node of (await statsOf(ELSER)).nodes) {
      expect(node.routing_state).toEqual({ routing_state: 'started' });
      expect(node.inference_cache_hit_count).toBe(0);
      expect(node.number_of_allocations).toBeGreaterThan(0);
    }
  });
});
