import { ApiError } from '@mldeploy/core/rules';
import type { ValidationIssue } from '@mldeploy/core/validators';
import type { ClientOptions } from '../client-options.js';
import type { Diagnostic } from '../diagnostic.js';
import type { RawResponse } from '../raw-request.js';
import { backoffDelay, sleep } from './backoff.js';
import { gzipBody } from './compress.js';
import { aborted, type Exchange, exchange } from './exchange.js';
import type { NodePool, PoolNode } from './node-pool.js';
import { readError } from './read-error.js';
import { redactWith } from './redact.js';
import { isRetrySafe, neverSent } from './retry-rule.js';
import type { Sniffer } from './sniffer.js';
import { traced, tracerRegistered } from './tracing.js';

export { aborted } from './exchange.js';

/** One request as the transport sends it. */
export interface TransportRequest {
  method: string;
  /** Encoded path starting with `/`. */
  path: string;
  /** Query string without `?`; empty for none. */
  query?: string;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  /** The API name from core's endpoint table (`ml.update_trained_model_deployment`); none for raw requests. */
  name?: string | undefined;
  /** Path parameters, for tracing. */
  pathParts?: Readonly<Record<string, string>> | undefined;
  /** Sent as `X-Opaque-Id`, after the client's prefix. */
  opaqueId?: string | undefined;
}

/** Settings the transport needs, resolved from {@link ClientOptions}. */
export interface TransportSettings {
  pool: NodePool;
  headers: Record<string, string>;
  requestTimeout: number;
  pingTimeout: number;
  maxRetries: number;
  maxRetryTime: number;
  retryOnTooManyRequests: boolean;
  responseValidation: NonNullable<ClientOptions['responseValidation']>;
  onResponseIssue?: ClientOptions['onResponseIssue'];
  now?: ClientOptions['now'];
  sleep?: ClientOptions['sleep'];
  diagnostic: Diagnostic;
  opaqueIdPrefix: string;
  compression: boolean;
  maxResponseSize: number;
  redaction: NonNullable<ClientOptions['redaction']>;
  openTelemetry: boolean;
  sniffer?: Sniffer;
}

/** The answer, with what `onMeta` reports. */
export type TransportResponse = RawResponse & { meta: NonNullable<RawResponse['meta']> };

const RETRIED = new Set([502, 503, 504]);

/**
 * Sends requests over the node pool with timeouts, abort, retries on another node (connection
 * errors, 502/503/504 and, when opted in, 429; never other 4xx; only requests safe to repeat, see
 * retry-rule.ts), the product check, and Elasticsearch errors read into {@link ApiError}.
 */
export class Transport {
  #ids = 0;

  constructor(readonly settings: TransportSettings) {}

  /** Sends a request and answers the response; HTTP errors and failures throw {@link ApiError}. */
  send(request: TransportRequest, route: string): Promise<TransportResponse> {
    if (this.settings.openTelemetry && tracerRegistered() && request.name !== undefined) {
      let node: string | undefined;
      return traced(
        { name: request.name, method: request.method, pathParts: request.pathParts },
        () => this.#send(request, route, (n) => (node = n)),
        (result, error) => ({
          status: result?.status ?? (error instanceof ApiError ? error.status : 0),
          node: result?.meta.node ?? node,
          headers: result?.headers,
        }),
      );
    }
    return this.#send(request, route, undefined);
  }

  /** Closes the connections kept alive; the next call reopens them. */
  async close(): Promise<void> {
    this.settings.sniffer?.stop();
    await this.settings.pool.close();
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

  /** `HEAD /` on one node within `pingTimeout`: the resurrection ping. */
  ping(node: PoolNode): Promise<number> {
    return exchange(node, this.#exchangeOf({ method: 'HEAD', path: '/' }, this.settings.headers, undefined), {
      timeout: this.settings.pingTimeout,
      maxResponseSize: this.settings.maxResponseSize,
    }).then((r) => r.status);
  }

