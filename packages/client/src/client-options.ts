import type { ValidationIssue } from '@mldeploy/core';
import type { NodeFilter, NodeSelector, PoolNodeOptions, Redaction } from './node-options.js';

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
  /** The Elasticsearch URL, e.g. `http://127.0.0.1:9200`. Give this, `nodes` or `cloudId`. */
  node?: string | PoolNodeOptions;
  /**
   * Several nodes of one cluster: a request goes to one of them (round-robin by default), a node
   * that fails is marked dead and the request retried on another (docs in the README, "Many nodes").
   */
  nodes?: ReadonlyArray<string | PoolNodeOptions>;
  /** Which living node serves a request: `round-robin` (default), `random`, or a function. */
  nodeSelector?: NodeSelector;
  /** Which nodes may serve requests; the default leaves out master-only nodes, as the official client. */
  nodeFilter?: NodeFilter;
  /**
   * How a dead node comes back once its timeout passed (60 s, doubling per failure up to 32 min):
   * `ping` (default: a `HEAD /` first), `optimistic` (used again at once) or `none`.
   */
  resurrectStrategy?: 'ping' | 'optimistic' | 'none';
  /** Milliseconds a resurrection ping may take; default 3000. */
  pingTimeout?: number;
  /** Read the cluster's nodes (`GET /_nodes/_all/http`) before the first request. */
  sniffOnStart?: boolean;
  /** Read the cluster's nodes again when this many milliseconds passed since the last time; default off. */
  sniffInterval?: number | false;
  /** Read the cluster's nodes again after a connection failure. */
  sniffOnConnectionFault?: boolean;
  /** The path sniffing reads; default `/_nodes/_all/http`. */
  sniffEndpoint?: string;
  /** Prefixed to every per-call `opaqueId` in the `X-Opaque-Id` header. */
  opaqueIdPrefix?: string;
  /** Gzip request bodies (`Content-Encoding: gzip`) and ask for compressed answers. */
  compression?: boolean;
  /** The largest answer, in bytes (decompressed), before the request is aborted; default 256 MiB. */
  maxResponseSize?: number;
  /**
   * The SHA-256 fingerprint of the CA (or server) certificate to pin, as `openssl x509 -fingerprint
   * -sha256` prints it (with or without colons). HTTPS nodes only; undici and http transports.
   */
  caFingerprint?: string;
  /**
   * An HTTP(S) proxy URL every request goes through (undici and fetch transports), or `'env'`:
   * the proxy `HTTP_PROXY`/`HTTPS_PROXY` name, except for the hosts `NO_PROXY` lists (undici's
   * `EnvHttpProxyAgent`). Default: none, whatever the environment says.
   */
  proxy?: string;
  /** How credentials are hidden in errors, events and `meta`: replaced (default), removed, or left. */
  redaction?: Redaction;
  /** Whether OpenTelemetry spans are made when a tracer provider is registered; default true. */
  openTelemetry?: { enabled?: boolean };
  /**
   * An Elastic Cloud ID (`name:base64…`, as the Cloud console shows it; `ELASTIC_CLOUD_ID` for the
   * official clients), decoded to `https://<es_uuid>.<host>` as they decode it. Give this or `node`.
   */
  cloudId?: string;
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
  /**
   * The clock, in milliseconds, that `maxRetryTime` and `waitForAllocations`' timeout are measured
   * with; default `Date.now`. With {@link sleep}, lets tests (or a simulated cluster) step time.
   */
  now?: () => number;
  /**
   * Waits between retries and between `waitForAllocations` polls: resolves after `ms`, or rejects
   * with the signal's reason as soon as it aborts. Default: a timer.
   */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Per-call options every method takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Sent as `X-Opaque-Id` (after the client's `opaqueIdPrefix`), so Elasticsearch's logs name the caller. */
  opaqueId?: string;
  /** Called with the answer's status, headers, node and attempts once the call succeeds. */
  onMeta?: (meta: import('./node-options.js').ResponseMeta) => void;
}
