import type { MockServer } from '@mldeploy/mock-server';

// The mock-server fixture itself is `useMockServer` of `@mldeploy/mock-server/testing`.
export type { MockServer } from '@mldeploy/mock-server';

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

export { closedPort } from '@mldeploy/testkit/vitest';
