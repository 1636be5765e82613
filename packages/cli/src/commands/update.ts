import type { UpdateDeploymentInput } from '@mldeploy/client';
import { summarizeAssignment } from '@mldeploy/client/view';
import type { BuiltRequest } from '@mldeploy/core/rules';
import { waitForFullAllocation } from '../allocation-wait.js';
import { assignmentLine, assignmentOf } from '../assignment-summary.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import { redactedAuthorization, resolveConnection } from '../connection.js';
import { describeUpdate } from '../describe-update.js';
import { formatDuration, parseDuration } from '../duration.js';
import { checkUpdateInput } from '../offline-check.js';
import { boolFlag, positionals, stringFlag } from '../parse-args.js';
import { updateInputFromFlags, updateRequest } from '../update-input.js';
import { UsageError } from '../usage-error.js';

const DEFAULT_WAIT = '5m';

/**
 * `mldeploy update <deployment-id>`: builds the request from flags, checks it offline with
 * Elasticsearch's rules (so an invalid request exits 2 and never reaches the server), then sends it
 * (or prints it with `--dry-run`) and optionally waits until the deployment is fully allocated.
 */
export default async function update(ctx: CommandContext): Promise<number> {
  const [id = ''] = positionals(ctx.spec, ctx.args, 1, 1);
  ctx.hintContext.deploymentId = id;
  const input = updateInputFromFlags(ctx.args);
  const wait = boolFlag(ctx.args, 'wait');
  const dryRun = boolFlag(ctx.args, 'dry-run');
  const timeoutText = stringFlag(ctx.args, 'timeout');
  if (timeoutText !== undefined && !wait) {
    throw new UsageError('--timeout applies to --wait', 'add --wait, or drop --timeout');
  }
  if (dryRun && wait) {
    throw new UsageError('--dry-run sends nothing, so there is nothing to --wait for');
  }
  const timeoutMs = parseDuration(timeoutText ?? DEFAULT_WAIT);
  const checked = await checkUpdateInput(id, input);
  const changes = describeUpdate(checked);

  if (dryRun) {
    return printDryRun(ctx, await updateRequest(id, input), changes);
  }

  const { client } = await connect(ctx);
  const { asQueryParameter, ...fields } = input;
  const options = ctx.io.signal ? { asQueryParameter, signal: ctx.io.signal } : { asQueryParameter };
  const assignment = assignmentOf(
    await client.updateDeployment(id, fields as UpdateDeploymentInput, options),
  );
  const summary = summarizeAssignment(assignment);
  if (!wait) {
    ctx.out.result({ assignment }, () => `${ctx.out.colors.green('✓')} updated ${assignmentLine(summary)}`);
    return 0;
  }

  ctx.out.note(`${ctx.out.errColors.green('✓')} updated ${assignmentLine(summary)}\n`);
  const waitResult = await waitForFullAllocation(
    ctx,
    client,
    id,
    assignment,
    Date.now() + timeoutMs,
    timeoutMs,
  );
  ctx.out.result(
    { assignment, wait: waitResult },
    () =>
      `${ctx.out.colors.green('✓')} ${id}: ${waitResult.allocation_count}/${waitResult.target_allocation_count} allocations, ${waitResult.state} (after ${formatDuration(waitResult.elapsed_ms)})`,
  );
  return 0;
}

/** Prints the request core's `buildRequest` makes, which is what the client sends. */
function printDryRun(ctx: CommandContext, built: BuiltRequest, changes: string[]): number {
  const connection = resolveConnection(ctx.args, ctx.env, ctx.redactor);
  const body = built.body === undefined ? undefined : (JSON.parse(built.body) as unknown);
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
      ...(body === undefined ? [] : ['', JSON.stringify(body, null, 2)]),
      '',
      `${c.green('✓')} valid (checked offline; nothing was sent). It would:`,
      ...changes.map((l) => `  - ${l}`),
    ].join('\n');
  });
  return 0;
}
