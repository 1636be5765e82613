import type { InferenceEndpointAllocations, InferenceTaskType } from '@mldeploy/client';
import { offlineFailure } from '../cli-failure.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { UPDATE_ENDPOINT_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/**
 * `mldeploy update-endpoint <task-type> <inference-id>`: the inference API's `_update`, which a
 * deployment owned by an inference endpoint needs (`mldeploy update` answers 409 for it). Either
 * `--allocations N` or `--adaptive [--min N] [--max N]`; `any` as task type matches the endpoint's.
 */
export default async function updateEndpoint(
  ctx: CommandContext<typeof UPDATE_ENDPOINT_FLAGS>,
): Promise<number> {
  const [taskType = '', inferenceId = ''] = positionals(ctx.spec, ctx.args, 2, 2);
  const { allocations, adaptive, min, max, timeout } = ctx.flags;
  let settings: InferenceEndpointAllocations;
  if (adaptive) {
    const a: Record<string, unknown> = { enabled: true };
    if (min !== undefined) {
      a.min_number_of_allocations = min;
    }
    if (max !== undefined) {
      a.max_number_of_allocations = max;
    }
    settings = { adaptive_allocations: a };
  } else if (allocations !== undefined) {
    settings = { num_allocations: allocations };
  } else {
    throw new UsageError('give --allocations N or --adaptive');
  }
  ctx.hintContext.deploymentId = inferenceId;

  const { checkInferenceUpdateRequest } = await import('@mldeploy/core/rules');
  const checked = checkInferenceUpdateRequest({
    taskType,
    inferenceId,
    query: timeout === undefined ? '' : `timeout=${encodeURIComponent(timeout)}`,
    body: JSON.stringify({ service_settings: settings }),
  });
  if (!checked.ok) {
    throw await offlineFailure(checked.error, inferenceId);
  }

  const { client } = await connect(ctx);
  const endpoint = await client.updateInferenceEndpoint(
    taskType as InferenceTaskType,
    inferenceId,
    settings,
    timeout === undefined ? {} : { timeout },
  );
  const s = endpoint.service_settings;
  const what =
    s.adaptive_allocations !== undefined
      ? `adaptive ${s.adaptive_allocations.min_number_of_allocations ?? '-'}..${s.adaptive_allocations.max_number_of_allocations ?? '-'}`
      : `${s.num_allocations} allocation${s.num_allocations === 1 ? '' : 's'}`;
  ctx.out.result(
    { endpoint },
    () => `${ctx.out.colors.green('✓')} ${endpoint.inference_id} (${endpoint.task_type}): ${what}`,
  );
  return 0;
}
