import { pathFor, UPDATE_ENDPOINT } from '@mldeploy/core/endpoints';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { SEEDED_ID } from '../src/testing.js';

// The fixture itself (useMockServer, SEEDED_ID, seedWith) is the package's `testing` entry.
export const UPDATE = pathFor(UPDATE_ENDPOINT, { model_id: SEEDED_ID });

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

/** The default seed, converging at once, changed by `change`. */
export function instantSeed(change: (s: SeedDocument) => void = () => {}): SeedDocument {
  const s = defaultSeed();
  s.cluster.converge_ms = 0;
  change(s);
  return s;
}

/** Adaptive allocations enabled between `min` and `max`. */
export const adaptive = (min: number, max: number) => ({
  enabled: true,
  min_number_of_allocations: min,
  max_number_of_allocations: max,
});
