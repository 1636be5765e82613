// A model's life in the simulated cluster: create (PUT), vocabulary, definition parts, delete,
// aliases, the `_start` and `include=definition_status` checks, `_ml/info` and the cat table.
// Core decides every rule (model-lifecycle, check-*); this module applies them to the model store
// and to the cluster behind a small host interface, so it does not depend on how the cluster is
// built. docs/model-lifecycle.md.
import {
  BUILT_IN_MODELS,
  buildModelConfig,
  CAT_TRAINED_MODELS_COLUMNS,
  type CatRequest,
  catTrainedModelRow,
  checkAliasDelete,
  checkAliasPut,
  checkDefinitionPartState,
  checkModelDelete,
  checkPutModelState,
  checkStartDefinition,
  checkVocabularyState,
  type DefinitionPartRequest,
  type EsError,
  inferenceConfigName,
  type LifecycleView,
  MODEL_MESSAGES,
  type ModelAliasRequest,
  type ModelFacts,
  mlInfo,
  modelErrors,
  PACKAGED_MODELS,
  type PutModelRequest,
  treeDefinitionFacts,
  type VocabularyRequest,
  validatePackageOverrides,
} from '@mldeploy/core/rules';
import { renderCatTable } from './cat-table.js';
import type { ModelStore } from './model-store.js';
import type { SeedModel } from './seed-schema.js';

/** What a model's life needs of the cluster. */
export interface LifecycleHost {
  readonly store: ModelStore;
  now(): number;
  /** MlConfigVersion of the cluster, written into created models. */
  readonly configVersion: string;
  /** The deployments: id, model, allocated (started with routes), referenced by ingest. */
  deployments(): ReadonlyArray<{
    deployment_id: string;
    model_id: string;
    allocated: boolean;
    referenced_by_ingest: boolean;
  }>;
  /** Model ids and aliases that ingest pipelines name. */
  ingestReferences(): ReadonlySet<string>;
  /** Makes a created model deployable (the cluster's own list of models). */
  addModel(model: SeedModel): void;
  /** Removes a model from the cluster's list. */
  removeModel(id: string): void;
  /** Stops a deployment at once (a forced delete). */
  stopDeployment(id: string): void;
  /** The ML nodes, for `_ml/info`. */
  nodes(): ReadonlyArray<{ memory_bytes: number; processors: number }>;
  readonly version: string;
}

type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; error: EsError };

const BUILT_IN_ID = 'lang_ident_model_1';

function facts(config: Record<string, unknown>): ModelFacts {
  return {
    model_id: String(config.model_id),
    model_type: config.model_type as string | undefined,
    inference_config: config.inference_config as Record<string, unknown> | undefined,
    input: (config.input as { field_names: string[] } | undefined) ?? { field_names: [] },
    tags: (config.tags as string[] | undefined) ?? [],
  };
}

/** Core's view of the cluster, for its state rules. */
export function lifecycleView(host: LifecycleHost): LifecycleView {
  const store = host.store;
  return {
    model: (id) => {
      const m = store.get(id);
      return m ? facts(m.config) : undefined;
    },
    aliasTarget: (alias) => store.aliasTarget(alias),
    aliasesOf: (id) => store.aliasesOf(id),
    hasDeployment: (id) => host.deployments().some((d) => d.deployment_id === id),
    deploymentsOf: (id) => host.deployments().filter((d) => d.model_id === id),
    referencedByIngest: (x) =>
      host.ingestReferences().has(x) ||
      host.deployments().some((d) => d.referenced_by_ingest && d.model_id === x),
    modelList: () => store.list().map((m) => facts(m.config)),
  };
}

/** The cluster's model for a stored config (what placement and stats read). */
export function seedModelOf(config: Record<string, unknown>): SeedModel {
  const out: SeedModel = {
    model_id: String(config.model_id),
    model_size_bytes: Number(config.model_size_bytes ?? 0),
  };
  const type = config.model_type;
  if (type === 'pytorch' || type === 'tree_ensemble' || type === 'lang_ident') {
    out.model_type = type;
  }
  if (typeof config.description === 'string') {
    out.description = config.description;
  }
  out.tags = (config.tags as string[] | undefined) ?? [];
  out.created_by = String(config.created_by ?? 'api_user');
  out.create_time = Number(config.create_time ?? 0);
  if (config.inference_config !== undefined) {
    out.inference_config = config.inference_config as Record<string, unknown>;
  }
  return out;
}

/** Puts the built-in model into a fresh store (every cluster has it). */
export function addBuiltInModel(host: LifecycleHost): void {
  if (!host.store.has(BUILT_IN_ID)) {
    const config = { ...BUILT_IN_MODELS.lang_ident_model_1 } as Record<string, unknown>;
    host.store.put(config, { defined: true });
  }
}

