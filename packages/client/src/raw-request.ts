import type { ResponseMeta } from './node-options.js';

/** A request for `client.request`, the raw escape hatch. */
export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** The path, already encoded, e.g. `/_ml/trained_models/m/deployment/_update`. */
  path: string;
  /** A raw query string (without `?`) or parameters. */
  query?: string | Record<string, string>;
  /** The raw body text, sent as is. */
  body?: string;
  signal?: AbortSignal;
  /** Sent as `X-Opaque-Id`, after the client's `opaqueIdPrefix`. */
  opaqueId?: string;
}

/** The answer of `client.request`: status, lower-case headers and the body (parsed JSON, else text). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Which node answered, after how many attempts. */
  meta?: ResponseMeta;
}