  async #send(
    request: TransportRequest,
    route: string,
    onNode: ((url: string) => void) | undefined,
  ): Promise<TransportResponse> {
    const { pool, maxRetries, maxRetryTime, now = Date.now, sleep: wait = sleep, diagnostic } = this.settings;
    const requestId = ++this.#ids;
    this.settings.sniffer?.beforeRequest();
    const started = now();
    const name = request.name ?? route;
    const body =
      this.settings.compression && request.body !== undefined ? await gzipBody(request.body) : request.body;
    const wire = this.#exchangeOf(request, this.#headersOf(request), body);
    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted) {
        throw aborted(request.signal.reason);
      }
      const node = pool.select(requestId);
      if (node === undefined) {
        throw new ApiError('NETWORK_ERROR', 'No node of the pool passes nodeFilter', {
          hint: 'Check nodeFilter and the nodes given (or sniffed).',
        });
      }
      onNode?.(node.url);
      const watching = diagnostic.has('request') || diagnostic.has('response');
      if (watching) {
        diagnostic.emit('request', {
          requestId,
          name,
          method: request.method,
          path: request.path,
          node: node.url,
          attempt,
          headers: redactWith(wire.headers, this.settings.redaction),
        });
      }
      const t0 = watching ? performance.now() : 0;
      const at = { requestId, name, node: node.url, attempt };
      let failure: ApiError;
      let retryAfterMs: number | undefined;
      let reason: string;
      try {
        const response = await exchange(node, wire, {
          timeout: this.settings.requestTimeout,
          maxResponseSize: this.settings.maxResponseSize,
        });
        if (watching) {
          diagnostic.emit('response', { ...at, status: response.status, durationMs: performance.now() - t0 });
        }
        if (response.status < 400) {
          pool.markAlive(node);
          this.#productCheck(response, route);
          const meta = {
            requestId,
            status: response.status,
            headers: response.headers,
            node: node.url,
            attempts: attempt + 1,
          };
          return { status: response.status, headers: response.headers, body: response.body, meta };
        }
        failure = readError(response.status, response.body, response.headers);
        if (RETRIED.has(response.status)) {
          pool.markDead(node);
        } else {
          pool.markAlive(node);
        }
        if (!this.#retryable(response.status) || !isRetrySafe(request.method, request.name)) {
          throw failure;
        }
        reason = String(response.status);
        retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      } catch (e) {
        if (
          !(e instanceof ApiError) ||
          e.status !== 0 ||
          e.code === 'RESPONSE_INVALID' ||
          e.code === 'ABORTED'
        ) {
          throw e;
        }
        if (watching) {
          diagnostic.emit('response', { ...at, status: 0, durationMs: performance.now() - t0, error: e });
        }
        // As the official client: a node that timed out or failed to connect is dead for now.
        pool.markDead(node);
        if (e.code !== 'NETWORK_ERROR') {
          throw e;
        }
        this.settings.sniffer?.onConnectionFault();
        if (!neverSent(e) && !isRetrySafe(request.method, request.name)) {
          throw e;
        }
        failure = e;
        reason = e.code;
      }
      if (attempt >= maxRetries) {
        throw failure;
      }
      // As the official client: no waiting until each node had its try, then a growing backoff.
      const backoff = attempt + 1 >= pool.size;
      const delay = retryAfterMs ?? (backoff ? backoffDelay(attempt + 1 - pool.size) : 0);
      if (now() - started + delay > maxRetryTime) {
        throw failure;
      }
      if (diagnostic.has('retry')) {
        diagnostic.emit('retry', {
          requestId,
          name,
          node: node.url,
          attempt: attempt + 1,
          reason,
          delayMs: delay,
        });
      }
      if (backoff || retryAfterMs !== undefined) {
        try {
          await wait(delay, request.signal);
        } catch (cause) {
          throw aborted(cause);
        }
      }
    }
  }

  #exchangeOf(
    request: Pick<TransportRequest, 'method' | 'path' | 'query' | 'signal'>,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
  ): Exchange {
    return {
      method: request.method,
      target: request.query ? `${request.path}?${request.query}` : request.path,
      headers,
      body,
      signal: request.signal,
    };
  }

  #headersOf(request: TransportRequest): Record<string, string> {
    const { headers, opaqueIdPrefix, compression } = this.settings;
    if (request.opaqueId === undefined && !(compression && request.body !== undefined)) {
      return headers;
    }
    const copy = { ...headers };
    if (request.opaqueId !== undefined) {
      copy['x-opaque-id'] = opaqueIdPrefix + request.opaqueId;
    }
    if (compression && request.body !== undefined) {
      copy['content-encoding'] = 'gzip';
    }
    return copy;
  }

  #retryable(status: number): boolean {
    return RETRIED.has(status) || (status === 429 && this.settings.retryOnTooManyRequests);
  }

  #productCheck(response: RawResponse, route: string): void {
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
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
