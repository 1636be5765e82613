// The endpoint handlers: for each of core's endpoints, parse and validate (400), authorize (403),
// change or read the simulated cluster (404, 409, 429, 408) and answer with a view (200). The
// checks before these (faults, 405, media type, 401) are the pipeline's (pipeline.ts).
import {
  checkInferenceUpdateRequest,
  checkListRequest,
  checkStartRequest,
  checkStopRequest,
  checkUpdateRequest,
  ENDPOINTS,
  type EndpointKey,
  type EsError,
  errors,
  inferenceEndpointToJson,
  matchesIdExpression,
  parseTimeValue,
} from '@mldeploy/core/rules';
import type { Clock } from './clock.js';
import type { Cluster, Deployment } from './cluster.js';
import { type Answer, errorAnswer } from './http.js';
import { authorize, type Principal } from './security.js';
import type { SeedModel } from './seed.js';
import { assignmentJson, clusterInfoJson, modelConfigJson, modelStatsEntries } from './views.js';

/** What a handler gets: the request's parts the pipeline already read, and the cluster. */
export interface EndpointContext {
  readonly cluster: Cluster;
  readonly clock: Clock;
  /** Writes the state file, when there is one. */
  readonly persist: () => void;
  readonly method: string;
  /** The path parameter `model_id`, decoded; undefined on templates without it. */
  readonly modelId: string | undefined;
  /** Every path parameter, decoded. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** The query string without `?`. */
  readonly query: string;
  readonly body: string | undefined;
  /** Who authenticated; undefined when security is off. */
  readonly principal: Principal | undefined;
  /** The HTTP node that received the request, when the mock serves several. */
  readonly node?: string | undefined;
}

export type EndpointHandler = (ctx: EndpointContext) => Answer | Promise<Answer>;

/** The 403 to answer, checked after the request was parsed and validated (400 before 403). */
function denied(ctx: EndpointContext, key: EndpointKey): Answer | undefined {
  if (!ctx.principal) {
    return undefined;
  }
  const error = authorize(ctx.principal, ENDPOINTS[key]);
  return error ? errorAnswer(error) : undefined;
}

function warningHeader(cluster: Cluster, text: string): string {
  return `299 Elasticsearch-${cluster.settings.version}-mldeploy "${text.replace(/"/g, '\\"')}"`;
}

function withWarnings(answer: Answer, cluster: Cluster, warnings: readonly string[]): Answer {
  if (warnings.length > 0) {
    answer.headers = { warning: warnings.map((w) => warningHeader(cluster, w)) };
  }
  return answer;
}

const info: EndpointHandler = (ctx) => {
  const forbidden = denied(ctx, 'info');
  if (forbidden) {
    return forbidden;
  }
  return ctx.method === 'HEAD'
    ? { status: 200 }
    : { status: 200, body: clusterInfoJson(ctx.cluster, ctx.node) };
};

const update: EndpointHandler = (ctx) => {
  const check = checkUpdateRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'update');
  if (forbidden) {
    return forbidden;
  }
  const { cluster } = ctx;
  const revision = cluster.revision;
  const outcome = cluster.update(check.value);
  if (!outcome.ok) {
    return errorAnswer(outcome.error);
  }
  if (cluster.revision !== revision) {
    ctx.persist();
  }
  return withWarnings(
    { status: 200, body: { assignment: assignmentJson(cluster, outcome.value) } },
    cluster,
    check.value.warnings,
  );
};

const start: EndpointHandler = async (ctx) => {
  const check = checkStartRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'start');
  if (forbidden) {
    return forbidden;
  }
  const { cluster } = ctx;
  const request = check.value;
  const outcome = cluster.start(request);
  if (!outcome.ok) {
    return errorAnswer(outcome.error);
  }
  ctx.persist();
  const reached = await waitFor(ctx, outcome.value, request.wait_for, request.timeout);
  if (!reached.ok) {
    return errorAnswer(reached.error);
  }
  return withWarnings(
    { status: 200, body: { assignment: assignmentJson(cluster, reached.value) } },
    cluster,
    request.warnings,
  );
};

const stop: EndpointHandler = (ctx) => {
  const check = checkStopRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'stop');
  if (forbidden) {
    return forbidden;
  }
  const outcome = ctx.cluster.stop(check.value.deployment_id, check.value);
  if (!outcome.ok) {
    return errorAnswer(outcome.error);
  }
  if (outcome.value) {
    ctx.persist();
  }
  return { status: 200, body: { stopped: true } };
};

const stats: EndpointHandler = (ctx) => {
  const check = checkListRequest({ kind: 'stats', modelId: ctx.modelId, query: ctx.query });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'stats');
  if (forbidden) {
    return forbidden;
  }
  const { cluster } = ctx;
  cluster.tick();
  const found = selectModels(cluster, check.value.ids, check.value.allow_no_match, true);
  if (!found.ok) {
    return errorAnswer(found.error);
  }
  const page = found.value.slice(check.value.from, check.value.from + check.value.size);
  const params = ctx.query === '' ? undefined : new URLSearchParams(ctx.query);
  const human = params?.has('human') === true && params.get('human') !== 'false';
  return {
    status: 200,
    body: {
      count: found.value.length,
      trained_model_stats: page.flatMap(({ model, deployments }) =>
        modelStatsEntries(cluster, model, deployments, human),
      ),
    },
  };
};

