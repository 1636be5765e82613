import { startMockServer } from '@mldeploy/mock-server';
import { useServer } from '@mldeploy/testkit/vitest';

/** The deployment the mock's default seed starts with: 1 allocation, started, on 2 ML nodes. */
export const SEEDED_ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';

type MockServer = Awaited<ReturnType<typeof startMockServer>>;
type MockOptions = Omit<NonNullable<Parameters<typeof startMockServer>[0]>, 'port'>;

/** Starts one mock server for the whole test file (spawning is the slow part, not the server). */
export function useMockServer(options: MockOptions = {}): {
  readonly server: MockServer;
  readonly url: string;
} {
  const mock = useServer(() => startMockServer({ port: 0, quiet: true, ...options }));
  return {
    get server() {
      return mock.server;
    },
    get url() {
      return mock.server.url;
    },
  };
}

export { closedPort } from './ports.js';
