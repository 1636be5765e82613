// The requests of a model's life besides PUT: vocabulary, definition parts, delete, model aliases
// and `_ml/info`, each parsed and validated as Elasticsearch's REST handler and request do.
// Sources: docs/model-lifecycle.md.
import type { EndpointSpec } from '../endpoint-spec.js';
import { ENDPOINTS } from '../endpoints.js';
import { errors } from '../errors/messages.js';
import { MODEL_VALIDATION, modelErrors } from '../errors/model-messages.js';
import type { CheckResult } from './check-update-request.js';
import { parseBody } from './check-update-request.js';
import { DOUBLE_ARRAY, LONG, STRING_ARRAY } from './internal/any-value.js';
import { parseJavaInt } from './internal/java.js';
import type { ObjectSpec } from './internal/object-parser.js';
import { parseQuery, RestParams, readQuery } from './rest-params.js';

/** The most parts a definition may have (PutTrainedModelDefinitionPartAction). */
export const MAX_DEFINITION_PARTS = 10_000;

/** The pattern of a valid model alias: like an id, but it cannot end with a digit. */
export const MODEL_ALIAS_PATTERN = /^[a-z0-9](?:[a-z0-9_\-.]*[a-z])?$/;

type Raw = { query?: string | URLSearchParams | undefined; body?: string | undefined };

/** Reads the query with `read`, then refuses what it did not consume. */
function withParams<T>(
  raw: Raw,
  endpoint: EndpointSpec,
  path: string,
  read: (p: RestParams) => T,
): CheckResult<T> {
  return readQuery(new RestParams(parseQuery(raw.query), endpoint), path, read);
}

function requireBody(raw: Raw): string | undefined {
  return raw.body === undefined || raw.body.trim().length === 0 ? undefined : raw.body;
}

/** A vocabulary as the model stores it. */
export interface VocabularyRequest {
  model_id: string;
  vocabulary: string[];
  merges: string[];
  scores: number[];
}

const VOCABULARY_PARSER: ObjectSpec = {
  name: 'put_trained_model_vocabulary',
  fields: [
    { names: ['vocabulary'], type: STRING_ARRAY },
    { names: ['merges'], type: STRING_ARRAY },
    { names: ['scores'], type: DOUBLE_ARRAY },
  ],
};

/** `PUT _ml/trained_models/{model_id}/vocabulary`. */
export function checkVocabularyRequest(raw: Raw & { modelId: string }): CheckResult<VocabularyRequest> {
  const query = withParams(
    raw,
    ENDPOINTS.putVocabulary,
    `/_ml/trained_models/${raw.modelId}/vocabulary`,
    () => undefined,
  );
  if (!query.ok) {
    return query;
  }
  const text = requireBody(raw);
  if (text === undefined) {
    return { ok: false, error: errors.bodyRequired() };
  }
  const parsed = parseBody(text, [], VOCABULARY_PARSER);
  if (!parsed.ok) {
    return parsed;
  }
  const vocabulary = parsed.value.get('vocabulary') as string[] | undefined;
  if (vocabulary === undefined) {
    return { ok: false, error: errors.badUri(MODEL_VALIDATION.requiredField('vocabulary')) };
  }
  const value: VocabularyRequest = {
    model_id: raw.modelId,
    vocabulary,
    merges: (parsed.value.get('merges') as string[] | undefined) ?? [],
    scores: (parsed.value.get('scores') as number[] | undefined) ?? [],
  };
  const messages: string[] = [];
  if (vocabulary.length === 0) {
    messages.push(MODEL_VALIDATION.vocabularyEmpty);
  } else if (value.scores.length > 0 && value.scores.length !== vocabulary.length) {
    messages.push(MODEL_VALIDATION.scoresLength);
  }
  return messages.length > 0 ? { ok: false, error: modelErrors.validation(messages) } : { ok: true, value };
}

/** One part of a model definition. */
export interface DefinitionPartRequest {
  model_id: string;
  part: number;
  /** The decoded length of this part, in bytes. */
  length: number;
  total_definition_length: number;
  total_parts: number;
}

const PART_PARSER: ObjectSpec = {
  name: 'put_trained_model_part_action',
  fields: [
    { names: ['definition'], type: { kind: 'string' } },
    { names: ['total_definition_length'], type: LONG },
    { names: ['total_parts'], type: { kind: 'int' } },
  ],
};