const models: EndpointHandler = (ctx) => {
  const check = checkListRequest({ kind: 'models', modelId: ctx.modelId, query: ctx.query });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'models');
  if (forbidden) {
    return forbidden;
  }
  const found = selectModels(ctx.cluster, check.value.ids, check.value.allow_no_match, false);
  if (!found.ok) {
    return errorAnswer(found.error);
  }
  const page = found.value.slice(check.value.from, check.value.from + check.value.size);
  return {
    status: 200,
    body: {
      count: found.value.length,
      trained_model_configs: page.map(({ model }) => modelConfigJson(model)),
    },
  };
};

const inferenceUpdate: EndpointHandler = (ctx) => {
  const check = checkInferenceUpdateRequest({
    taskType: ctx.params.task_type,
    inferenceId: ctx.params.inference_id ?? '',
    query: ctx.query,
    body: ctx.body,
  });
  if (!check.ok) {
    return errorAnswer(check.error);
  }
  const forbidden = denied(ctx, 'inferenceUpdate');
  if (forbidden) {
    return forbidden;
  }
  const { cluster } = ctx;
  const revision = cluster.revision;
  const outcome = cluster.updateInferenceEndpoint(check.value);
  if (!outcome.ok) {
    return errorAnswer(outcome.error);
  }
  if (cluster.revision !== revision) {
    ctx.persist();
  }
  return { status: 200, body: inferenceEndpointToJson(outcome.value) };
};

/** Every endpoint's handler, by core's endpoint key. */
export const HANDLERS: Readonly<Record<EndpointKey, EndpointHandler>> = {
  update,
  start,
  stop,
  stats,
  models,
  info,
  inferenceUpdate,
};

/**
 * The methods each endpoint answers besides its own: `GET /` also answers `HEAD` (Elasticsearch's
 * RestMainAction registers both).
 */
export const EXTRA_METHODS: Readonly<Partial<Record<EndpointKey, readonly string[]>>> = {
  info: ['HEAD'],
};

type Selected = Array<{ model: Readonly<SeedModel>; deployments: ReadonlyArray<Readonly<Deployment>> }>;

/** Models matching the id expressions, with their deployments (ids may name either). */
function selectModels(
  cluster: Cluster,
  ids: string[],
  allowNoMatch: boolean,
  byDeployment: boolean,
): { ok: true; value: Selected } | { ok: false; error: EsError } {
  const all = cluster.deploymentList();
  const deploymentsOf = (modelId: string) =>
    all.filter((d) => d.model_id === modelId).sort((a, b) => a.deployment_id.localeCompare(b.deployment_id));
  const models = [...cluster.modelList()].sort((a, b) => a.model_id.localeCompare(b.model_id));
  if (ids.length === 0) {
    return {
      ok: true,
      value: models.map((model) => ({ model, deployments: deploymentsOf(model.model_id) })),
    };
  }
  const picked = new Map<string, Set<string> | 'all'>();
  for (const expression of ids) {
    let matched = false;
    for (const model of models) {
      if (matchesIdExpression(expression, model.model_id)) {
        picked.set(model.model_id, 'all');
        matched = true;
      }
    }
    // A model alias names its model exactly (no wildcards) [inferred: wildcards on aliases].
    const aliased = expression.includes('*') ? undefined : cluster.modelByIdOrAlias(expression);
    if (aliased && aliased.model_id !== expression) {
      picked.set(aliased.model_id, 'all');
      matched = true;
    }
    if (byDeployment) {
      for (const d of all) {
        if (matchesIdExpression(expression, d.deployment_id)) {
          const current = picked.get(d.model_id);
          if (current !== 'all') {
            picked.set(d.model_id, new Set([...(current ?? []), d.deployment_id]));
          }
          matched = true;
        }
      }
    }
    if (!matched && (!expression.includes('*') || !allowNoMatch)) {
      return { ok: false, error: errors.modelNotFound(expression) };
    }
  }
  return {
    ok: true,
    value: models
      .filter((m) => picked.has(m.model_id))
      .map((model) => {
        const which = picked.get(model.model_id);
        const mine = deploymentsOf(model.model_id);
        return {
          model,
          deployments: which === 'all' ? mine : mine.filter((d) => which?.has(d.deployment_id)),
        };
      }),
  };
}

/** `wait_for` of `_start`: answer once the deployment reached the state, or time out (simulated time). */
async function waitFor(
  ctx: EndpointContext,
  d: Readonly<Deployment>,
  state: 'starting' | 'started' | 'fully_allocated',
  timeout: string,
): Promise<{ ok: true; value: Readonly<Deployment> } | { ok: false; error: EsError }> {
  const { cluster, clock } = ctx;
  const parsed = parseTimeValue(timeout, 'timeout');
  const limit = parsed.ok ? parsed.millis : 30_000;
  const deadline = clock.now() + limit;
  const reached = () =>
    state === 'starting' ||
    (state === 'started' && d.state === 'started') ||
    (state === 'fully_allocated' && cluster.allocationCount(d) >= d.number_of_allocations);
  for (;;) {
    cluster.tick();
    if (cluster.deployment(d.deployment_id) !== d) {
      return { ok: false, error: errors.deploymentNotFound(d.deployment_id) };
    }
    if (reached()) {
      return { ok: true, value: d };
    }
    if (clock.now() >= deadline) {
      return { ok: false, error: errors.startTimeout(d.deployment_id, timeout) };
    }
    await clock.sleep(Math.min(25, Math.max(1, deadline - clock.now())));
  }
}
