import type { ClientOptions, MlDeployClient } from '@mldeploy/client';
import type { CommandContext } from './command-context.js';
import { type Connection, resolveConnection } from './connection.js';

/** The client; a type-only import, so loading this file does not load the client. */
export type MlClient = MlDeployClient;

/**
 * Resolves the connection and creates a client. The client (and with it the HTTP stack) is
 * imported here, on first use, so commands that never connect never load it.
 */
export async function connect(ctx: CommandContext): Promise<{ client: MlClient; connection: Connection }> {
  const connection = resolveConnection(ctx.flags, ctx.env, ctx.redactor);
  ctx.hintContext.url = connection.url;
  const { createClient } = await import('@mldeploy/client');
  // One command makes a request or a few: node:http loads in a fraction of undici's time, and a
  // connection pool would never be reused.
  const options: ClientOptions =
    connection.urls.length > 1
      ? { nodes: connection.urls, transport: 'http' }
      : { node: connection.url, transport: 'http' };
  if (connection.auth) {
    options.auth = connection.auth;
  }
  if (connection.ca !== undefined) {
    options.ca = connection.ca;
  }
  if (connection.insecure) {
    options.rejectUnauthorized = false;
  }
  if (ctx.io.fetch) {
    options.transport = 'fetch';
    options.fetch = ctx.io.fetch;
  }
  const client = createClient(options);
  if (ctx.flags.verbose) {
    traceRequests(client, ctx);
  }
  return { client, connection };
}

/**
 * `--verbose`: one stderr line per answered attempt, naming the method, path, status and the node
 * that served it (the same node and attempt count a call's `onMeta` reports), e.g.
 * `GET /_ml/trained_models/_stats 200 via http://127.0.0.1:9200 (attempt 1)`.
 */
function traceRequests(client: MlClient, ctx: CommandContext): void {
  const sent = new Map<number, string>();
  client.diagnostic.on('request', (e) => {
    sent.set(e.requestId, `${e.method} ${e.path}`);
  });
  client.diagnostic.on('response', (e) => {
    const what = sent.get(e.requestId) ?? e.name;
    const outcome = e.error
      ? `failed (${(e.error as { code?: string }).code ?? e.error.message})`
      : String(e.status);
    ctx.out.verbose(`${what} ${outcome} via ${e.node} (attempt ${e.attempt + 1})`);
  });
}
