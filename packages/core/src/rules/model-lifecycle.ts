// The state rules of a model's life, as the transport actions decide them: whether a model may be
// created, aliased, unaliased, deleted, started or asked for its definition status, given what the
// cluster holds. Pure functions over a small view of the cluster; the mock keeps the state.
// Sources: docs/model-lifecycle.md.
import type { EsError } from '../errors/envelope.js';
import { errors } from '../errors/messages.js';
import { MODEL_MESSAGES, modelErrors } from '../errors/model-messages.js';
import type { PutModelRequest } from './check-put-model-request.js';
import { inferenceConfigName } from './nlp-config.js';

/** What the rules need to know of a model. */
export interface ModelFacts {
  model_id: string;
  model_type?: string | undefined;
  inference_config?: Record<string, unknown> | undefined;
  input: { field_names: readonly string[] };
  tags: readonly string[];
}

/** What the rules need to know of the cluster. */
export interface LifecycleView {
  model(id: string): ModelFacts | undefined;
  /** The model an alias names, if the alias exists. */
  aliasTarget(alias: string): string | undefined;
  /** Aliases of a model, sorted. */
  aliasesOf(modelId: string): readonly string[];
  /** True when a deployment has this id. */
  hasDeployment(id: string): boolean;
  /** The deployments of a model, each with whether it is allocated (started or fully allocated). */
  deploymentsOf(modelId: string): ReadonlyArray<{ allocated: boolean }>;
  /** True when an ingest pipeline names this model id or alias. */
  referencedByIngest(idOrAlias: string): boolean;
  /** Every model's id and tags, to keep ids and tags apart. */
  modelList(): readonly ModelFacts[];
}

type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; error: EsError };

const fail = (error: EsError): { ok: false; error: EsError } => ({ ok: false, error });

/**
 * TransportPutTrainedModelAction's checks against the cluster, in its order. While a download of
 * the model runs, the answer is the model as it is (`existing`), before the tag and id checks.
 */
export function checkPutModelState(
  request: PutModelRequest,
  view: LifecycleView,
  downloadRunning = false,
): Outcome<'create' | 'existing'> {
  const id = request.model_id;
  if (view.aliasTarget(id) !== undefined) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.idIsAlias(id)));
  }
  if (view.hasDeployment(id)) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.idIsDeployment(id)));
  }
  if (downloadRunning) {
    return { ok: true, value: 'existing' };
  }
  const models = view.modelList();
  if (models.some((m) => m.tags.includes(id))) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.idIsTag(id)));
  }
  const clashing = request.body.tags.filter((t) => models.some((m) => m.model_id === t));
  if (clashing.length > 0) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.tagsAreIds(request.body.tags)));
  }
  if (view.model(id) !== undefined) {
    return fail(modelErrors.exists(id));
  }
  return { ok: true, value: 'create' };
}

/** The outcome of an alias PUT: the warnings Elasticsearch adds to the answer. */
export interface AliasPutOutcome {
  warnings: string[];
}

/** TransportPutTrainedModelAliasAction's checks, in its order. */
export function checkAliasPut(
  request: { model_id: string; model_alias: string; reassign: boolean },
  view: LifecycleView,
): Outcome<AliasPutOutcome> {
  const { model_alias: alias, model_id: id } = request;
  const oldId = view.aliasTarget(alias);
  if (oldId !== undefined && !request.reassign) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.aliasTaken(alias, id, oldId)));
  }
  if (view.model(alias) !== undefined) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.aliasIsModelId));
  }
  const next = view.model(id);
  if (next === undefined) {
    return fail(errors.modelNotFound(id));
  }
  const warnings: string[] = [];
  const old = oldId === undefined ? undefined : view.model(oldId);
  if (old !== undefined) {
    const nextConfig = inferenceConfigName(next.inference_config);
    const oldConfig = inferenceConfigName(old.inference_config);
    if (nextConfig !== undefined && oldConfig !== undefined && nextConfig !== oldConfig) {
      return fail(
        modelErrors.badRequest(
          MODEL_MESSAGES.aliasConfigType(alias, id, nextConfig, old.model_id, oldConfig),
        ),
      );
    }
    const nextType = next.model_type ?? 'tree_ensemble';
    const oldType = old.model_type ?? 'tree_ensemble';
    if (nextType !== oldType) {
      return fail(
        modelErrors.badRequest(MODEL_MESSAGES.aliasModelType(alias, id, nextType, old.model_id, oldType)),
      );
    }
    if (nextType === 'pytorch') {
      const oldDeployments = view.deploymentsOf(old.model_id);
      const newDeployments = view.deploymentsOf(id);
      if (oldDeployments.length > 0 && newDeployments.length === 0) {
        return fail(modelErrors.badRequest(MODEL_MESSAGES.aliasNotDeployed(alias, id, old.model_id)));
      }
      if (oldDeployments.some((d) => d.allocated) && newDeployments.some((d) => !d.allocated)) {
        return fail(modelErrors.badRequest(MODEL_MESSAGES.aliasNotAllocated(alias, id, old.model_id)));
      }
    }
    const oldFields = new Set(old.input.field_names);
    const newFields = new Set(next.input.field_names);
    const removed = [...oldFields].filter((f) => !newFields.has(f)).length;
    const kept = [...newFields].filter((f) => oldFields.has(f)).length;
    const half = Math.floor(oldFields.size / 2);
    if (removed > half || kept < half) {
      warnings.push(MODEL_MESSAGES.aliasInputsDiffer(id, old.model_id));
    }
  }
  return { ok: true, value: { warnings } };
}

