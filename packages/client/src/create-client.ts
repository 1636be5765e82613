import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import type { ClientAuth, ClientOptions } from './client-options.js';
import { parseCloudId } from './cloud-id.js';
import { Diagnostic } from './diagnostic.js';
import { authorizationHeader, splitNodeUrl } from './internal/auth-header.js';
import { fetchSend } from './internal/fetch-send.js';
import { httpSend } from './internal/http-send.js';
import { tlsFetch } from './internal/node-fetch.js';
import { defaultNodeFilter, type Host, NodePool, type SendFactory } from './internal/node-pool.js';
import { Sniffer } from './internal/sniffer.js';
import { Transport } from './internal/transport.js';
import { undiciSend } from './internal/undici-send.js';
import type { TlsOptions } from './internal/wire.js';
import { MlDeployClient } from './ml-deploy-client.js';
import type { PoolNodeOptions } from './node-options.js';

/** The path sniffing reads by default, as the official client's `sniffEndpoint`: core's `nodesHttp` endpoint. */
export const SNIFF_ENDPOINT: string = pathFor(ENDPOINTS.nodesHttp, { node_id: '_all', metric: 'http' });
/** The official client's `maxResponseSize` default: the longest string V8 makes (64-bit). */
const MAX_RESPONSE_SIZE = 2 ** 29 - 24;

/** The nodes of the options: `node`, `nodes` or the one `cloudId` decodes to; exactly one of them. */
function nodesOf(options: ClientOptions): Array<string | PoolNodeOptions> {
  const given = [options.node, options.nodes, options.cloudId].filter((v) => v !== undefined).length;
  if (given > 1) {
    throw new TypeError('createClient takes one of node, nodes or cloudId');
  }
  if (options.cloudId !== undefined) {
    return [parseCloudId(options.cloudId).url];
  }
  const nodes = options.nodes ?? (options.node === undefined ? [] : [options.node]);
  if (nodes.length === 0) {
    throw new TypeError('createClient needs node (a URL), nodes (URLs) or cloudId');
  }
  return [...nodes];
}

/** The hosts, without credentials; the first credentials found in a URL. */
function hostsOf(nodes: Array<string | PoolNodeOptions>): { hosts: Host[]; urlAuth?: ClientAuth } {
  let urlAuth: ClientAuth | undefined;
  const hosts = nodes.map((node) => {
    const given = typeof node === 'string' ? { url: node } : node;
    const { base, auth } = splitNodeUrl(given.url);
    urlAuth ??= auth;
    return { url: base, id: given.id ?? base, roles: given.roles };
  });
  return urlAuth ? { hosts, urlAuth } : { hosts };
}

/**
 * Creates a client for an Elasticsearch cluster: one node, several (`nodes`, with failover and
 * sniffing), or an Elastic Cloud deployment by its Cloud ID.
 */
