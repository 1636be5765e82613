import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { EXAMPLE_DEPLOYMENT_ID } from '@mldeploy/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AllocationProgress, createClient } from '../../src/index.js';
import { seedWithConverge } from '../helpers/seed.js';

const mock = useMockServer({ convergeMs: 300 });
let base: Record<string, unknown>;
beforeAll(() => {
  base = mock.server.state() as unknown as Record<string, unknown>;
});

describe('waitForAllocations against the mock', () => {
  it('waits for a new deployment to be fully allocated, reporting progress', async () => {
    await mock.server.reset(seedWithConverge(base, 300));
    const client = createClient({ node: mock.server.url });
    const model = (await client.getModels()).trained_model_configs[0]?.model_id ?? EXAMPLE_DEPLOYMENT_ID;
    await client.startDeployment(model, {
      deployment_id: 'wait-test',
      number_of_allocations: 2,
      wait_for: 'starting',
    });
    const progress: AllocationProgress[] = [];
    const stats = await client.waitForAllocations('wait-test', {
      intervalMs: 50,
      timeout: 10_000,
      onProgress: (p) => progress.push(p),
    });
    expect(stats.allocation_status?.state).toBe('fully_allocated');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0]?.state).not.toBe('fully_allocated');
    const last = progress.at(-1);
    expect(last?.deploymentId).toBe('wait-test');
    expect(last?.allocationCount).toBe(2);
    expect(last?.targetAllocationCount).toBe(2);
    expect(last?.nodes.length).toBeGreaterThan(0);
    expect(last?.nodes.every((n) => n.routingState === 'started')).toBe(true);
  });

  it('fails with WAIT_FAILED when the deployment is not allocated in time', async () => {
    await mock.server.reset(seedWithConverge(base, 60_000));
    const client = createClient({ node: mock.server.url });
    await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 4 });
    const started = Date.now();
    const error = await client
      .waitForAllocations(EXAMPLE_DEPLOYMENT_ID, { timeout: 300, intervalMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('WAIT_FAILED');
    expect((error as ApiError).message).toMatch(/Timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
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
    const error = await client
      .waitForAllocations(EXAMPLE_DEPLOYMENT_ID, { signal: AbortSignal.timeout(150), intervalMs: 50 })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
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
