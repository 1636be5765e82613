// The handlers of a model's life (PUT/DELETE model, vocabulary, definition parts, aliases,
// `_ml/info`, `_cat/ml/trained_models`), each `{ check, act }` as handlers.ts describes, over the
// lifecycle module and the cluster's model store. docs/model-lifecycle.md.
import {
  type CatRequest,
  type CheckResult,
  checkCatTrainedModelsRequest,
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkMlInfoRequest,
  checkModelAliasRequest,
  checkPutModelRequest,
  checkVocabularyRequest,
  type DefinitionPartRequest,
  type DeleteModelRequest,
  type EsError,
  errors,
  type ModelAliasRequest,
  matchesIdExpression,
  type PutModelRequest,
  type VocabularyRequest,
} from '@mldeploy/core/rules';
import type { Cluster } from './cluster.js';
import { type Answer, errorAnswer } from './http.js';
import {
  catTrainedModels,
  deleteModel as deleteModelAction,
  deleteModelAlias as deleteModelAliasAction,
  type LifecycleHost,
  mlInfoJson,
  putDefinitionPart as putDefinitionPartAction,
  putModel as putModelAction,
  putModelAlias as putModelAliasAction,
  putVocabulary as putVocabularyAction,
} from './lifecycle.js';

/** What these handlers read of a request and of the server (handlers.ts's shapes, structurally). */
interface RequestParts {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: string;
  readonly body: string | undefined;
}
interface Context {
  readonly cluster: Cluster;
  readonly persist: () => void;
}
interface Handler<R> {
  check(request: RequestParts): CheckResult<R>;
  act(ctx: Context, request: R): Answer;
}

/** The lifecycle's view of the simulated cluster. */
export function lifecycleHostOf(cluster: Cluster): LifecycleHost {
  return {
    store: cluster.models,
    now: () => cluster.time(),
    configVersion: '12.0.0',
    version: cluster.settings.version,
    deployments: () =>
      cluster.deploymentList().map((d) => ({
        deployment_id: d.deployment_id,
        model_id: d.model_id,
        allocated: d.state === 'started' && cluster.allocationCount(d) > 0,
        referenced_by_ingest: d.referenced_by_ingest,
      })),
    ingestReferences: () => new Set(),
    addModel: (m) => cluster.addModel(m),
    removeModel: (id) => cluster.removeModel(id),
    stopDeployment: (id) => {
      cluster.stop(id, { allow_no_match: true, force: true });
    },
    nodes: () => cluster.nodeList(),
  };
}

function warned(cluster: Cluster, answer: Answer, warnings: readonly string[]): Answer {
  if (warnings.length > 0) {
    answer.headers = {
      warning: warnings.map(
        (w) => `299 Elasticsearch-${cluster.settings.version}-mldeploy "${w.replace(/"/g, '\\"')}"`,
      ),
    };
  }
  return answer;
}

/** Runs a change, persists when it changed the cluster, and answers `acknowledged` or the error. */
function acknowledged(ctx: Context, outcome: { ok: true } | { ok: false; error: EsError }): Answer {
  if (!outcome.ok) {
    return errorAnswer(outcome.error);
  }
  ctx.persist();
  return { status: 200, body: { acknowledged: true } };
}

const putModel: Handler<PutModelRequest> = {
  check: (r) => checkPutModelRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  act: (ctx, request) => {
    const outcome = putModelAction(lifecycleHostOf(ctx.cluster), request);
    if (!outcome.ok) {
      return errorAnswer(outcome.error);
    }
    ctx.persist();
    return warned(ctx.cluster, { status: 200, body: outcome.value }, request.warnings);
  },
};

const putVocabulary: Handler<VocabularyRequest> = {
  check: (r) => checkVocabularyRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  act: (ctx, request) => acknowledged(ctx, putVocabularyAction(lifecycleHostOf(ctx.cluster), request)),
};

const putDefinitionPart: Handler<DefinitionPartRequest> = {
  check: (r) =>
    checkDefinitionPartRequest({
      modelId: r.params.model_id ?? '',
      part: r.params.part ?? '',
      query: r.query,
      body: r.body,
    }),
  act: (ctx, request) => acknowledged(ctx, putDefinitionPartAction(lifecycleHostOf(ctx.cluster), request)),
};

const deleteModel: Handler<DeleteModelRequest> = {
  check: (r) => checkDeleteModelRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  act: (ctx, request) => acknowledged(ctx, deleteModelAction(lifecycleHostOf(ctx.cluster), request)),
};

const aliasCheck = (method: 'PUT' | 'DELETE') => (r: RequestParts) =>
  checkModelAliasRequest({
    modelId: r.params.model_id ?? '',
    alias: r.params.model_alias ?? '',
    method,
    query: r.query,
    body: r.body,
  });

const putModelAlias: Handler<ModelAliasRequest> = {
  check: aliasCheck('PUT'),
  act: (ctx, request) => {
    const outcome = putModelAliasAction(lifecycleHostOf(ctx.cluster), request);
    if (!outcome.ok) {
      return errorAnswer(outcome.error);
    }
    ctx.persist();
    return warned(ctx.cluster, { status: 200, body: { acknowledged: true } }, outcome.value);
  },
};

const deleteModelAlias: Handler<ModelAliasRequest> = {
  check: aliasCheck('DELETE'),
  act: (ctx, request) => acknowledged(ctx, deleteModelAliasAction(lifecycleHostOf(ctx.cluster), request)),
};

const mlInfo: Handler<Record<string, never>> = {
  check: (r) => checkMlInfoRequest({ query: r.query, body: r.body }),
  act: (ctx) => ({ status: 200, body: mlInfoJson(lifecycleHostOf(ctx.cluster)) }),
};

const catModels: Handler<CatRequest> = {
  check: (r) => checkCatTrainedModelsRequest({ modelId: r.params.model_id, query: r.query }),
  act: (ctx, request) => {
    const store = ctx.cluster.models;
    const ids =
      request.model_id === undefined || request.model_id === '_all' ? ['*'] : request.model_id.split(',');
    const picked = store
      .list()
      .filter((m) => ids.some((e) => matchesIdExpression(e, String(m.config.model_id))));
    for (const e of ids) {
      if (!e.includes('*') && store.resolve(e) === undefined) {
        return errorAnswer(errors.modelNotFound(e));
      }
    }
    const from = request.from ?? 0;
    const page = picked.slice(from, from + (request.size ?? 100)).map((m) => m.config);
    const out = catTrainedModels(lifecycleHostOf(ctx.cluster), page, request);
    if (!out.ok) {
      return errorAnswer(out.error);
    }
    return 'text' in out.value
      ? { status: 200, text: out.value.text }
      : { status: 200, body: out.value.json };
  },
};

/** The lifecycle's handlers, by core's endpoint key. */
export const LIFECYCLE_HANDLERS = {
  putModel,
  deleteModel,
  putVocabulary,
  putDefinitionPart,
  putModelAlias,
  deleteModelAlias,
  mlInfo,
  catTrainedModels: catModels,
} as const;
