import type { ClientOptions, MlDeployClient } from '@mldeploy/client';
import type { CommandContext } from './command-context.js';
import { type Connection, resolveConnection } from './connection.js';

/** The client; a type-only import, so loading this file does not load the client. */
export type MlClient = MlDeployClient;

const CLIENT_MODULE = '@mldeploy/client';

/**
 * Resolves the connection and creates a client. The client (and with it the HTTP stack) is
 * imported here, on first use, so commands that never connect never load it.
 */
export async function connect(ctx: CommandContext): Promise<{ client: MlClient; connection: Connection }> {
  const connection = resolveConnection(ctx.args, ctx.env, ctx.redactor);
  ctx.hintContext.url = connection.url;
  const { createClient } = (await import(CLIENT_MODULE)) as typeof import('@mldeploy/client');
  const options: ClientOptions = { node: connection.url };
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
    options.fetch = ctx.io.fetch;
  }
  return { client: createClient(options), connection };
}
