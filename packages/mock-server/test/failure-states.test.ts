// Failed routes (issue 22; docs/rules.md, "Failure states"): seeded or made by a fault that fails
// a node's inference process, what the stats then say, what _update, _stop and the adaptive
// scaler do with them, and how a failed route recovers. Over real HTTP, on the manual clock.
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { adaptive, call, UPDATE } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });

const NODE_1 = 'f_r7TSMFTZORrEA-7ccBdQ';
const NODE_2 = 'uckeG3R8TLe2MMNBQ6AGrw';
const CRASHED = 'inference process crashed due to reason [out of memory]';
const json = (body: unknown) => ({ body: JSON.stringify(body) });
const STATS = `/_ml/trained_models/${SEEDED_ID}/_stats`;

type RouteState = 'started' | 'failed' | 'starting';

/** The seeded deployment on both nodes, 2 allocations each, with the given route states. */
function seed(states: [RouteState, RouteState], change: (s: SeedDocument) => void = () => {}): SeedDocument {
  const s = defaultSeed();
  s.cluster.converge_ms = 0;
  s.cluster.scaler_interval_ms = 0;
  const d = s.deployments[0];
  if (d) {
    d.number_of_allocations = 4;
    d.routing_table = {
      [NODE_1]: {
        current_allocations: 2,
        target_allocations: 2,
        routing_state: states[0],
        ...(states[0] === 'failed' ? { reason: CRASHED } : {}),
      },
      [NODE_2]: {
        current_allocations: 2,
        target_allocations: 2,
        routing_state: states[1],
        ...(states[1] === 'failed' ? { reason: CRASHED } : {}),
      },
    };
  }
  change(s);
  return s;
}

async function deploymentStats() {
  const reply = await call(mock.url, 'GET', STATS);
  expect(reply.status).toBe(200);
  return reply.json.trained_model_stats[0].deployment_stats;
}

describe('stats of failed routes (TransportGetDeploymentStatsAction)', () => {
  it('reports a failed route as a not-started node entry with its reason, and counts only started allocations', async () => {
    await mock.server.reset(seed(['failed', 'started']));
    const stats = await deploymentStats();
    expect(stats.state).toBe('started');
    expect(stats.reason).toBeUndefined();
    expect(stats.allocation_status).toEqual({
      allocation_count: 2,
      target_allocation_count: 4,
      state: 'started',
    });
    expect(stats.nodes[0]).toEqual({
      node: expect.objectContaining({}),
      routing_state: { routing_state: 'failed', reason: CRASHED },
      peak_throughput_per_minute: 0,
      throughput_last_minute: 0,
    });
    expect(Object.keys(stats.nodes[0].node)).toEqual([NODE_1]);
    expect(stats.nodes[1].routing_state).toEqual({ routing_state: 'started' });
  });

  it('says failed, with the reason of all failed routes, when every route failed', async () => {
    await mock.server.reset(seed(['failed', 'failed']));
    const stats = await deploymentStats();
    expect(stats.state).toBe('failed');
    expect(stats.reason).toBe('All node routes are failed; see node route reason for details');
    // The assignment itself is starting (no started route), so the allocation status is written.
    expect(stats.allocation_status).toEqual({
      allocation_count: 0,
      target_allocation_count: 4,
      state: 'starting',
    });
    expect(stats.nodes.map((n: { routing_state: unknown }) => n.routing_state)).toEqual([
      { routing_state: 'failed', reason: CRASHED },
      { routing_state: 'failed', reason: CRASHED },
    ]);
  });
});

describe('a fault that fails a node process (POST /_mock/faults)', () => {
  it('fails every route on the node with the crash reason, and nothing else', async () => {
    await mock.server.reset(seed(['started', 'started']));
    const reply = await call(
      mock.url,
      'POST',
      '/_mock/faults',
      json({ fail_node: NODE_1, reason: 'out of memory' }),
    );
    expect(reply.status).toBe(200);
    const stats = await deploymentStats();
    expect(stats.nodes[0].routing_state).toEqual({ routing_state: 'failed', reason: CRASHED });
    expect(stats.nodes[1].routing_state).toEqual({ routing_state: 'started' });
    expect(stats.state).toBe('started');
    // No request fault was queued.
    expect((await call(mock.url, 'GET', '/_mock/faults')).json.faults).toEqual([]);
  });

  it('refuses an unknown node and changes nothing', async () => {
    await mock.server.reset(seed(['started', 'started']));
    const before = mock.server.state();
    const reply = await call(mock.url, 'POST', '/_mock/faults', json({ fail_node: 'nope' }));
    expect(reply.status).toBe(400);
    expect(mock.server.state()).toEqual(before);
  });
});

describe('_update, _stop and the scaler with failed routes', () => {
  it('refuses a change while every route failed (the assignment is starting), but answers a no-op', async () => {
    await mock.server.reset(seed(['failed', 'failed']));
    const same = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 4 }));
    expect(same.status).toBe(200);
    const change = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 5 }));
    expect(change.status).toBe(409);
    expect(change.json.error.reason).toBe('cannot update deployment that is not in [started] state');
  });

  it('restarts a failed route the new plan keeps: starting with an empty reason (the rebalancer)', async () => {
    await mock.server.reset(seed(['failed', 'started'], (s) => (s.cluster.converge_ms = 10_000)));
    const grown = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 6 }));
    expect(grown.status).toBe(200);
    expect(grown.json.assignment.routing_table[NODE_1]).toEqual({
      current_allocations: 2,
      target_allocations: 3,
      routing_state: 'starting',
      reason: '',
    });
    mock.server.advance(10_000);
    const stats = await deploymentStats();
    expect(stats.nodes[0].routing_state).toEqual({ routing_state: 'started' });
    expect(stats.allocation_status).toEqual({
      allocation_count: 6,
      target_allocation_count: 6,
      state: 'fully_allocated',
    });
  });

  it('restarts failed routes when another deployment starts (every start rebalances)', async () => {
    await mock.server.reset(seed(['failed', 'failed']));
    expect((await deploymentStats()).state).toBe('failed');
    const started = await call(mock.url, 'POST', '/_ml/trained_models/.elser_model_2/deployment/_start');
    expect(started.status).toBe(200);
    const stats = await deploymentStats();
    expect(stats.state).toBe('started');
    expect(stats.nodes.map((n: { routing_state: unknown }) => n.routing_state)).toEqual([
      { routing_state: 'started' },
      { routing_state: 'started' },
    ]);
  });

  it('stops a deployment whose routes failed', async () => {
    await mock.server.reset(seed(['failed', 'failed']));
    const stopped = await call(mock.url, 'POST', `/_ml/trained_models/${SEEDED_ID}/deployment/_stop`);
    expect(stopped.json).toEqual({ stopped: true });
    expect(mock.server.state().deployments).toEqual([]);
  });

  it('does not scale a deployment whose routes all failed (its stats state is not started)', async () => {
    await mock.server.reset(
      seed(['failed', 'failed'], (s) => {
        s.cluster.scaler_interval_ms = 10_000;
        const d = s.deployments[0];
        if (d) {
          d.adaptive_allocations = adaptive(1, 4);
        }
      }),
    );
    mock.server.advance(30 * 60_000);
    expect((await deploymentStats()).number_of_allocations).toBe(4);
    const events = (await call(mock.url, 'GET', '/_mock/load')).json.scaler_events;
    expect(events).toEqual([]);
  });
});
