import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { closedPort, control, countingFetch } from '../helpers/mock.js';

const mock = useMockServer();
afterEach(async () => {
  await control(mock.server, 'DELETE', '/_mock/faults');
});

const statsCalls = (calls: { url: string }[]) => calls.filter((c) => c.url.includes('/_stats')).length;

describe('retries', () => {
  it('retries 503 with a growing, jittered backoff and succeeds once the server recovers', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 2 });
    const seen = countingFetch();
    const clock = virtualClock();
    const client = createClient({ node: mock.server.url, fetch: seen.fetch, ...clock });
    const stats = await client.getDeploymentStats();
    expect(stats.count).toBeGreaterThan(0);
    expect(statsCalls(seen.calls)).toBe(3);
    // One wait before each retry, in [0, 100·2^n) ms.
    expect(clock.slept).toHaveLength(2);
    clock.slept.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100 * 2 ** n);
    });
  });

  for (const status of [502, 504]) {
    it(`retries ${status}`, async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status, count: 1 });
      const seen = countingFetch();
      const clock = virtualClock();
      await createClient({ node: mock.server.url, fetch: seen.fetch, ...clock }).getDeploymentStats();
      expect(statsCalls(seen.calls)).toBe(2);
      expect(clock.slept).toHaveLength(1);
    });
  }

  it('gives up after maxRetries with the last answer as an ApiError', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
    const seen = countingFetch();
    const error = await createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      maxRetries: 2,
      ...virtualClock(),
    })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(statsCalls(seen.calls)).toBe(3);
  });

  it('stops retrying when maxRetryTime is spent', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
    const seen = countingFetch();
    const error = await createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      maxRetries: 10,
      maxRetryTime: 0,
    })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(503);
    expect(statsCalls(seen.calls)).toBe(1);
  });

  it('keeps the retries within maxRetryTime on the clock it is given', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
    const seen = countingFetch();
    const clock = virtualClock();
    const error = await createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      maxRetries: 40,
      maxRetryTime: 3_000,
      ...clock,
    })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(503);
    const waited = clock.slept.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(3_000);
    // It stopped because the budget was spent, not because the retries ran out.
    expect(statsCalls(seen.calls)).toBe(clock.slept.length + 1);
    expect(statsCalls(seen.calls)).toBeLessThan(41);
  });

  it('does not retry 429 unless asked to', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 429, count: 1 });
    const seen = countingFetch();
    const error = await createClient({ node: mock.server.url, fetch: seen.fetch })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).info.hint).toMatch(/fewer allocations|ML capacity/);
    expect(statsCalls(seen.calls)).toBe(1);
  });

  it('retries 429 when retryOnTooManyRequests is set', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 429, count: 1 });
    const seen = countingFetch();
    await createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      retryOnTooManyRequests: true,
      ...virtualClock(),
    }).getDeploymentStats();
    expect(statsCalls(seen.calls)).toBe(2);
  });

  it('never retries a 4xx rejection', async () => {
    const seen = countingFetch();
    const error = await createClient({ node: mock.server.url, fetch: seen.fetch })
      .updateDeployment('no-such-deployment', { number_of_allocations: 2 })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('DEPLOYMENT_NOT_FOUND');
    expect((error as ApiError).info.hint).toMatch(/getDeploymentStats/);
    expect(seen.calls.length).toBe(1);
  });

  it('retries a dropped connection and reports NETWORK_ERROR when it persists', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { drop_connection: true, count: 50 });
    const seen = countingFetch();
    const error = await createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      maxRetries: 1,
      ...virtualClock(),
    })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NETWORK_ERROR');
    expect(statsCalls(seen.calls)).toBe(2);
  });

  it('reports a refused connection as NETWORK_ERROR after the retries', async () => {
    const seen = countingFetch();
    const error = await createClient({
      node: `http://127.0.0.1:${await closedPort()}`,
      fetch: seen.fetch,
      maxRetries: 2,
      ...virtualClock(),
    })
      .info()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('NETWORK_ERROR');
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).message).toMatch(/ECONNREFUSED/);
    expect(seen.calls.length).toBe(3);
  });
});

describe('timeouts and abort', () => {
  it('times out a slow answer with TIMEOUT and does not retry it', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { latency_ms: 1000, count: 5 });
    const seen = countingFetch();
    const error = await createClient({ node: mock.server.url, fetch: seen.fetch, requestTimeout: 100 })
      .getDeploymentStats()
      .catch((e: unknown) => e);
    // TIMEOUT (not an answer after the fault's latency), and no second attempt.
    expect((error as ApiError).code).toBe('TIMEOUT');
    expect(statsCalls(seen.calls)).toBe(1);
  });

  it('aborts an in-flight request with ABORTED', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { latency_ms: 1000, count: 5 });
    const controller = new AbortController();
    // Abort once the request is on its way (the fault holds the answer back).
    const seen = countingFetch();
    const abortingFetch: typeof fetch = (input, init) => {
      const pending = seen.fetch(input, init);
      controller.abort();
      return pending;
    };
    const error = await createClient({ node: mock.server.url, fetch: abortingFetch })
      .getDeploymentStats(undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
    expect(statsCalls(seen.calls)).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const seen = countingFetch();
    const error = await createClient({ node: mock.server.url, fetch: seen.fetch })
      .getDeploymentStats(undefined, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
    expect(seen.calls.length).toBe(0);
  });

  it('stops retrying as soon as the signal aborts', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
    const seen = countingFetch();
    const controller = new AbortController();
    const clock = virtualClock();
    // The signal aborts during the second wait between attempts.
    clock.onSleep = () => {
      if (clock.slept.length === 2) {
        controller.abort();
      }
    };
    const client = createClient({
      node: mock.server.url,
      fetch: seen.fetch,
      maxRetries: 50,
      maxRetryTime: 60_000,
      ...clock,
    });
    const error = await client
      .getDeploymentStats(undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
    expect(statsCalls(seen.calls)).toBe(2);
    expect(clock.slept).toHaveLength(2);
  });
});