export function createClient(options: ClientOptions): MlDeployClient {
  const { hosts, urlAuth } = hostsOf(nodesOf(options));
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    ...(options.compression ? { 'accept-encoding': 'gzip,deflate' } : {}),
    ...options.headers,
  };
  // Explicit auth wins over credentials in the URL.
  const authorization = authorizationHeader(options.auth ?? urlAuth);
  if (authorization !== undefined) {
    headers.authorization = authorization;
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    throw new TypeError('maxRetries must be an integer, 0 or more');
  }
  if (
    options.sniffInterval !== undefined &&
    options.sniffInterval !== false &&
    !(options.sniffInterval > 0)
  ) {
    throw new TypeError('sniffInterval must be false or a positive number of milliseconds');
  }
  const now = options.now ?? Date.now;
  const diagnostic = new Diagnostic();
  let transport: Transport | undefined;
  const pool = new NodePool(hosts, chooseSend(options, tlsOf(options, hosts)), {
    selector: options.nodeSelector ?? 'round-robin',
    filter: options.nodeFilter ?? defaultNodeFilter,
    resurrectStrategy: options.resurrectStrategy ?? 'ping',
    now,
    diagnostic,
    ping: (node) => (transport as Transport).ping(node),
  });
  const sniffing = options.sniffOnStart || options.sniffOnConnectionFault || (options.sniffInterval ?? false);
  transport = new Transport({
    pool,
    headers,
    requestTimeout: options.requestTimeout ?? 30_000,
    pingTimeout: options.pingTimeout ?? 3000,
    maxRetries: options.maxRetries ?? 3,
    maxRetryTime: options.maxRetryTime ?? 30_000,
    retryOnTooManyRequests: options.retryOnTooManyRequests ?? false,
    responseValidation: options.responseValidation ?? 'report',
    ...(options.onResponseIssue ? { onResponseIssue: options.onResponseIssue } : {}),
    now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    diagnostic,
    opaqueIdPrefix: options.opaqueIdPrefix ?? '',
    compression: options.compression ?? false,
    maxResponseSize: options.maxResponseSize ?? MAX_RESPONSE_SIZE,
    redaction: options.redaction ?? {},
    openTelemetry: options.openTelemetry?.enabled ?? true,
  });
  if (sniffing) {
    const t = transport;
    transport.settings.sniffer = new Sniffer({
      pool,
      diagnostic,
      now,
      fetchNodes: async () => {
        const response = await t.send(
          { method: 'GET', path: options.sniffEndpoint ?? SNIFF_ENDPOINT },
          'sniff',
        );
        return { body: response.body, node: response.meta.node };
      },
      sniffOnStart: options.sniffOnStart ?? false,
      sniffInterval: options.sniffInterval ?? false,
      sniffOnConnectionFault: options.sniffOnConnectionFault ?? false,
    });
  }
  return new MlDeployClient(transport, options.checkServerVersion ?? false);
}

/** The TLS-level options: CA, certificate checks, `caFingerprint` (HTTPS only) and `proxy`. */
function tlsOf(options: ClientOptions, hosts: Host[]): TlsOptions {
  const tls: TlsOptions = {};
  if (options.ca !== undefined) {
    tls.ca = options.ca;
  }
  if (options.rejectUnauthorized !== undefined) {
    tls.rejectUnauthorized = options.rejectUnauthorized;
  }
  if (options.caFingerprint !== undefined) {
    if (hosts.some((h) => h.url.startsWith('http:'))) {
      // The official client's ConfigurationError, in its words.
      throw new TypeError("You can't configure the caFingerprint with a http connection");
    }
    tls.caFingerprint = options.caFingerprint;
  }
  if (options.proxy !== undefined) {
    tls.proxy = options.proxy;
  }
  return tls;
}

/** True in Node (and runtimes that implement its `node:http` and run npm's undici, such as Bun). */
function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return typeof versions?.node === 'string';
}

/**
 * The path requests go out on, per node: a `fetch` the caller hands in always wins; otherwise
 * `transport` (default `auto`: undici's connection pool in Node, the global `fetch` elsewhere).
 */
function chooseSend(options: ClientOptions, tls: TlsOptions): SendFactory {
  const kind = options.transport ?? 'auto';
  if (options.fetch !== undefined) {
    if (kind !== 'auto' && kind !== 'fetch') {
      throw new TypeError(`the fetch option needs transport 'fetch' (or none), not '${kind}'`);
    }
    const send = fetchSend(options.fetch);
    return () => send;
  }
  if (kind === 'undici' || (kind === 'auto' && isNode())) {
    return (url) => undiciSend(url, tls);
  }
  if (kind === 'http') {
    if (tls.proxy !== undefined) {
      throw new TypeError("proxy needs transport 'undici' or 'fetch'");
    }
    return (url) => httpSend(url, tls);
  }
  if (kind !== 'auto' && kind !== 'fetch') {
    throw new TypeError(`transport must be 'auto', 'undici', 'http' or 'fetch', got '${String(kind)}'`);
  }
  if (tls.caFingerprint !== undefined) {
    throw new TypeError("caFingerprint needs transport 'undici' or 'http'");
  }
  const needsUndici = tls.ca !== undefined || tls.rejectUnauthorized !== undefined || tls.proxy !== undefined;
  const send = fetchSend(needsUndici ? tlsFetch(tls) : globalThis.fetch.bind(globalThis));
  return () => send;
}
