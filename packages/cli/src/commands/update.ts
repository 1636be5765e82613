import type { UpdateDeploymentInput } from '@mldeploy/client';
import { summarizeAssignment } from '@mldeploy/client/view';
import { waitForFullAllocation } from '../allocation-wait.js';
import { assignmentLine, assignmentOf } from '../assignment-summary.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { UPDATE_FLAGS } from '../command-specs.js';
import { printDryRun } from '../dry-run.js';
import { formatDuration, parseDuration } from '../duration.js';
import { prepareOffline } from '../offline-check.js';
import { positionals } from '../parse-args.js';
import { updateInputFromFlags } from '../update-input.js';

const DEFAULT_WAIT = '5m';

/**
 * `mldeploy update <deployment-id>`: builds the request from flags, checks it offline with
 * Elasticsearch's rules (so an invalid request exits 2 and never reaches the server), then sends it
 * (or prints it with `--dry-run`) and optionally waits until the deployment is fully allocated.
 */
export default async function update(ctx: CommandContext<typeof UPDATE_FLAGS>): Promise<number> {
  const [id = ''] = positionals(ctx.spec, ctx.args, 1, 1);
  ctx.hintContext.deploymentId = id;
  const input = updateInputFromFlags(ctx.flags);
  const { wait, 'dry-run': dryRun } = ctx.flags;
  const timeoutMs = parseDuration(ctx.flags.timeout ?? DEFAULT_WAIT);
  const prepared = await prepareOffline(id, input.fields, input.asQueryParameter);
  if (dryRun) {
    // The fields are the body the request carries (the number alone travels in the query).
    return printDryRun(ctx, prepared.request, prepared.changes, input.fields);
  }

  const { client } = await connect(ctx);
  const { asQueryParameter, fields } = input;
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
