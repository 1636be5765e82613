import { ApiError } from '@mldeploy/core/rules';
import type { ValidationIssue } from '@mldeploy/core/validators';
import type { ClientOptions } from '../client-options.js';
import type { RawResponse } from '../raw-request.js';
import { backoffDelay, sleep } from './backoff.js';
import { withHint } from './hints.js';
import { readError } from './read-error.js';
import type { Send, WireResponse } from './wire.js';

/** One request as the transport sends it. */
export interface TransportRequest {
  method: string;
  /** Encoded path starting with `/`. */
  path: string;
  /** Query string without `?`; empty for none. */
  query?: string;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** Settings the transport needs, resolved from {@link ClientOptions}. */
export interface TransportSettings {
  base: string;
  /** Path prefix of the base URL (`/es` in `http://host/es`), empty for none. */
  prefix: string;
  headers: Record<string, string>;
  /** The path requests go out on: undici's pool or `node:http` in Node, `fetch` elsewhere. */
  send: Send & { close?(): Promise<void> };
  requestTimeout: number;
  maxRetries: number;
  maxRetryTime: number;
  retryOnTooManyRequests: boolean;
  responseValidation: NonNullable<ClientOptions['responseValidation']>;
  onResponseIssue?: ClientOptions['onResponseIssue'];
  now?: ClientOptions['now'];
  sleep?: ClientOptions['sleep'];
}

const RETRIED = new Set([502, 503, 504]);

/**
 * Sends requests with timeouts, abort, retries (connection errors, 502/503/504 and, when opted in,
 * 429; never other 4xx), the product check, and Elasticsearch errors read into {@link ApiError}.
 */
export class Transport {
  constructor(readonly settings: TransportSettings) {}

  /** Sends a request and answers the response; HTTP errors and failures throw {@link ApiError}. */
  async send(request: TransportRequest, route: string): Promise<RawResponse> {
    const { maxRetries, maxRetryTime, now = Date.now, sleep: wait = sleep } = this.settings;
    const started = now();
    for (let attempt = 0; ; attempt++) {
      let failure: ApiError;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.attempt(request);
        if (response.status < 400) {
          this.productCheck(response, route);
          return response;
        }
        failure = readError(response.status, response.body, response.headers);
        if (!this.retryable(response.status)) {
          throw failure;
        }
        retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'NETWORK_ERROR') {
          throw e;
        }
        failure = e;
      }
      if (attempt >= maxRetries) {
        throw failure;
      }
      const delay = retryAfterMs ?? backoffDelay(attempt);
      if (now() - started + delay > maxRetryTime) {
        throw failure;
      }
      try {
        await wait(delay, request.signal);
      } catch (reason) {
        throw aborted(reason);
      }
    }
  }

  /** Closes the connections kept alive (undici's pool, `node:http`'s agent); the next call reopens. */
  async close(): Promise<void> {
    await this.settings.send.close?.();
  }

  /** Reports (or, in strict mode, throws) a response that breaks the contract. */
  reportIssues(route: string, issues: ValidationIssue[]): void {
    const { responseValidation, onResponseIssue } = this.settings;
    if (responseValidation === 'off' || issues.length === 0) {
      return;
    }
    if (responseValidation === 'strict') {
      const text = issues.map((i) => `${i.instancePath || '/'}: ${i.message ?? i.keyword}`).join('; ');
      throw new ApiError('RESPONSE_INVALID', `The response of ${route} breaks the contract: ${text}`, {
        hint: 'The server is not Elasticsearch or speaks another version of the API; use responseValidation: "report" to accept it anyway.',
      });
    }
    onResponseIssue?.({ route, issues });
  }

  private retryable(status: number): boolean {
    return RETRIED.has(status) || (status === 429 && this.settings.retryOnTooManyRequests);
  }

  private productCheck(response: RawResponse, route: string): void {
    if (response.headers['x-elastic-product'] === 'Elasticsearch') {
      return;
    }
    this.reportIssues(route, [
      {
        instancePath: '',
        keyword: 'product',
        params: { header: 'x-elastic-product', value: response.headers['x-elastic-product'] ?? null },
        message: 'the server did not answer with header x-elastic-product: Elasticsearch',
      },
    ]);
  }

  private async attempt(request: TransportRequest): Promise<RawResponse> {
    const { base, headers, requestTimeout } = this.settings;
    const userSignal = request.signal;
    if (userSignal?.aborted) {
      throw aborted(userSignal.reason);
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('request timeout'));
    }, requestTimeout);
    const onAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onAbort, { once: true });
    const target = request.query ? `${request.path}?${request.query}` : request.path;
    try {
      let response: WireResponse;
      try {
        response = await this.settings.send({
          method: request.method,
          url: `${base}${target}`,
          path: `${this.settings.prefix}${target}`,
          headers,
          body: request.body,
          signal: controller.signal,
        });
      } catch (e) {
        throw this.failure(e, timedOut, userSignal, request);
      }
      return { status: response.status, headers: response.headers, body: parseBody(response.text) };
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onAbort);
    }
  }

  private failure(
    e: unknown,
    timedOut: boolean,
    userSignal: AbortSignal | undefined,
    request: TransportRequest,
  ): ApiError {
    if (userSignal?.aborted) {
      return aborted(userSignal.reason);
    }
    if (timedOut) {
      return withHint(
        new ApiError(
          'TIMEOUT',
          `${request.method} ${request.path} got no answer within ${this.settings.requestTimeout} ms`,
          { cause: e },
        ),
      );
    }
    const detail = describeCause(e);
    return withHint(
      new ApiError(
        'NETWORK_ERROR',
        `${request.method} ${this.settings.base}${request.path} failed: ${detail}`,
        {
          cause: e,
        },
      ),
    );
  }
}

/** The local ABORTED error, keeping the signal's reason as the cause. */
export function aborted(reason: unknown): ApiError {
  return new ApiError('ABORTED', 'The request was aborted', { cause: reason });
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

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
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
