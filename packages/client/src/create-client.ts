import type { ClientOptions } from './client-options.js';
import { parseCloudId } from './cloud-id.js';
import { authorizationHeader, splitNodeUrl } from './internal/auth-header.js';
import { tlsFetch } from './internal/node-fetch.js';
import { Transport } from './internal/transport.js';
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
  const needsTls = options.ca !== undefined || options.rejectUnauthorized !== undefined;
  const tlsOptions: { ca?: string | Uint8Array; rejectUnauthorized?: boolean } = {};
  if (options.ca !== undefined) {
    tlsOptions.ca = options.ca;
  }
  if (options.rejectUnauthorized !== undefined) {
    tlsOptions.rejectUnauthorized = options.rejectUnauthorized;
  }
  const fetchImpl = options.fetch ?? (needsTls ? tlsFetch(tlsOptions) : globalThis.fetch.bind(globalThis));
  const transport = new Transport({
    base,
    headers,
    fetch: fetchImpl,
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