/** The length of base64 text once decoded (what Elasticsearch stores). */
export function base64Length(text: string): number {
  const clean = text.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/** `PUT _ml/trained_models/{model_id}/definition/{part}`. */
export function checkDefinitionPartRequest(
  raw: Raw & { modelId: string; part: string },
): CheckResult<DefinitionPartRequest> {
  const path = `/_ml/trained_models/${raw.modelId}/definition/${raw.part}`;
  const query = withParams(raw, ENDPOINTS.putDefinitionPart, path, () => undefined);
  if (!query.ok) {
    return query;
  }
  let part: number;
  try {
    part = parseJavaInt(raw.part);
  } catch {
    return { ok: false, error: errors.badIntParameter('part', raw.part) };
  }
  const text = requireBody(raw);
  if (text === undefined) {
    return { ok: false, error: errors.bodyRequired() };
  }
  const parsed = parseBody(text, [], PART_PARSER);
  if (!parsed.ok) {
    return parsed;
  }
  const definition = parsed.value.get('definition') as string | undefined;
  if (definition === undefined) {
    return { ok: false, error: errors.badUri(MODEL_VALIDATION.requiredField('definition')) };
  }
  const value: DefinitionPartRequest = {
    model_id: raw.modelId,
    part,
    length: base64Length(definition),
    total_definition_length: (parsed.value.get('total_definition_length') as number | undefined) ?? 0,
    total_parts: (parsed.value.get('total_parts') as number | undefined) ?? 0,
  };
  const messages: string[] = [];
  if (part < 0) {
    messages.push(MODEL_VALIDATION.partNegative);
  }
  if (value.total_parts <= 0) {
    messages.push(MODEL_VALIDATION.totalPartsPositive);
  }
  if (value.total_parts > MAX_DEFINITION_PARTS) {
    messages.push(MODEL_VALIDATION.totalPartsTooMany(MAX_DEFINITION_PARTS));
  }
  if (value.total_definition_length <= 0) {
    messages.push(MODEL_VALIDATION.totalLengthPositive);
  }
  if (part >= value.total_parts) {
    messages.push(MODEL_VALIDATION.partNotBelowTotal);
  }
  return messages.length > 0 ? { ok: false, error: modelErrors.validation(messages) } : { ok: true, value };
}

/** `DELETE _ml/trained_models/{model_id}`. */
export interface DeleteModelRequest {
  model_id: string;
  force: boolean;
  timeout: string;
}

/** Checks a delete: `force` and `timeout` (30s), no body. */
export function checkDeleteModelRequest(raw: Raw & { modelId: string }): CheckResult<DeleteModelRequest> {
  const path = `/_ml/trained_models/${raw.modelId}`;
  const checked = withParams(raw, ENDPOINTS.deleteModel, path, (p) => ({
    model_id: raw.modelId,
    force: p.boolean('force') ?? false,
    timeout: p.time('timeout') ?? '30s',
  }));
  if (checked.ok && requireBody(raw) !== undefined) {
    return { ok: false, error: errors.bodyNotSupported('DELETE', path) };
  }
  return checked;
}

/** `PUT` or `DELETE _ml/trained_models/{model_id}/model_aliases/{model_alias}`. */
export interface ModelAliasRequest {
  model_id: string;
  model_alias: string;
  reassign: boolean;
}

/** Checks an alias request; `reassign` is read on PUT only. */
export function checkModelAliasRequest(
  raw: Raw & { modelId: string; alias: string; method: 'PUT' | 'DELETE' },
): CheckResult<ModelAliasRequest> {
  const path = `/_ml/trained_models/${raw.modelId}/model_aliases/${raw.alias}`;
  const checked = withParams(
    raw,
    raw.method === 'PUT' ? ENDPOINTS.putModelAlias : ENDPOINTS.deleteModelAlias,
    path,
    (p) => ({
      model_id: raw.modelId,
      model_alias: raw.alias,
      reassign: raw.method === 'PUT' ? (p.boolean('reassign') ?? false) : false,
    }),
  );
  if (!checked.ok || raw.method === 'DELETE') {
    return checked;
  }
  const messages: string[] = [];
  if (raw.alias === raw.modelId) {
    messages.push(MODEL_VALIDATION.aliasEqualsId(raw.alias, raw.modelId));
  }
  if (!MODEL_ALIAS_PATTERN.test(raw.alias)) {
    messages.push(MODEL_VALIDATION.invalidAlias(raw.alias));
  }
  return messages.length > 0 ? { ok: false, error: modelErrors.validation(messages) } : checked;
}

/** `GET _ml/info`: no parameters of its own. */
export function checkMlInfoRequest(raw: Raw): CheckResult<Record<string, never>> {
  return withParams(raw, ENDPOINTS.mlInfo, '/_ml/info', () => ({}));
}
