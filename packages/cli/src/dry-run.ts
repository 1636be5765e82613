import type { CommandContext } from './command-context.js';
import { redactedAuthorization, resolveConnection } from './connection.js';

/**
 * Prints a request as the client sends it (core's `buildRequest` made it), and what it would change;
 * sends nothing. `value` is the body as the command holds it (what the text serialises); without it,
 * a body the user wrote is shown as the JSON it is, or as text when it is not JSON.
 */
export function printDryRun(
  ctx: CommandContext,
  built: { method: string; path: string; query: string; body: string | undefined },
  changes: string[],
  value?: unknown,
): number {
  const connection = resolveConnection(ctx.flags, ctx.env, ctx.redactor);
  const body = built.body === undefined ? undefined : (value ?? jsonOrText(built.body));
  const url = `${connection.url}${built.path}${built.query ? `?${built.query}` : ''}`;
  // The headers @mldeploy/client sends with every request (test/server/dry-run-exact.test.ts checks it).
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  const authorization = redactedAuthorization(connection.auth);
  if (authorization) {
    headers.authorization = authorization;
  }
  const request = { method: built.method, url, headers, body: body ?? null };
  ctx.out.result({ dry_run: true, valid: true, request, changes }, () => {
    const c = ctx.out.colors;
    return [
      `${c.bold(built.method)} ${url}`,
      ...Object.entries(headers).map(([k, v]) => `${c.dim(`${k}:`)} ${v}`),
      ...(body === undefined ? [] : ['', typeof body === 'string' ? body : JSON.stringify(body, null, 2)]),
      '',
      `${c.green('✓')} valid (checked offline; nothing was sent)${changes.length ? '. It would:' : ''}`,
      ...changes.map((l) => `  - ${l}`),
    ].join('\n');
  });
  return 0;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