/** TransportDeleteTrainedModelAliasAction's checks. */
export function checkAliasDelete(
  request: { model_id: string; model_alias: string },
  view: LifecycleView,
): Outcome {
  const target = view.aliasTarget(request.model_alias);
  if (target === undefined) {
    return fail(modelErrors.aliasNotFound(request.model_alias));
  }
  if (target !== request.model_id) {
    return fail(
      modelErrors.aliasConflict(MODEL_MESSAGES.aliasOtherModel(request.model_alias, request.model_id)),
    );
  }
  if (view.referencedByIngest(request.model_alias)) {
    return fail(modelErrors.aliasConflict(MODEL_MESSAGES.aliasReferenced(request.model_alias)));
  }
  return { ok: true, value: undefined };
}

/** What a delete does besides removing the model. */
export interface DeleteOutcome {
  /** Deployments to stop first (force). */
  stopDeployments: boolean;
  /** Aliases removed with the model. */
  aliases: readonly string[];
}

/**
 * TransportDeleteTrainedModelAction's checks. A missing model is a 404 first (the newest YAML test
 * "Test delete already-deleted model returns 404 not 409"); the built-in model cannot go.
 */
export function checkModelDelete(
  request: { model_id: string; force: boolean },
  view: LifecycleView,
  builtIn: (id: string) => boolean,
): Outcome<DeleteOutcome> {
  const id = request.model_id;
  if (view.model(id) === undefined) {
    return fail(errors.modelNotFound(id));
  }
  if (builtIn(id)) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.deleteManaged(id)));
  }
  const aliases = view.aliasesOf(id);
  if (!request.force) {
    if (view.referencedByIngest(id)) {
      return fail(modelErrors.inUse(MODEL_MESSAGES.deleteReferenced(id)));
    }
    const alias = aliases.find((a) => view.referencedByIngest(a));
    if (alias !== undefined) {
      return fail(modelErrors.inUse(MODEL_MESSAGES.deleteAliasReferenced(id, alias)));
    }
  }
  const deployed = view.deploymentsOf(id).length > 0;
  if (deployed && !request.force) {
    return fail(modelErrors.inUse(MODEL_MESSAGES.deleteDeployed(id)));
  }
  return { ok: true, value: { stopDeployments: deployed, aliases } };
}

/** `include=definition_status`: one model only, and a PyTorch one (TransportGetTrainedModelsAction). */
export function checkDefinitionStatus(
  models: readonly ModelFacts[],
  idsRequested: number,
  all: boolean,
): Outcome {
  if (all || idsRequested !== 1 || models.length > 1) {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.statusManyModels));
  }
  if (models[0] !== undefined && models[0].model_type !== 'pytorch') {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.statusOnlyPytorch));
  }
  return { ok: true, value: undefined };
}

/** What `_start` needs to know of a model's definition. */
export interface DefinitionState {
  downloading: boolean;
  fullyDefined: boolean;
}

/** `_start`'s definition checks: a running download, then a missing definition. */
export function checkStartDefinition(modelId: string, state: DefinitionState): Outcome {
  if (state.downloading) {
    return fail(modelErrors.downloadRunning(modelId));
  }
  if (!state.fullyDefined) {
    return fail(modelErrors.definitionNotFound(modelId));
  }
  return { ok: true, value: undefined };
}

/** Checks of a definition part against the model (PyTorch, stored in an index). */
export function checkDefinitionPartState(
  model: ModelFacts | undefined,
  modelId: string,
  alreadyStored: boolean,
  part: number,
): Outcome {
  if (model === undefined) {
    return fail(errors.modelNotFound(modelId));
  }
  if (model.model_type !== 'pytorch') {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.locationNull(modelId)));
  }
  if (alreadyStored) {
    return fail(modelErrors.partExists(modelId, part));
  }
  return { ok: true, value: undefined };
}

/** Checks of a vocabulary against the model (an NLP model). */
export function checkVocabularyState(model: ModelFacts | undefined, modelId: string): Outcome {
  if (model === undefined) {
    return fail(errors.modelNotFound(modelId));
  }
  if (model.model_type !== 'pytorch') {
    return fail(modelErrors.badRequest(MODEL_MESSAGES.vocabularyNotNlp(modelId)));
  }
  return { ok: true, value: undefined };
}
