// `@mldeploy/mock-server/testing`: the one test fixture for suites that talk to the mock over
// HTTP (vitest lifecycle), the seeded deployment's id and `seedWith`. vitest is an optional peer
// dependency: only this entry imports it.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { defaultSeed, type SeedDocument } from './seed.js';
import { type MockServer, type MockServerOptions, startMockServer } from './server.js';

export type { Clock } from './clock.js';
export { manualClock } from './clock.js';
export type { JournalEntry, JournalFilter } from './journal.js';
export type { SeedDocument } from './seed.js';
export type { MockServer, MockServerOptions } from './server.js';

/** The deployment of the built-in seed: one allocation, started, on the first of two ML nodes. */
export const SEEDED_ID: string = defaultSeed().deployments[0]?.deployment_id ?? '';

/** The id {@link withInferenceEndpoint} gives the endpoint and the deployment it created. */
export const ENDPOINT_OWNED_ID = 'my-elser';

/**
 * A copy of a seed (default: the built-in one) plus a started ELSER deployment that an inference
 * endpoint of the same id created (`sparse_embedding`, 1 allocation × 1 thread): `_update` answers
 * it 409, the inference API's `_update` changes it. The seed's own endpoints are kept.
 */
export function withInferenceEndpoint(
  seed: SeedDocument = defaultSeed(),
  id = ENDPOINT_OWNED_ID,
): SeedDocument {
  const s = structuredClone(seed);
  s.deployments.push({
    deployment_id: id,
    model_id: '.elser_model_2',
    number_of_allocations: 1,
    threads_per_allocation: 1,
    priority: 'normal',
    queue_capacity: 10_000,
    state: 'started',
  });
  s.inference_endpoints = [
    ...(s.inference_endpoints ?? []),
    {
      inference_id: id,
      task_type: 'sparse_embedding',
      service: 'elasticsearch',
      service_settings: { model_id: '.elser_model_2', num_threads: 1, num_allocations: 1 },
    },
  ];
  return s;
}

/** The state a deployment should be in, as contract cases describe it. */
export interface DeploymentFixture {
  number_of_allocations: number;
  adaptive_allocations: {
    enabled: boolean;
    min_number_of_allocations?: number;
    max_number_of_allocations?: number;
  } | null;
  assignment_state: 'started' | 'starting' | 'stopping' | 'failed';
  owned_by_inference_endpoint?: boolean;
  /** The deployment's priority; absent keeps the seed's (or `normal`). */
  priority?: 'normal' | 'low';
}

/** What {@link useMockServer} hands out: the running server, once `beforeAll` started it. */
export interface MockServerFixture {
  readonly server: MockServer;
  /** `server.url`. */
  readonly url: string;
}

/**
 * Starts one mock server on 127.0.0.1, port 0, for the whole test file (`beforeAll`) and closes
 * it afterwards (`afterAll`). Reading `server` before it started throws.
 */
export function useMockServer(options: Omit<MockServerOptions, 'port'> = {}): MockServerFixture {
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await startMockServer({ quiet: true, ...options, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  const get = (): MockServer => {
    if (!server) {
      throw new Error('mock server not started (useMockServer starts it in beforeAll)');
    }
    return server;
  };
  return {
    get server() {
      return get();
    },
    get url() {
      return get().url;
    },
  };
}

/**
 * A copy of the seed whose deployment `id` (default: the seeded one) is in the fixture's state;
 * `'missing'` removes it. Its routing table is dropped, so the mock places it afresh.
 */
export function seedWith<S extends Pick<SeedDocument, 'deployments'>>(
  seed: S,
  fixture: DeploymentFixture | 'missing',
  id: string = SEEDED_ID,
): S {
  const copy = structuredClone(seed);
  const rest = copy.deployments.filter((d) => d.deployment_id !== id);
  if (fixture === 'missing') {
    copy.deployments = rest;
    return copy;
  }
  const current = copy.deployments.find((d) => d.deployment_id === id) ?? {
    deployment_id: id,
    model_id: id,
    threads_per_allocation: 1,
    priority: 'normal' as const,
    queue_capacity: 10_000,
  };
  const {
    routing_table: _routes,
    max_assigned_allocations: _max,
    ...kept
  } = current as SeedDocument['deployments'][number];
  copy.deployments = [
    ...rest,
    {
      ...kept,
      number_of_allocations: fixture.number_of_allocations,
      state: fixture.assignment_state,
      adaptive_allocations: fixture.adaptive_allocations,
      owned_by_inference_endpoint: fixture.owned_by_inference_endpoint ?? false,
      ...(fixture.priority ? { priority: fixture.priority } : {}),
    },
  ];
  return copy;
}

/** How a {@link startDriftingUpstream} changes the answers it passes on. */
export interface Drift {
  /** The status to answer instead of the upstream's; `path` is the request's path and query. */
  status?(status: number, path: string): number;
  /** The body text to answer instead of the upstream's. */
  text?(text: string, path: string): string;
}

/**
 * A fake upstream for contract tests, on 127.0.0.1 port 0: forwards every request to `target()`
 * as it came and answers with the upstream's headers, its status and body changed by `drift`
 * (Content-Length recomputed). A server that drifted from Elasticsearch, for checking that
 * `mldeploy verify` or the proxy catch it.
 */
export async function startDriftingUpstream(
  target: () => string,
  drift: Drift,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = request(
        new URL(path, target()),
        { method: req.method, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const upstreamText = Buffer.concat(parts).toString('utf8');
            const text = drift.text ? drift.text(upstreamText, path) : upstreamText;
            const upstreamStatus = answer.statusCode ?? 502;
            const status = drift.status ? drift.status(upstreamStatus, path) : upstreamStatus;
            res.writeHead(status, { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) });
            res.end(text);
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
