import type { Send } from './wire.js';

/** The `fetch` path: browsers, edge runtimes, and any `fetch` the caller hands in. */
export function fetchSend(fetchImpl: typeof fetch): Send {
  return async (request) => {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
    if (request.body !== undefined) {
      init.body = request.body;
    }
    const response = await fetchImpl(request.url, init);
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, text };
  };
}
