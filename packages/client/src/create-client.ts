import type { ClientOptions } from './client-options.js';
import { parseCloudId } from './cloud-id.js';
import { authorizationHeader, splitNodeUrl } from './internal/auth-header.js';
import { fetchSend } from './internal/fetch-send.js';
import { httpSend } from './internal/http-send.js';
import { tlsFetch } from './internal/node-fetch.js';
import { Transport } from './internal/transport.js';
import { undiciSend } from './internal/undici-send.js';
import type { Send, TlsOptions } from './internal/wire.js';
import { MlDeployClient } from './ml-deploy-client.js';

/** The node URL of the options: `node`, or the one `cloudId` decodes to; exactly one of them. */
function nodeOf(options: ClientOptions): string {
  if (options.cloudId !== undefined && options.node !== undefined) {
    throw new TypeError('createClient takes node or cloudId, not both');
  }
  if (options.cloudId !== undefined) {
    return parseCloudId(options.cloudId).url;
  }
  if (options.node === undefined) {
    throw new TypeError('createClient needs node (a URL) or cloudId');
  }
  return options.node;
}

/** Creates a client for one Elasticsearch node (or an Elastic Cloud deployment, by its Cloud ID). */
export function createClient(options: ClientOptions): MlDeployClient {
  const { base, auth: urlAuth } = splitNodeUrl(nodeOf(options));
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    ...options.headers,
  };
  // Explicit auth wins over credentials in the URL.
  const authorization = authorizationHeader(options.auth ?? urlAuth);
  if (authorization !== undefined) {
    headers.authorization = authorization;
  }
  const tls: TlsOptions = {};
  if (options.ca !== undefined) {
    tls.ca = options.ca;
  }
  if (options.rejectUnauthorized !== undefined) {
    tls.rejectUnauthorized = options.rejectUnauthorized;
  }
  const transport = new Transport({
    base,
    prefix: new URL(base).pathname.replace(/\/+$/, ''),
    headers,
    send: chooseSend(options, base, tls),
    requestTimeout: options.requestTimeout ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    maxRetryTime: options.maxRetryTime ?? 30_000,
    retryOnTooManyRequests: options.retryOnTooManyRequests ?? false,
    responseValidation: options.responseValidation ?? 'report',
    ...(options.onResponseIssue ? { onResponseIssue: options.onResponseIssue } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  return new MlDeployClient(transport, options.checkServerVersion ?? false);
}

/** True in Node (and runtimes that implement its `node:http` and run npm's undici, such as Bun). */
function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return typeof versions?.node === 'string';
}

/**
 * The path requests go out on: a `fetch` the caller hands in always wins; otherwise `transport`
 * (default `auto`: undici's connection pool in Node, the global `fetch` elsewhere).
 */
function chooseSend(options: ClientOptions, base: string, tls: TlsOptions): Send {
  const kind = options.transport ?? 'auto';
  if (options.fetch !== undefined) {
    if (kind !== 'auto' && kind !== 'fetch') {
      throw new TypeError(`the fetch option needs transport 'fetch' (or none), not '${kind}'`);
    }
    return fetchSend(options.fetch);
  }
  if (kind === 'undici' || (kind === 'auto' && isNode())) {
    return undiciSend(base, tls);
  }
  if (kind === 'http') {
    return httpSend(base, tls);
  }
  if (kind !== 'auto' && kind !== 'fetch') {
    throw new TypeError(`transport must be 'auto', 'undici', 'http' or 'fetch', got '${String(kind)}'`);
  }
  const needsTls = tls.ca !== undefined || tls.rejectUnauthorized !== undefined;
  return fetchSend(needsTls ? tlsFetch(tls) : globalThis.fetch.bind(globalThis));
}
