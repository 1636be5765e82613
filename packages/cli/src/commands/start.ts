import { summarizeAssignment } from '@mldeploy/client/view';
import { assignmentLine, assignmentOf } from '../assignment-summary.js';
import { offlineFailure } from '../cli-failure.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import { boolFlag, intFlag, positionals, stringFlag } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/**
 * `mldeploy start <model-id>`: starts a deployment. The request is checked offline with
 * Elasticsearch's start rules first, so a bad combination exits 2 without reaching the server.
 */
export default async function start(ctx: CommandContext): Promise<number> {
  const [modelId = ''] = positionals(ctx.spec, ctx.args, 1, 1);
  const input: Record<string, unknown> = {};
  const query = new URLSearchParams();
  const setQuery = (key: string, value: string | number | undefined) => {
    if (value !== undefined) {
      input[key] = value;
      query.set(key, String(value));
    }
  };
  setQuery('deployment_id', stringFlag(ctx.args, 'deployment-id'));
  setQuery('number_of_allocations', intFlag(ctx.args, 'allocations'));
  setQuery('threads_per_allocation', intFlag(ctx.args, 'threads'));
  setQuery('priority', stringFlag(ctx.args, 'priority'));
  setQuery('queue_capacity', intFlag(ctx.args, 'queue-capacity'));
  setQuery('wait_for', stringFlag(ctx.args, 'wait-for'));
  setQuery('timeout', stringFlag(ctx.args, 'timeout'));
  const min = intFlag(ctx.args, 'min');
  const max = intFlag(ctx.args, 'max');
  const adaptive = boolFlag(ctx.args, 'adaptive');
  if (!adaptive && (min !== undefined || max !== undefined)) {
    throw new UsageError('--min and --max need --adaptive when starting a deployment');
  }
  let body: string | undefined;
  if (adaptive) {
    const settings: Record<string, unknown> = { enabled: true };
    if (min !== undefined) {
      settings.min_number_of_allocations = min;
    }
    if (max !== undefined) {
      settings.max_number_of_allocations = max;
    }
    input.adaptive_allocations = settings;
    body = JSON.stringify({ adaptive_allocations: settings });
  }
  const deploymentId = (input.deployment_id as string | undefined) ?? modelId;
  ctx.hintContext.deploymentId = deploymentId;

  const { checkStartRequest } = await import('@mldeploy/core/rules');
  const checked = checkStartRequest({ modelId, query, body });
  if (!checked.ok) {
    throw await offlineFailure(checked.error, deploymentId);
  }

  const { client } = await connect(ctx);
  const assignment = assignmentOf(await client.startDeployment(modelId, input));
  ctx.out.result(
    { assignment },
    () => `${ctx.out.colors.green('✓')} started ${assignmentLine(summarizeAssignment(assignment))}`,
  );
  return 0;
}
