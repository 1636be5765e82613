import type { CommandContext } from '../command-context.js';
import type { SCHEMA_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';

/**
 * `mldeploy schema [--openapi]`: the JSON Schemas of every request and response (keyed by file
 * name), or the OpenAPI 3.1 document. Always the raw document, in any output mode: it is already
 * machine-readable, and `> openapi.json` should give a usable file.
 */
export default async function schema(ctx: CommandContext<typeof SCHEMA_FLAGS>): Promise<number> {
  positionals(ctx.spec, ctx.args, 0, 0);
  const { jsonSchemas, openApiDocument } = await import('@mldeploy/core');
  const document = ctx.flags.openapi ? openApiDocument() : jsonSchemas();
  ctx.out.line(JSON.stringify(document, null, 2));
  return 0;
}
