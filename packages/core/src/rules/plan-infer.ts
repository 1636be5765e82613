// What the cluster decides about an `_infer` request: which deployment serves it
// (TransportInternalInferModelAction: an alias, a deployment id, then the deployments of a model),
// the refusals on the way, and what each document asks of the model (NlpTask: the input field,
// the config update). The mock answers with simulated results; docs/inference.md.
import type { EsError } from '../errors/envelope.js';
import { INFER_MESSAGES, inferErrors } from '../errors/infer-messages.js';
import { errors } from '../errors/messages.js';
import type { InferConfigUpdate } from './check-infer-request.js';

/** A deployment as the resolution needs it. */
export interface InferDeploymentView {
  deployment_id: string;
  model_id: string;
  state: 'started' | 'starting' | 'stopping' | 'failed';
  /** Routes in the `started` state with allocations. */
  startedRoutes: number;
  /** Routes in the `stopping` state with allocations (used when none is started). */
  stoppingRoutes: number;
}

/** A model as the checks of the documents need it. */
export interface InferModelView {
  model_id: string;
  model_type?: string | undefined;
  inference_config?: Record<string, unknown> | undefined;
  /** `input.field_names`; NLP models read the first. */
  input_field_names?: readonly string[] | undefined;
}

/** What {@link planInferTarget} reads of the cluster. */
export interface InferClusterView {
  /** The model a model alias points to. */
  modelOfAlias(alias: string): string | undefined;
  deployment(id: string): InferDeploymentView | undefined;
  /** Deployments of a model, in the cluster's order. */
  deploymentsOfModel(modelId: string): InferDeploymentView[];
  model(id: string): InferModelView | undefined;
}

/** Where an `_infer` request goes, or why it goes nowhere. */
export type InferTarget =
  | { kind: 'error'; error: EsError }
  /** No route takes requests: 409, and the adaptive scaler may start one allocation. */
  | { kind: 'not_allocated'; deployment_id: string }
  | { kind: 'route'; deployment_id: string; model_id: string; routing: 'started' | 'stopping' };

const STATE_ORDER = ['started', 'starting', 'stopping', 'failed'] as const;

/**
 * TransportInternalInferModelAction.doInfer: the alias is resolved, then the id names a deployment
 * or a model with deployments; among several, the best state wins (the server shuffles within a
 * state; the mock takes the first, [inferred] a documented simplification).
 */
export function planInferTarget(id: string, view: InferClusterView): InferTarget {
  const concrete = view.modelOfAlias(id) ?? id;
  const direct = view.deployment(concrete);
  const candidates = direct ? [direct] : view.deploymentsOfModel(concrete);
  if (candidates.length === 0) {
    const model = view.model(id) ?? view.model(concrete);
    if (!model) {
      return { kind: 'error', error: errors.modelNotFound(id) };
    }
    // [inferred] A model that is not PyTorch would be loaded on the ingest node; the mock has none.
    return { kind: 'error', error: inferErrors.conflict(INFER_MESSAGES.mustBeDeployed(id)) };
  }
  let picked = candidates[0] as InferDeploymentView;
  for (const state of STATE_ORDER) {
    const found = candidates.find((d) => d.state === state);
    if (found) {
      picked = found;
      break;
    }
  }
  if (picked.state === 'stopping' || picked.state === 'failed') {
    return {
      kind: 'error',
      error: inferErrors.conflict(INFER_MESSAGES.assignmentState(picked.deployment_id, picked.state)),
    };
  }
  if (picked.startedRoutes > 0) {
    return {
      kind: 'route',
      deployment_id: picked.deployment_id,
      model_id: picked.model_id,
      routing: 'started',
    };
  }
  if (picked.stoppingRoutes > 0) {
    return {
      kind: 'route',
      deployment_id: picked.deployment_id,
      model_id: picked.model_id,
      routing: 'stopping',
    };
  }
  return { kind: 'not_allocated', deployment_id: picked.deployment_id };
}

/** The error of {@link planInferTarget}'s `not_allocated`, worded with the request's id. */
export function notAllocatedError(requestId: string, starting: boolean): EsError {
  return inferErrors.conflict(INFER_MESSAGES.notAllocated(requestId, starting));
}

