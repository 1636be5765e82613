import { readFile } from 'node:fs/promises';
import type { CommandContext } from '../command-context.js';
import type { VALIDATE_FLAGS } from '../command-specs.js';
import { checkUpdateOffline } from '../offline-check.js';
import { positionals } from '../parse-args.js';
import { readStdin } from '../read-stdin.js';
import { UsageError } from '../usage-error.js';

/**
 * `mldeploy validate [file|-]`: checks an `_update` body offline and prints Elasticsearch's exact
 * message when it would be rejected (exit 2), or what it would change (exit 0).
 */
export default async function validate(ctx: CommandContext<typeof VALIDATE_FLAGS>): Promise<number> {
  const [file = '-'] = positionals(ctx.spec, ctx.args, 0, 1);
  const text =
    file === '-'
      ? await readStdin(ctx, 'no input: give a file, or pipe a body into `mldeploy validate -`')
      : await readBodyFile(file);
  const deploymentId = ctx.flags['deployment-id'] ?? bodyModelId(text) ?? 'my-deployment';
  const { request, changes } = await checkUpdateOffline(deploymentId, text);
  ctx.out.result({ valid: true, request }, () => {
    const c = ctx.out.colors;
    return [
      `${c.green('✓')} valid: Elasticsearch would accept this body. It would:`,
      ...changes.map((l) => `  - ${l}`),
      ...request.warnings.map((w) => `${c.yellow('warning:')} ${w}`),
    ].join('\n');
  });
  return 0;
}

async function readBodyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

// The body's own model_id, so a body written for one deployment is checked against it.
function bodyModelId(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { model_id?: unknown };
    return typeof parsed.model_id === 'string' ? parsed.model_id : undefined;
  } catch {
    return undefined;
  }
}
