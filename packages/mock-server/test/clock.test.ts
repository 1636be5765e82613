import { describe, expect, it, vi } from 'vitest';
import { defaultSeed, manualClock } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const START = Date.parse('2026-01-01T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: START, convergeMs: 1000 });

const allocationStatus = async () =>
  (await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`)).json.trained_model_stats[0]
    .deployment_stats.allocation_status;

describe('a manual clock', () => {
  it('stands still until advanced, then wakes sleepers in order', async () => {
    const clock = manualClock(1000);
    const woke: number[] = [];
    const a = clock.sleep(20).then(() => woke.push(20));
    const b = clock.sleep(10).then(() => woke.push(10));
    expect(clock.now()).toBe(1000);
    expect(clock.pending()).toBe(2);
    clock.advance(15);
    await b;
    expect(woke).toEqual([10]);
    clock.advance(5);
    await a;
    expect(woke).toEqual([10, 20]);
    expect(clock.now()).toBe(1020);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('POST /_mock/advance', () => {
  it('moves simulated time so allocations converge', async () => {
    await mock.server.reset();
    expect((await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":3}' })).status).toBe(200);
    expect(await allocationStatus()).toMatchObject({ allocation_count: 1, state: 'started' });
    const reply = await call(mock.url, 'POST', '/_mock/advance', { body: '{"ms":1000}' });
    expect(reply.status).toBe(200);
    expect(reply.json.acknowledged).toBe(true);
    expect(Date.parse(reply.json.now)).toBe(mock.server.clock.now());
    expect(await allocationStatus()).toEqual({
      allocation_count: 3,
      target_allocation_count: 3,
      state: 'fully_allocated',
    });
  });

  it('lets a start with wait_for finish once time has moved', async () => {
    await mock.server.reset();
    let answered = false;
    const pending = call(
      mock.url,
      'POST',
      '/_ml/trained_models/.elser_model_2/deployment/_start?wait_for=fully_allocated&number_of_allocations=2',
    ).then((r) => {
      answered = true;
      return r;
    });
    await vi.waitFor(() => expect(mock.server.clock.pending()).toBe(1));
    await call(mock.url, 'POST', '/_mock/advance', { body: '{"ms":500}' });
    expect(answered).toBe(false);
    await call(mock.url, 'POST', '/_mock/advance', { body: '{"ms":500}' });
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(reply.json.assignment.routing_table).toBeTypeOf('object');
    expect(mock.server.state().deployments.find((d) => d.deployment_id === '.elser_model_2')?.state).toBe(
      'started',
    );
  });

  it('dates what it creates on the simulated clock', async () => {
    await mock.server.reset();
    const before = mock.server.clock.now();
    mock.server.advance(60_000);
    const reply = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/.elser_model_2/deployment/_start?wait_for=starting',
    );
    expect(reply.status).toBe(200);
    expect(Date.parse(reply.json.assignment.start_time)).toBe(before + 60_000);
  });

  it('refuses bad steps with the envelope and keeps the time', async () => {
    const now = mock.server.clock.now();
    for (const [body, reason] of [
      ['', 'advance needs a body: {"ms": <milliseconds>}'],
      ['{"ms":-5}', 'ms must be an integer from 0 to 31536000000'],
      ['{"ms":1.5}', 'ms must be an integer from 0 to 31536000000'],
      ['{"ms":"10"}', 'ms must be an integer from 0 to 31536000000'],
      ['{}', 'ms must be an integer from 0 to 31536000000'],
      ['{"ms":1,"seconds":2}', 'unknown advance field [seconds]; known: [ms]'],
      ['[1]', 'advance must be an object'],
      ['{"ms":', 'advance is not JSON'],
    ] as const) {
      const reply = await call(mock.url, 'POST', '/_mock/advance', body ? { body } : {});
      expect(reply.status, body).toBe(400);
      expect(reply.json.error.type).toBe('mock_control_exception');
      expect(reply.json.error.reason).toContain(reason);
      expect(reply.json.error.root_cause[0].reason).toBe(reply.json.error.reason);
    }
    expect(mock.server.clock.now()).toBe(now);
  });

  it('works on the wall clock too, pushing it forward', async () => {
    const { startMockServer } = await import('../src/index.js');
    const server = await startMockServer({ port: 0, seed: defaultSeed() });
    try {
      const before = Date.now();
      server.advance(3_600_000);
      expect(server.clock.now()).toBeGreaterThanOrEqual(before + 3_600_000);
    } finally {
      await server.close();
    }
  });
});
