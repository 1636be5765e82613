import { Client } from 'es8';
import { describe, expect, it, vi } from 'vitest';
import { defaultSeed, loadSeed, SeedError } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const mock = useMockServer({ convergeMs: 0, clock: 'manual' });

describe('control endpoints', () => {
  it('resets to a posted seed and reads it back', async () => {
    const seed = defaultSeed();
    seed.cluster.version = '8.15.1';
    expect((await call(mock.url, 'POST', '/_mock/reset', { body: JSON.stringify(seed) })).status).toBe(200);
    expect((await call(mock.url, 'GET', '/')).json.version.number).toBe('8.15.1');
    const state = (await call(mock.url, 'GET', '/_mock/state')).json;
    expect(state.deployments[0].deployment_id).toBe(SEEDED_ID);
    expect(state.deployments[0].routing_table).toBeTypeOf('object');
  });

  it('rejects a bad seed with every problem and its path, keeping the state', async () => {
    const before = mock.server.state();
    const reply = await call(mock.url, 'POST', '/_mock/reset', {
      body: JSON.stringify({
        nodes: [{ id: 'n', processors: 0 }],
        deployments: [{ deployment_id: 'd', colour: 'red' }],
      }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('mock_control_exception');
    expect(reply.json.error.reason).toContain('/nodes/0/processors');
    expect(reply.json.error.reason).toContain('colour');
    expect(mock.server.state()).toEqual(before);
  });

  it('checks seed consistency: unknown models and duplicate ids', () => {
    const seed = defaultSeed();
    seed.deployments.push({ ...structuredClone(seed.deployments[0]!), model_id: 'ghost' });
    let error: unknown;
    try {
      loadSeed(seed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).problems).toEqual([
      `/deployments: duplicate deployment id [${SEEDED_ID}]`,
      '/deployments/1/model_id: unknown model [ghost]',
      `/deployments/1/deployment_id: [${SEEDED_ID}] is the id of another model`,
    ]);
  });

  it('injects 503s that the client retries through, then serves normally', async () => {
    await mock.server.reset(defaultSeed());
    await call(mock.url, 'POST', '/_mock/faults', { body: JSON.stringify({ status: 503, count: 2 }) });
    const first = await call(mock.url, 'GET', '/');
    expect(first.status).toBe(503);
    expect(first.json.error.type).toBe('master_not_discovered_exception');
    // The official client retries 503s (and the mock never depends on our own client).
    const info = await new Client({ node: mock.url, maxRetries: 3 }).info();
    expect(info.version.number).toBe('9.4.0');
    expect((await call(mock.url, 'GET', '/_mock/faults')).json.faults).toEqual([]);
  });

  it('drops connections, only on the path asked for', async () => {
    await call(mock.url, 'POST', '/_mock/faults', {
      body: JSON.stringify({ drop_connection: true, path: '/_update' }),
    });
    expect((await call(mock.url, 'GET', '/')).status).toBe(200);
    await expect(call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' })).rejects.toThrow();
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(1);
    expect((await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' })).status).toBe(200);
  });

  it('adds latency on the simulated clock and clears faults', async () => {
    await call(mock.url, 'POST', '/_mock/faults', { body: JSON.stringify({ latency_ms: 150, count: 5 }) });
    let answered = false;
    const pending = call(mock.url, 'GET', '/').then((reply) => {
      answered = true;
      return reply;
    });
    // The request arrived and waits for simulated time.
    await vi.waitFor(() => expect(mock.server.clock.pending()).toBe(1));
    mock.server.advance(149);
    expect(mock.server.clock.pending()).toBe(1);
    expect(answered).toBe(false);
    mock.server.advance(1);
    expect((await pending).status).toBe(200);
    expect(mock.server.clock.pending()).toBe(0);
    await call(mock.url, 'DELETE', '/_mock/faults');
    expect((await call(mock.url, 'GET', '/_mock/faults')).json.faults).toEqual([]);
  });

  it('refuses malformed faults and settings with a reason', async () => {
    const fault = await call(mock.url, 'POST', '/_mock/faults', { body: '{"status":418}' });
    expect(fault.status).toBe(400);
    expect(fault.json.error.reason).toBe('fault status must be one of [429, 500, 502, 503, 504]');
    const settings = await call(mock.url, 'PUT', '/_mock/settings', { body: '{"scaling":true}' });
    expect(settings.status).toBe(400);
    expect(settings.json.error.reason).toContain('unknown setting [scaling]');
  });

  it('turns scaling on through settings', async () => {
    await mock.server.reset(defaultSeed());
    expect((await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":100}' })).status).toBe(
      429,
    );
    await call(mock.url, 'PUT', '/_mock/settings', { body: '{"scaling_possible":true,"converge_ms":0}' });
    expect((await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":100}' })).status).toBe(
      200,
    );
  });
});

describe('the example seed shipped with the package', () => {
  it('loads and turns security on', async () => {
    const path = new URL('../seeds/secured-demo.json', import.meta.url).pathname;
    const seed = loadSeed(path);
    expect(seed.security.enabled).toBe(true);
    expect(seed.deployments.map((d) => d.deployment_id)).toContain('.elser_model_2_for_search');
  });
});

describe('routing tables in a seed', () => {
  it('must fit the deployment and the nodes', () => {
    const seed = defaultSeed();
    const d = seed.deployments[0]!;
    const node = seed.nodes[0]!.id;
    d.routing_table = { [node]: { current_allocations: 9, target_allocations: 9, routing_state: 'started' } };
    expect(() => loadSeed(seed)).toThrow(/targets add up to 9, more than number_of_allocations 1/);
    d.number_of_allocations = 9;
    expect(() => loadSeed(seed)).toThrow(`routing tables need 9 processors on node [${node}], which has 8`);
    d.routing_table = { [node]: { current_allocations: 8, target_allocations: 8, routing_state: 'started' } };
    expect(loadSeed(seed).deployments[0]?.routing_table?.[node]?.target_allocations).toBe(8);
  });
});
