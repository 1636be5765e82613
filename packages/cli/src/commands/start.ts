import { summarizeAssignment } from '@mldeploy/client/view';
import { assignmentLine, assignmentOf } from '../assignment-summary.js';
import { offlineFailure } from '../cli-failure.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { START_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';

/**
 * `mldeploy start <model-id>`: starts a deployment. The request is checked offline with
 * Elasticsearch's start rules first, so a bad combination exits 2 without reaching the server.
 */
export default async function start(ctx: CommandContext<typeof START_FLAGS>): Promise<number> {
  const [modelId = ''] = positionals(ctx.spec, ctx.args, 1, 1);
  const input: Record<string, unknown> = {};
  const query = new URLSearchParams();
  const setQuery = (key: string, value: string | number | undefined) => {
    if (value !== undefined) {
      input[key] = value;
      query.set(key, String(value));
    }
  };
  const f = ctx.flags;
  setQuery('deployment_id', f['deployment-id']);
  setQuery('number_of_allocations', f.allocations);
  setQuery('threads_per_allocation', f.threads);
  setQuery('priority', f.priority);
  setQuery('queue_capacity', f['queue-capacity']);
  setQuery('wait_for', f['wait-for']);
  setQuery('timeout', f.timeout);
  const { min, max, adaptive } = f;
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
