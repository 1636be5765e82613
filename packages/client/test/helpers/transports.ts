import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { onTestFinished } from 'vitest';
import type { ClientOptions } from '../../src/index.js';
import { countingFetch, type SeenRequest } from './mock.js';

/** Every path a request can go out on in Node; each transport test runs on all of them. */
export const TRANSPORTS = ['undici', 'http', 'fetch'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/**
 * Client options that select a transport, and the requests that went out on it, as sent: `fetch`
 * through a wrapped fetch, undici and `node:http` through the diagnostics channels they publish
 * every request on (so the real transport sends, and the test only listens). Control requests to
 * the mock (`/_mock/...`) and requests made with `fetch` are left out.
 */
export function recorder(kind: TransportKind): { options: Partial<ClientOptions>; calls: SeenRequest[] } {
  if (kind === 'fetch') {
    const seen = countingFetch();
    return { options: { transport: 'fetch', fetch: seen.fetch }, calls: seen.calls };
  }
  const calls: SeenRequest[] = [];
  const record = (seen: SeenRequest) => {
    if (!new URL(seen.url).pathname.startsWith('/_mock/')) {
      calls.push(seen);
    }
  };
  const channel = kind === 'undici' ? 'undici:request:create' : 'http.client.request.start';
  const listener = (message: unknown) => {
    if (kind === 'http') {
      record(fromHttp(message));
      return;
    }
    // Node's global fetch is undici too and publishes on the same channel; a fetch adds the
    // `sec-fetch-mode` header that undici's own request never sends.
    const seen = fromUndici(message);
    if (seen.headers['sec-fetch-mode'] === undefined) {
      record(seen);
    }
  };
  subscribe(channel, listener);
  onTestFinished(() => {
    unsubscribe(channel, listener);
  });
  return { options: { transport: kind }, calls };
}

interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
  headers: string[] | string;
  body?: unknown;
}

function fromUndici(message: unknown): SeenRequest {
  const request = (message as { request: UndiciRequest }).request;
  const headers: Record<string, string> = {};
  const raw = request.headers;
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      headers[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
    }
  } else {
    for (const line of raw.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
  }
  const body = request.body;
  return {
    method: request.method,
    url: new URL(request.path, request.origin).href,
    headers,
    body:
      typeof body === 'string'
        ? body
        : body instanceof Uint8Array
          ? new TextDecoder().decode(body)
          : undefined,
  };
}

interface HttpRequest {
  method: string;
  path: string;
  host: string;
  protocol: string;
  getHeaders(): Record<string, unknown>;
  getHeader(name: string): unknown;
}

function fromHttp(message: unknown): SeenRequest {
  const request = (message as { request: HttpRequest }).request;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.getHeaders())) {
    headers[name.toLowerCase()] = String(value);
  }
  const host = String(request.getHeader('host') ?? request.host);
  return {
    method: request.method,
    url: new URL(request.path, `${request.protocol}//${host}`).href,
    headers,
    body: undefined,
  };
}
