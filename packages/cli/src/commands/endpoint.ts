import type { InferenceTaskType, PutInferenceEndpointBody } from '@mldeploy/client';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { ENDPOINT_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

type Ctx = CommandContext<typeof ENDPOINT_FLAGS>;

type Endpoint = {
  inference_id: string;
  task_type: string;
  service: string;
  service_settings: {
    model_id: string;
    num_allocations?: number;
    adaptive_allocations?: {
      enabled?: boolean;
      min_number_of_allocations?: number;
      max_number_of_allocations?: number;
    };
    deployment_id?: string;
  };
};

/** One line of an endpoint: id, task type, service, model and its allocations. */
function line(e: Endpoint): string {
  const s = e.service_settings;
  const a = s.adaptive_allocations;
  const allocations =
    a?.enabled === true
      ? `adaptive ${a.min_number_of_allocations ?? '-'}..${a.max_number_of_allocations ?? '-'}`
      : s.num_allocations !== undefined
        ? `${s.num_allocations} allocation${s.num_allocations === 1 ? '' : 's'}`
        : '-';
  const deployment = s.deployment_id !== undefined ? `, deployment ${s.deployment_id}` : '';
  return `${e.inference_id}  ${e.task_type}  ${e.service}  ${s.model_id}  ${allocations}${deployment}`;
}

function createBody(ctx: Ctx): PutInferenceEndpointBody {
  const { model, service, allocations, adaptive, min, max, threads } = ctx.flags;
  const settings: PutInferenceEndpointBody['service_settings'] = { num_threads: threads ?? 1 };
  if (model !== undefined) {
    settings.model_id = model;
  }
  if (adaptive) {
    settings.adaptive_allocations = {
      enabled: true,
      ...(min !== undefined ? { min_number_of_allocations: min } : {}),
      ...(max !== undefined ? { max_number_of_allocations: max } : {}),
    };
  } else {
    settings.num_allocations = allocations ?? 1;
  }
  const deploymentId = ctx.flags['deployment-id'];
  if (deploymentId !== undefined) {
    settings.deployment_id = deploymentId;
  }
  return { service: service ?? 'elasticsearch', service_settings: settings };
}

/**
 * `mldeploy endpoint create <task> <id>`, `endpoint get [id]`, `endpoint delete <id>`: the
 * inference API's endpoints (docs/inference.md). Creating one of the `elasticsearch` service starts
 * a deployment named after it and waits for it; deleting it stops that deployment.
 */
export default async function endpoint(ctx: Ctx): Promise<number> {
  const [action = '', ...rest] = positionals(ctx.spec, ctx.args, 1, 3);
  const task = ctx.flags.task as InferenceTaskType | undefined;
  const timeout = ctx.flags.timeout;
  if (action === 'create') {
    if (rest.length !== 2) {
      throw new UsageError('endpoint create needs <task> <id>');
    }
    const [taskType = '', id = ''] = rest;
    const body = createBody(ctx);
    ctx.hintContext.deploymentId = id;
    const { client } = await connect(ctx);
    const created = (await client.createInferenceEndpoint(
      taskType as InferenceTaskType,
      id,
      body,
      timeout === undefined ? {} : { timeout },
    )) as Endpoint;
    ctx.out.result({ endpoint: created }, () => `${ctx.out.colors.green('✓')} created ${line(created)}`);
    return 0;
  }
  if (action === 'get') {
    if (rest.length > 1) {
      throw new UsageError('endpoint get takes at most one id (--task for a task type)');
    }
    const { client } = await connect(ctx);
    const answer = await client.getInferenceEndpoints(rest[0], task === undefined ? {} : { taskType: task });
    ctx.out.result(answer, () => (answer.endpoints as Endpoint[]).map(line).join('\n'));
    return 0;
  }
  if (action === 'delete') {
    if (rest.length !== 1) {
      throw new UsageError('endpoint delete needs <id> (--task for its task type)');
    }
    const id = rest[0] ?? '';
    const dryRun = ctx.flags['dry-run'] === true;
    const { client } = await connect(ctx);
    const answer = await client.deleteInferenceEndpoint(task, id, {
      dryRun,
      force: ctx.flags.force === true,
    });
    ctx.out.result(answer, () =>
      dryRun
        ? `${id}: pipelines [${answer.pipelines.join(', ')}], indexes [${answer.indexes.join(', ')}]${answer.error_message ? `\n${answer.error_message}` : ''}`
        : `${ctx.out.colors.green('✓')} deleted ${id}`,
    );
    return 0;
  }
  throw new UsageError(`unknown endpoint action "${action}": create, get or delete`);
}
