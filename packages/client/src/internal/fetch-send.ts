import { type Send, tooLarge } from './wire.js';

/** The `fetch` path: browsers, edge runtimes, and any `fetch` the caller hands in. */
export function fetchSend(fetchImpl: typeof fetch): Send {
  return async (request) => {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
    if (request.body !== undefined) {
      init.body = request.body as NonNullable<RequestInit['body']>;
    }
    const response = await fetchImpl(request.url, init);
    const max = request.maxResponseSize ?? Number.POSITIVE_INFINITY;
    const announced = Number(response.headers.get('content-length'));
    // A compressed answer's length is of the compressed bytes; the text is checked below.
    if (announced > max && response.headers.get('content-encoding') === null) {
      await response.body?.cancel();
      throw tooLarge(announced, max);
    }
    const text = await response.text();
    if (text.length > max) {
      throw tooLarge(text.length, max);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, text };
  };
}