/** `PUT _ml/trained_models/{id}`: the answer is the stored config; packages start downloading. */
export function putModel(host: LifecycleHost, request: PutModelRequest): Outcome<Record<string, unknown>> {
  const view = lifecycleView(host);
  const body = request.body;
  let tree: ReturnType<typeof treeDefinitionFacts> | undefined;
  if (body.definition !== undefined) {
    tree = treeDefinitionFacts(
      request.model_id,
      body.definition,
      inferenceConfigName(body.inference_config),
      body.model_type,
    );
    if (!tree.ok) {
      return tree;
    }
  }
  const state = checkPutModelState(request, view, host.store.downloading(request.model_id));
  if (!state.ok) {
    return state;
  }
  if (state.value === 'existing') {
    return { ok: true, value: host.store.configJson(request.model_id) ?? {} };
  }
  const packaged = request.packaged ? PACKAGED_MODELS[request.model_id] : undefined;
  if (request.packaged) {
    if (packaged === undefined) {
      return { ok: false, error: modelErrors.badRequest(MODEL_MESSAGES.unknownPackage(request.model_id)) };
    }
    const overrides = validatePackageOverrides(body);
    if (overrides.length > 0) {
      return { ok: false, error: modelErrors.validation(overrides) };
    }
  }
  const config = buildModelConfig(request, {
    now: host.now(),
    configVersion: host.configVersion,
    tree: tree?.ok ? tree.value : undefined,
    packaged,
  });
  host.store.put(config, { defined: tree !== undefined, download: packaged !== undefined });
  host.addModel(seedModelOf(config));
  return { ok: true, value: config };
}

/** `PUT .../vocabulary`. */
export function putVocabulary(host: LifecycleHost, request: VocabularyRequest): Outcome {
  const model = host.store.get(request.model_id);
  const state = checkVocabularyState(model ? facts(model.config) : undefined, request.model_id);
  if (!state.ok) {
    return state;
  }
  host.store.putVocabulary(request.model_id, request);
  return state;
}

/** `PUT .../definition/{part}`. */
export function putDefinitionPart(host: LifecycleHost, request: DefinitionPartRequest): Outcome {
  const model = host.store.get(request.model_id);
  const state = checkDefinitionPartState(
    model ? facts(model.config) : undefined,
    request.model_id,
    host.store.hasPart(request.model_id, request.part),
    request.part,
  );
  if (!state.ok) {
    return state;
  }
  host.store.putPart(request);
  host.addModel(seedModelOf(host.store.get(request.model_id)?.config ?? {}));
  return state;
}

/** `DELETE _ml/trained_models/{id}`: force stops its deployments and removes its aliases. */
export function deleteModel(host: LifecycleHost, request: { model_id: string; force: boolean }): Outcome {
  const decided = checkModelDelete(request, lifecycleView(host), (id) => id === BUILT_IN_ID);
  if (!decided.ok) {
    return decided;
  }
  if (decided.value.stopDeployments) {
    for (const d of host.deployments().filter((x) => x.model_id === request.model_id)) {
      host.stopDeployment(d.deployment_id);
    }
  }
  host.store.delete(request.model_id);
  host.removeModel(request.model_id);
  return { ok: true, value: undefined };
}

/** `PUT .../model_aliases/{alias}`: the warnings go into the answer's `Warning` header. */
export function putModelAlias(host: LifecycleHost, request: ModelAliasRequest): Outcome<string[]> {
  const decided = checkAliasPut(request, lifecycleView(host));
  if (!decided.ok) {
    return decided;
  }
  host.store.setAlias(request.model_alias, request.model_id);
  return { ok: true, value: decided.value.warnings };
}

/** `DELETE .../model_aliases/{alias}`. */
export function deleteModelAlias(host: LifecycleHost, request: ModelAliasRequest): Outcome {
  const decided = checkAliasDelete(request, lifecycleView(host));
  if (decided.ok) {
    host.store.deleteAlias(request.model_alias);
  }
  return decided;
}

/** `_start`'s definition checks for a stored model (seeded models are always defined). */
export function checkStartable(host: LifecycleHost, modelId: string): Outcome {
  if (!host.store.has(modelId)) {
    return { ok: true, value: undefined };
  }
  return checkStartDefinition(modelId, {
    downloading: host.store.downloading(modelId),
    fullyDefined: host.store.fullyDefined(modelId),
  });
}

/** `GET _ml/info`. */
export function mlInfoJson(host: LifecycleHost): Record<string, unknown> {
  return mlInfo({ nodes: host.nodes(), version: host.version, upgrade_mode: false });
}

/** `GET _cat/ml/trained_models`: the models the request names, as text or JSON. */
export function catTrainedModels(
  host: LifecycleHost,
  models: ReadonlyArray<Record<string, unknown>>,
  request: CatRequest,
): Outcome<{ text: string } | { json: Array<Record<string, string | null>> }> {
  const pipelines = host.ingestReferences();
  const rows = models.map((c) =>
    catTrainedModelRow({
      model_id: String(c.model_id),
      created_by: String(c.created_by ?? 'api_user'),
      model_size_bytes: Number(c.model_size_bytes ?? 0),
      estimated_operations: Number(c.estimated_operations ?? 0),
      license_level: String(c.license_level ?? 'platinum'),
      create_time: Number(c.create_time ?? 0),
      version: String(c.version ?? host.configVersion),
      description: c.description as string | undefined,
      model_type: c.model_type as string | undefined,
      pipeline_count:
        (pipelines.has(String(c.model_id)) ? 1 : 0) +
        host.deployments().filter((d) => d.model_id === c.model_id && d.referenced_by_ingest).length,
      // The mock has no data frame analytics jobs, so no model names one (docs/differences.md).
      data_frame: undefined,
    }),
  );
  const out = renderCatTable(CAT_TRAINED_MODELS_COLUMNS, rows, request);
  if (!out.ok) {
    return { ok: false, error: modelErrors.catUnknownSortKey(out.unknownSortKey) };
  }
  return { ok: true, value: 'text' in out ? { text: out.text } : { json: out.json } };
}
