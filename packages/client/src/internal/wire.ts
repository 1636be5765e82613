import { ApiError } from '@mldeploy/core/rules';

/** One HTTP exchange as a transport path sends it: the request, already fully resolved. */
export interface WireRequest {
  method: string;
  /** The full URL, `base` + path + query. */
  url: string;
  /** Path and query (`/x?y=1`), including the base URL's own path prefix. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** Aborts the exchange (the transport's timeout or the caller's signal). */
  signal: AbortSignal;
  /** The largest answer accepted, in bytes; a larger one rejects with {@link tooLarge}. */
  maxResponseSize?: number;
}

/** The answer as text, with header names in lower case. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Sends one request and reads the whole answer; rejects on connection failure or abort. */
export type Send = (request: WireRequest) => Promise<WireResponse>;

/** TLS settings for self-signed clusters (Node only). */
export interface TlsOptions {
  ca?: string | Uint8Array;
  rejectUnauthorized?: boolean;
  /** The SHA-256 fingerprint of a certificate in the server's chain to pin (`caFingerprint`). */
  caFingerprint?: string;
  /** An HTTP(S) proxy URL (`proxy`). */
  proxy?: string;
}

/** The ABORTED error of an answer past `maxResponseSize`, worded as the official client words it. */
export function tooLarge(length: number, max: number): ApiError {
  return new ApiError(
    'ABORTED',
    `The content length (${length}) is bigger than the maximum allowed string (${max})`,
    { hint: 'Raise maxResponseSize, or ask for less (filter_path, a narrower id).' },
  );
}

/** The answer's headers as one string per name, lower case. */
export function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = joinHeader(raw[name]);
    if (value !== undefined) {
      headers[name] = value;
    }
  }
  return headers;
}

/** The TLS options as Node's `tls.connect` takes them. */
export function connectOptions(tls: TlsOptions): { ca?: string; rejectUnauthorized?: boolean } {
  const connect: { ca?: string; rejectUnauthorized?: boolean } = {};
  if (tls.ca !== undefined) {
    connect.ca = typeof tls.ca === 'string' ? tls.ca : new TextDecoder().decode(tls.ca);
  }
  if (tls.rejectUnauthorized !== undefined) {
    connect.rejectUnauthorized = tls.rejectUnauthorized;
  }
  return connect;
}

/**
 * Loads a Node-only module by a specifier kept opaque, so browser bundlers never try to include it
 * (the published files keep no static import of `node:*` or `undici`).
 */
export function nodeImport<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}

/** Header values joined as `fetch` joins them (`a, b`). */
export function joinHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
