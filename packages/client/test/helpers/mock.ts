import { createServer } from 'node:net';
import { afterAll, beforeAll, describe } from 'vitest';

/** The mock server handle, as the agreed `startMockServer` API describes it. */
export interface MockServer {
  url: string;
  port: number;
  close(): Promise<void>;
  reset(seed?: object | string): Promise<void> | void;
  state(): unknown;
}
/** Options of `startMockServer`. */
export interface MockOptions {
  port: number;
  seed?: object | string;
  convergeMs?: number;
  quiet?: true;
}

/** `describe` for suites that talk to the mock server. */
export const describeWithMock: typeof describe = describe;

async function startMockServer(options: MockOptions): Promise<MockServer> {
  const module = await import('@mldeploy/mock-server');
  return module.startMockServer(options);
}

/** Starts one mock server on 127.0.0.1 port 0 for the whole file and closes it afterwards. */
export function useMockServer(options: Partial<MockOptions> = {}): { readonly server: MockServer } {
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, quiet: true, ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) {
        throw new Error('mock server not started');
      }
      return server;
    },
  };
}

/** One request a {@link countingFetch} saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The real fetch, wrapped to record every request that goes out. */
export function countingFetch(): { fetch: typeof fetch; calls: SeenRequest[] } {
  const calls: SeenRequest[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(input, init);
  };
  return { fetch: wrapped, calls };
}

/** Calls a control endpoint of the mock (`/_mock/...`). */
export async function control(
  server: MockServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
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