/** The NLP tasks and what the simulated results need of each. */
export const INFER_TASKS = [
  'ner',
  'text_classification',
  'zero_shot_classification',
  'fill_mask',
  'question_answering',
  'text_embedding',
  'text_expansion',
  'text_similarity',
  'pass_through',
] as const;
export type InferTaskName = (typeof INFER_TASKS)[number];

/** The model's config with the request's update applied: what one inference computes. */
export interface InferTask {
  task: InferTaskName;
  results_field: string;
  /** Text classification and NER labels, or zero-shot candidate labels. */
  labels: string[];
  num_top_classes: number;
  multi_label: boolean;
  question?: string | undefined;
  text?: string | undefined;
  max_answer_length: number;
  embedding_size: number;
  mask_token: string;
}

/** The default `results_field` of every NLP config (NlpConfig.DEFAULT_RESULTS_FIELD). */
export const DEFAULT_RESULTS_FIELD = 'predicted_value';
/**
 * The input field a model reads when its config names none. [inferred] from 3rd_party_deployment.yml,
 * whose models are put without `input` and inferred with `{"input": "words"}`.
 */
export const DEFAULT_INPUT_FIELD = 'input';

const asStrings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The task of a model's `inference_config` (its one key), when it is an NLP task. */
export function inferTaskOf(model: InferModelView): InferTaskName | undefined {
  const name = Object.keys(model.inference_config ?? {})[0];
  return (INFER_TASKS as readonly string[]).includes(name ?? '') ? (name as InferTaskName) : undefined;
}

/**
 * The task one request computes, and the texts of its documents (NlpTask.Request: the model's
 * first input field, a string), or the first error in the server's order.
 */
export function planInferDocs(
  model: InferModelView,
  docs: ReadonlyArray<Record<string, unknown>>,
  update: InferConfigUpdate | undefined,
): { ok: true; task: InferTask; texts: string[] } | { ok: false; error: EsError } {
  const name = inferTaskOf(model) ?? 'pass_through';
  const config = (model.inference_config?.[name] ?? {}) as Record<string, unknown>;
  if (update && update.name !== name) {
    return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.configMismatch(name, update.name)) };
  }
  const u = update?.settings ?? {};
  const task: InferTask = {
    task: name,
    results_field:
      (u.results_field as string | undefined) ??
      (config.results_field as string | undefined) ??
      DEFAULT_RESULTS_FIELD,
    labels:
      asStrings(u.labels) ??
      asStrings(u.classification_labels) ??
      asStrings(config.labels) ??
      asStrings(config.classification_labels) ??
      [],
    num_top_classes:
      asNumber(u.num_top_classes) ?? asNumber(config.num_top_classes) ?? (name === 'fill_mask' ? 5 : 0),
    multi_label:
      (u.multi_label as boolean | undefined) ?? (config.multi_label as boolean | undefined) ?? false,
    question: (u.question as string | undefined) ?? undefined,
    text: (u.text as string | undefined) ?? undefined,
    max_answer_length: asNumber(u.max_answer_length) ?? asNumber(config.max_answer_length) ?? 15,
    embedding_size: asNumber(config.embedding_size) ?? 384,
    mask_token: (config.mask_token as string | undefined) ?? '[MASK]',
  };
  if (name === 'question_answering' && task.question === undefined) {
    return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.requiredUpdateField(name, 'question')) };
  }
  if (name === 'text_similarity' && task.text === undefined) {
    return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.requiredUpdateField(name, 'text')) };
  }
  if (name === 'zero_shot_classification' && task.labels.length === 0) {
    return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.zeroShotLabels) };
  }
  const field = model.input_field_names?.[0] ?? DEFAULT_INPUT_FIELD;
  const texts: string[] = [];
  for (const doc of docs) {
    const value = doc[field];
    if (value === undefined) {
      return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.inputFieldMissing(field)) };
    }
    if (typeof value !== 'string') {
      return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.inputNotString(field)) };
    }
    if (name === 'fill_mask' && !value.includes(task.mask_token)) {
      return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.noMaskToken(task.mask_token)) };
    }
    texts.push(value);
  }
  return { ok: true, task, texts };
}
