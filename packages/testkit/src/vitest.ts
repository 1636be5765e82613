// `@mldeploy/testkit/vitest`: the lifecycle glue every suite that talks to a server needs. The
// server is passed in (e.g. the mock's startMockServer), so this kit depends on no package it tests.
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** A running server that can be closed. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Starts one server for the whole test file (in `beforeAll`) and closes it afterwards; reading
 * `server` before it started throws instead of handing out `undefined`.
 */
export function useServer<S extends Closable>(start: () => Promise<S>): { readonly server: S } {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) {
        throw new Error('server not started');
      }
      return server;
    },
  };
}

/** A port nothing listens on: bound on 127.0.0.1, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
