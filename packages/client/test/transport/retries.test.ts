import { ApiError } from '@mldeploy/core';
import { type Clock, manualClock, useMockServer } from '@mldeploy/mock-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { closedPort, control } from '../helpers/mock.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

// The mock's time stands still: an injected latency holds a request until the test moves the
// clock on, and `held` is called the moment the mock starts holding one (so a test can act on a
// request that is provably in flight, without timers).
let held: (() => void) | undefined;
const mockClock = manualClock();
const holdingClock: Clock = {
  mode: mockClock.mode,
  now: () => mockClock.now(),
  advance: (ms) => mockClock.advance(ms),
  pending: () => mockClock.pending(),
  sleep: (ms) => {
    const sleeping = mockClock.sleep(ms);
    held?.();
    return sleeping;
  },
};
const mock = useMockServer({ clock: holdingClock });
const LATENCY_MS = 1000;

afterEach(async () => {
  held = undefined;
  await control(mock.server, 'DELETE', '/_mock/faults');
  // Release whatever an injected latency still holds.
  mock.server.advance(LATENCY_MS);
});

const statsCalls = (calls: { url: string }[]) => calls.filter((c) => c.url.includes('/_stats')).length;

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('retries', () => {
    it('retries 503 with a growing, jittered backoff and succeeds once the server recovers', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 2 });
      const seen = recorder(kind);
      const clock = virtualClock();
      const client = createClient({ node: mock.server.url, ...seen.options, ...clock });
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
        const seen = recorder(kind);
        const clock = virtualClock();
        await createClient({ node: mock.server.url, ...seen.options, ...clock }).getDeploymentStats();
        expect(statsCalls(seen.calls)).toBe(2);
        expect(clock.slept).toHaveLength(1);
      });
    }

    it('gives up after maxRetries with the last answer as an ApiError', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
      const error = await createClient({
        node: mock.server.url,
        ...seen.options,
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
      const seen = recorder(kind);
      const clock = virtualClock();
      // Each reading of the clock is a millisecond later (the attempt took time), so even a
      // backoff drawn as 0 ms would not fit in the spent budget.
      let elapsed = 0;
      const error = await createClient({
        node: mock.server.url,
        ...seen.options,
        maxRetries: 10,
        maxRetryTime: 0,
        ...clock,
        now: () => clock.now() + elapsed++,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(503);
      expect(statsCalls(seen.calls)).toBe(1);
      expect(clock.slept).toHaveLength(0);
    });

    it('keeps the retries within maxRetryTime on the clock it is given', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
      const clock = virtualClock();
      const error = await createClient({
        node: mock.server.url,
        ...seen.options,
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
      const seen = recorder(kind);
      const error = await createClient({ node: mock.server.url, ...seen.options, ...virtualClock() })
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
        node: mock.server.url,
        ...seen.options,
        retryOnTooManyRequests: true,
        ...virtualClock(),
      }).getDeploymentStats();
      expect(statsCalls(seen.calls)).toBe(2);
    });

    it('never retries a 4xx rejection', async () => {
      const seen = recorder(kind);
      const error = await createClient({ node: mock.server.url, ...seen.options, ...virtualClock() })
        .updateDeployment('no-such-deployment', { number_of_allocations: 2 })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('DEPLOYMENT_NOT_FOUND');
      // The hint speaks the library's API, not a CLI command.
      expect((error as ApiError).info.hint).toMatch(/getDeploymentStats/);
      expect((error as ApiError).info.hint).not.toMatch(/mldeploy /);
      expect(seen.calls.length).toBe(1);
    });

    it('retries a dropped connection and reports NETWORK_ERROR when it persists', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { drop_connection: true, count: 50 });
      const seen = recorder(kind);
      const clock = virtualClock();
      const error = await createClient({
        node: mock.server.url,
        ...seen.options,
        maxRetries: 1,
        ...clock,
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('NETWORK_ERROR');
      expect(statsCalls(seen.calls)).toBe(2);
      expect(clock.slept).toHaveLength(1);
    });

    it('reports a refused connection as NETWORK_ERROR after the retries', async () => {
      const seen = recorder(kind);
      const error = await createClient({
        node: `http://127.0.0.1:${await closedPort()}`,
        ...seen.options,
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
    it('times out an answer the server holds back with TIMEOUT and does not retry it', async () => {
      // The mock holds the answer until its clock moves, which it does not during the request:
      // only the client's own requestTimeout can end it.
      await control(mock.server, 'POST', '/_mock/faults', { latency_ms: LATENCY_MS, count: 5 });
      const seen = recorder(kind);
      const error = await createClient({
        node: mock.server.url,
        ...seen.options,
        requestTimeout: 100,
        ...virtualClock(),
      })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('TIMEOUT');
      expect(statsCalls(seen.calls)).toBe(1);
    });

    it('aborts an in-flight request with ABORTED', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { latency_ms: LATENCY_MS, count: 5 });
      const controller = new AbortController();
      let wasHeld = false;
      // Abort once the mock holds the request: it is provably on its way and unanswered.
      held = () => {
        wasHeld = true;
        controller.abort();
      };
      const seen = recorder(kind);
      const error = await createClient({ node: mock.server.url, ...seen.options, ...virtualClock() })
        .getDeploymentStats(undefined, { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(wasHeld).toBe(true);
      expect((error as ApiError).code).toBe('ABORTED');
      expect(statsCalls(seen.calls)).toBe(1);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const seen = recorder(kind);
      const error = await createClient({ node: mock.server.url, ...seen.options })
        .getDeploymentStats(undefined, { signal: AbortSignal.abort() })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('ABORTED');
      expect(seen.calls.length).toBe(0);
    });

    it('stops retrying as soon as the signal aborts', async () => {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 50 });
      const seen = recorder(kind);
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
        ...seen.options,
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
});
