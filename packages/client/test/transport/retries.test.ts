import { ApiError } from '@mldeploy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { closedPort, control, useMockServer } from '../helpers/mock.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer();
afterEach(async () => {
  await control(mock.server, 'DELETE', '/_mock/faults');
});

const statsCalls = (calls: { url: string }[]) => calls.filter((c) => c.url.includes('/_stats')).length;

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('retries', () => {
    it('retries 503 and succeeds once the server recovers', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 2 });
      const seen = recorder(kind);
      const client = createClient({ transport: kind, node: mock.server.url, ...seen.options });
      const stats = await client.getDeploymentStats();
      expect(stats.count).toBeGreaterThan(0);
      expect(statsCalls(seen.calls)).toBe(3);
    });

    for (const status of [502, 504]) {
      it(`retries ${status}`, async () => {
        await control(mock.server, 'POST', '/_mock/faults', { status, count: 1 });
        const seen = recorder(kind);
        await createClient({ transport: kind, node: mock.server.url, ...seen.options }).getDeploymentStats();
        expect(statsCalls(seen.calls)).toBe(2);
      });
    }

    it('gives up after maxRetries with the last answer as an ApiError', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
      const error = await createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        maxRetries: 2,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(503);
      expect(statsCalls(seen.calls)).toBe(3);
    });

    it('stops retrying when maxRetryTime is spent', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
      const error = await createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        maxRetries: 10,
        maxRetryTime: 0,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(503);
      expect(statsCalls(seen.calls)).toBe(1);
    });

    it('does not retry 429 unless asked to', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 429, count: 1 });
      const seen = recorder(kind);
      const error = await createClient({ transport: kind, node: mock.server.url, ...seen.options })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(429);
      expect((error as ApiError).info.hint).toMatch(/fewer allocations|ML capacity/);
      expect(statsCalls(seen.calls)).toBe(1);
    });

    it('retries 429 when retryOnTooManyRequests is set', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 429, count: 1 });
      const seen = recorder(kind);
      await createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        retryOnTooManyRequests: true,
      }).getDeploymentStats();
      expect(statsCalls(seen.calls)).toBe(2);
    });

    it('never retries a 4xx rejection', async () => {
      const seen = recorder(kind);
      const error = await createClient({ transport: kind, node: mock.server.url, ...seen.options })
        .updateDeployment('no-such-deployment', { number_of_allocations: 2 })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('DEPLOYMENT_NOT_FOUND');
      expect((error as ApiError).info.hint).toMatch(/mldeploy status/);
      expect(seen.calls.length).toBe(1);
    });

    it('retries a dropped connection and reports NETWORK_ERROR when it persists', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { drop_connection: true, count: 50 });
      const seen = recorder(kind);
      const error = await createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        maxRetries: 1,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('NETWORK_ERROR');
      expect(statsCalls(seen.calls)).toBe(2);
    });

    it('reports a refused connection as NETWORK_ERROR after the retries', async () => {
      const seen = recorder(kind);
      const error = await createClient({
        transport: kind,
        node: `http://127.0.0.1:${await closedPort()}`,
        ...seen.options,
        maxRetries: 2,
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
      const seen = recorder(kind);
      const started = Date.now();
      const error = await createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        requestTimeout: 100,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(900);
      expect(statsCalls(seen.calls)).toBe(1);
    });

    it('aborts an in-flight request with ABORTED', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { latency_ms: 1000, count: 5 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await createClient({ transport: kind, node: mock.server.url })
        .getDeploymentStats(undefined, { signal: controller.signal })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('ABORTED');
    });

    it('sends nothing when the signal is already aborted', async () => {
      const seen = recorder(kind);
      const error = await createClient({ transport: kind, node: mock.server.url, ...seen.options })
        .getDeploymentStats(undefined, { signal: AbortSignal.abort() })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('ABORTED');
      expect(seen.calls.length).toBe(0);
    });

    it('stops retrying as soon as the signal aborts', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
      const controller = new AbortController();
      const client = createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        maxRetries: 50,
        maxRetryTime: 60_000,
      });
      const pending = client
        .getDeploymentStats(undefined, { signal: controller.signal })
        .catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 150);
      const started = Date.now();
      const error = await pending;
      expect((error as ApiError).code).toBe('ABORTED');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(statsCalls(seen.calls)).toBeLessThan(50);
    });
  });
});
