import type { ValidationIssue } from '@mldeploy/core';

/** Credentials: an API key (encoded, or id and key), basic username and password, or a bearer token. */
export type ClientAuth =
  | { apiKey: string | { id: string; api_key: string } }
  | { username: string; password: string }
  | { bearer: string };

/** What `onResponseIssue` receives when a response drifts from the contract. */
export interface ResponseIssue {
  /** The route, e.g. `POST /_ml/trained_models/{model_id}/deployment/_update`. */
  route: string;
  issues: ValidationIssue[];
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The Elasticsearch URL, e.g. `http://127.0.0.1:9200`. */
  node: string;
  auth?: ClientAuth;
  /** A custom CA (PEM) for self-signed clusters. Node only. */
  ca?: string | Uint8Array;
  /** Set false to accept any certificate. Node only. */
  rejectUnauthorized?: boolean;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Milliseconds per attempt; default 30000. */
  requestTimeout?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** Milliseconds budget for all retries; default 30000. */
  maxRetryTime?: number;
  /** Retry 429 answers too (off by default: a 429 usually means "not enough ML capacity"). */
  retryOnTooManyRequests?: boolean;
  /** What to do with a response that breaks the contract: throw, report (default) or ignore. */
  responseValidation?: 'strict' | 'report' | 'off';
  /** Called in `report` mode with each response that breaks the contract. */
  onResponseIssue?: (info: ResponseIssue) => void;
  /**
   * How requests go out: `undici` (undici's connection pool, driven directly: the fastest, loaded on
   * the first request), `http` (`node:http` with a keep-alive agent: the quickest to load, for
   * processes that make a request or two), `fetch` (the global one: browsers, edge runtimes). The
   * default, `auto`, is `undici` in Node and `fetch` elsewhere, or `fetch` when a `fetch` is given.
   */
  transport?: 'auto' | 'undici' | 'http' | 'fetch';
  /** The fetch to use (tests, browsers, proxies); implies `transport: 'fetch'`. */
  fetch?: typeof fetch;
  /** Read `GET /` once before the first request that needs a recent server, and refuse on older ones. */
  checkServerVersion?: boolean;
}

/** Per-call options every method takes. */
export interface CallOptions {
  signal?: AbortSignal;
}
