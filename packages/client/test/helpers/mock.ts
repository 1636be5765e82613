import { existsSync } from 'node:fs';
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

// The mock server is written in parallel with this package; until its build exists the suites that
// need it are reported as skipped (never silently green), and they run as soon as it is built.
const MOCK_ENTRY = new URL('../../node_modules/@mldeploy/mock-server/dist/index.js', import.meta.url);
/** True when `@mldeploy/mock-server` is built. */
export const MOCK_AVAILABLE = existsSync(MOCK_ENTRY);
/** `describe`, skipped with a visible reason while the mock server is not built. */
export const describeWithMock: typeof describe = describe.skipIf(!MOCK_AVAILABLE) as typeof describe;

async function startMockServer(options: MockOptions): Promise<MockServer> {
  const specifier = '@mldeploy/mock-server';
  const module = (await import(/* @vite-ignore */ specifier)) as {
    startMockServer(options: MockOptions): Promise<MockServer>;
  };
  return module.startMockServer(options);
}

/** Starts one mock server on 127.0.0.1 port 0 for the whole file and closes it afterwards. */
export function useMockServer(options: Partial<MockOptions> = {}): { readonly server: MockServer } {
  let server: MockServer | undefined;
  beforeAll(async () => {
    if (!MOCK_AVAILABLE) {
      return;
    }
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
