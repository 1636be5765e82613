import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { EXAMPLE_DEPLOYMENT_ID } from '@mldeploy/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AllocationProgress, createClient } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { seedWithConverge } from '../helpers/seed.js';

// The mock's time stands still until a test moves it: no test waits for it to converge.
const mock = useMockServer({ convergeMs: 300, clock: 'manual' });
let base: Record<string, unknown>;
beforeAll(() => {
  base = mock.server.state() as unknown as Record<string, unknown>;
});

describe('waitForAllocations against the mock', () => {
  it('waits for a new deployment to be fully allocated, reporting progress', async () => {
    await mock.server.reset(seedWithConverge(base, 300));
    // Each wait between polls moves the mock's clock on by as much: 50 ms steps of simulated time.
    const clock = virtualClock();
    clock.onSleep = (ms) => mock.server.advance(ms);
    const client = createClient({ node: mock.server.url, now: clock.now, sleep: clock.sleep });
    const model = (await client.getModels()).trained_model_configs[0]?.model_id ?? EXAMPLE_DEPLOYMENT_ID;
    const { assignment } = await client.startDeployment(model, {
      deployment_id: 'wait-test',
      number_of_allocations: 2,
      wait_for: 'starting',
    });
    const progress: AllocationProgress[] = [];
    const stats = await client.waitForAllocations('wait-test', {
      intervalMs: 50,
      timeout: 10_000,
      assignment,
      onProgress: (p) => progress.push(p),
    });
    expect(stats.allocation_status?.state).toBe('fully_allocated');
    // It converged on the mock's clock, once its 300 ms had been stepped through.
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    expect(progress.length).toBe(clock.slept.length + 1);
    expect(progress[0]?.state).not.toBe('fully_allocated');
    // Before convergence, the per-node targets come from the start answer's routing table.
    const targets = (p: AllocationProgress | undefined) =>
      p?.nodes.reduce((sum, n) => sum + (n.targetAllocations ?? 0), 0);
    expect(targets(progress[0])).toBe(2);
    const last = progress.at(-1);
    expect(last?.deploymentId).toBe('wait-test');
    expect(last?.allocationCount).toBe(2);
    expect(last?.targetAllocationCount).toBe(2);
    expect(last?.nodes.length).toBeGreaterThan(0);
    expect(last?.nodes.every((n) => n.routingState === 'started')).toBe(true);
  });

  it('fails with WAIT_FAILED when the deployment is not allocated in time', async () => {
    await mock.server.reset(seedWithConverge(base, 60_000));
    const clock = virtualClock();
    const client = createClient({ node: mock.server.url, now: clock.now, sleep: clock.sleep });
    await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 4 });
    const progress: AllocationProgress[] = [];
    const error = await client
      .waitForAllocations(EXAMPLE_DEPLOYMENT_ID, {
        timeout: 300,
        intervalMs: 50,
        onProgress: (p) => progress.push(p),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('WAIT_FAILED');
    expect((error as ApiError).message).toMatch(/Timed out after 300 ms/);
    expect((error as ApiError).message).toMatch(/of 4 allocations$/);
    // Polled every 50 ms of the client's clock until the 300 ms were spent: 7 polls, 6 waits.
    expect(clock.slept).toEqual([50, 50, 50, 50, 50, 50]);
    expect(progress).toHaveLength(7);
  });

  it('answers at once when only started is wanted', async () => {
    await mock.server.reset(seedWithConverge(base, 60_000));
    const client = createClient({ node: mock.server.url });
    const stats = await client.waitForAllocations(EXAMPLE_DEPLOYMENT_ID, { until: 'started', timeout: 1000 });
    expect(stats.state).toBe('started');
  });

  it('stops with ABORTED when the signal aborts', async () => {
    await mock.server.reset(seedWithConverge(base, 60_000));
    const client = createClient({ node: mock.server.url });
    await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 4 });
    const controller = new AbortController();
    const clock = virtualClock();
    // The signal aborts during the second wait between polls.
    clock.onSleep = () => {
      if (clock.slept.length === 2) {
        controller.abort();
      }
    };
    let polls = 0;
    const error = await client
      .waitForAllocations(EXAMPLE_DEPLOYMENT_ID, {
        signal: controller.signal,
        intervalMs: 50,
        now: clock.now,
        sleep: clock.sleep,
        onProgress: () => polls++,
      })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
    expect(polls).toBe(2);
  });

  it('fails with WAIT_FAILED for a deployment that does not exist', async () => {
    await mock.server.reset(seedWithConverge(base, 300));
    const error = await createClient({ node: mock.server.url })
      .waitForAllocations('nope', { timeout: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(['WAIT_FAILED', 'MODEL_NOT_FOUND', 'DEPLOYMENT_NOT_FOUND']).toContain((error as ApiError).code);
  });
});
