import { ApiError } from '@mldeploy/core/rules';
import { withHint } from './hints.js';
import type { PoolNode } from './node-pool.js';

/** One request, ready for any node: the target (path and query), headers and body. */
export interface Exchange {
  method: string;
  /** Path and query, without the node's own path prefix. */
  target: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

/** The answer, its body parsed (JSON, else the text; undefined when empty). */
export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The local ABORTED error, keeping the signal's reason as the cause. */
export function aborted(reason: unknown): ApiError {
  return new ApiError('ABORTED', 'The request was aborted', { cause: reason });
}

/**
 * Sends one attempt to one node within `timeout` ms, aborting with the caller's signal. Failures
 * are ApiErrors: ABORTED (the caller's signal), TIMEOUT, or NETWORK_ERROR (the cause kept).
 */
export async function exchange(
  node: PoolNode,
  request: Exchange,
  limits: { timeout: number; maxResponseSize: number },
): Promise<ExchangeResponse> {
  const userSignal = request.signal;
  if (userSignal?.aborted) {
    throw aborted(userSignal.reason);
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('request timeout'));
  }, limits.timeout);
  const onAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    let text: string;
    let status: number;
    let headers: Record<string, string>;
    try {
      ({ status, headers, text } = await node.send({
        method: request.method,
        url: `${node.url}${request.target}`,
        path: `${node.prefix}${request.target}`,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        maxResponseSize: limits.maxResponseSize,
      }));
    } catch (e) {
      throw failure(e, node, request, timedOut, limits.timeout);
    }
    return { status, headers, body: parseBody(text) };
  } finally {
    clearTimeout(timer);
    userSignal?.removeEventListener('abort', onAbort);
  }
}

function failure(
  e: unknown,
  node: PoolNode,
  request: Exchange,
  timedOut: boolean,
  timeout: number,
): ApiError {
  if (request.signal?.aborted) {
    return aborted(request.signal.reason);
  }
  if (e instanceof ApiError) {
    return e;
  }
  const path = request.target.split('?')[0];
  if (timedOut) {
    return withHint(
      new ApiError('TIMEOUT', `${request.method} ${path} got no answer within ${timeout} ms`, { cause: e }),
    );
  }
  return withHint(
    new ApiError('NETWORK_ERROR', `${request.method} ${node.url}${path} failed: ${describeCause(e)}`, {
      cause: e,
    }),
  );
}

function parseBody(text: string): unknown {
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// `fetch` wraps the socket's error in a TypeError('fetch failed'); undici and node:http throw it as is.
function describeCause(e: unknown): string {
  if (!(e instanceof Error)) {
    return String(e);
  }
  const cause = (e as { cause?: unknown }).cause;
  const error = cause instanceof Error ? cause : e;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.startsWith(code)
    ? `${code} ${error.message}`
    : error.message;
}
