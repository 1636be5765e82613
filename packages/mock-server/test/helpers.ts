import type { DeploymentFixture } from '@mldeploy/testkit';
import { EXAMPLE_DEPLOYMENT_ID } from '@mldeploy/testkit';
import { useServer } from '@mldeploy/testkit/vitest';
import { type MockServer, type MockServerOptions, type SeedDocument, startMockServer } from '../src/index.js';

export const ID = EXAMPLE_DEPLOYMENT_ID;
export const UPDATE = `/_ml/trained_models/${ID}/deployment/_update`;

/** One mock server on 127.0.0.1, port 0, for the whole file. */
export function useMock(options: MockServerOptions = {}): {
  readonly server: MockServer;
  readonly url: string;
} {
  const mock = useServer(() => startMockServer({ port: 0, ...options }));
  return {
    get server() {
      return mock.server;
    },
    get url() {
      return mock.server.url;
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON answers
  json: any;
}

/** A raw HTTP call: JSON content type when a body is given, unless headers say otherwise. */
export async function call(
  base: string,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> =
    init.body !== undefined ? { 'content-type': 'application/json' } : {};
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A copy of the seed whose example deployment is in the fixture's state ('missing' removes it). */
export function seedWith(seed: SeedDocument, fixture: DeploymentFixture | 'missing'): SeedDocument {
  const copy = structuredClone(seed);
  const rest = copy.deployments.filter((d) => d.deployment_id !== ID);
  if (fixture === 'missing') {
    copy.deployments = rest;
    return copy;
  }
  const current = copy.deployments.find((d) => d.deployment_id === ID);
  if (!current) {
    throw new Error('the seed has no example deployment');
  }
  const { routing_table: _routes, max_assigned_allocations: _max, ...kept } = current;
  copy.deployments = [
    ...rest,
    {
      ...kept,
      number_of_allocations: fixture.number_of_allocations,
      state: fixture.assignment_state,
      adaptive_allocations: fixture.adaptive_allocations,
      owned_by_inference_endpoint: fixture.owned_by_inference_endpoint ?? false,
    },
  ];
  return copy;
}

/** Polls until `check` holds or the deadline passes; answers the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    value = await read();
  }
  return value;
}
