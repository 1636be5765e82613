// The mock-server fixture lives in `@mldeploy/mock-server/testing` (useMockServer, SEEDED_ID).
import { type MockServerFixture, type MockServerOptions, useMockServer } from '@mldeploy/mock-server/testing';

export { closedPort } from './ports.js';

/**
 * The spawned binary's `--wait` poll interval, shortened for tests (an undocumented knob of the
 * CLI): the mock's time is stepped, so polling often costs nothing but makes the runs short.
 */
export const FAST_POLL_ENV = { MLDEPLOY_WAIT_INTERVAL_MS: '10' } as const;

/** A mock whose simulated time stands still, and a hook called after each stats request it answers. */
export interface PolledMock extends MockServerFixture {
  /** Called once the mock has answered a `GET …/_stats` (the binary's `--wait` polls). */
  onStatsPoll: (() => void) | undefined;
}

/**
 * Starts a mock on a manual clock (time moves only when a test moves it) and calls
 * {@link PolledMock.onStatsPoll} after each stats request, so a test can move simulated time, or
 * change the cluster, in step with the binary's polls instead of on a wall clock.
 */
export function usePolledMock(
  options: Omit<MockServerOptions, 'port' | 'clock' | 'quiet' | 'log'> = {},
): PolledMock {
  const fixture = useMockServer({
    ...options,
    clock: 'manual',
    quiet: false,
    // One line per answered request: `<time> <method> <url> <status> <ms>`.
    log: (line) => {
      const [, method, url] = line.split(' ');
      if (method === 'GET' && url?.split('?')[0]?.endsWith('/_stats')) {
        polled.onStatsPoll?.();
      }
    },
  });
  const polled: PolledMock = {
    get server() {
      return fixture.server;
    },
    get url() {
      return fixture.url;
    },
    onStatsPoll: undefined,
  };
  return polled;
}
