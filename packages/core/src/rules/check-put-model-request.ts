// `PUT _ml/trained_models/{model_id}` as Elasticsearch reads it (RestPutTrainedModelAction,
// PutTrainedModelAction.Request.parseRequest, TrainedModelConfig's strict parser and
// Builder.validate(true), Request.validate). State checks (ids, aliases, deployments, packages)
// are in model-lifecycle.ts. Sources: docs/model-lifecycle.md.
import { ENDPOINTS } from '../endpoints.js';
import { errors } from '../errors/messages.js';
import { MODEL_VALIDATION, modelErrors, NLP_CONFIG_MESSAGES } from '../errors/model-messages.js';
import type { CheckResult } from './check-update-request.js';
import { parseBody } from './check-update-request.js';
import { ANY_OBJECT, LONG, STRING_ARRAY } from './internal/any-value.js';
import type { ObjectSpec } from './internal/object-parser.js';
import { ValueError } from './internal/object-parser.js';
import { ML_ID_PATTERN } from './ml-strings.js';
import { INFERENCE_CONFIG_FIELD, inferenceConfigName, isNlpTask } from './nlp-config.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';

/** The model types Elasticsearch knows (TrainedModelType). */
export const MODEL_TYPES = ['tree_ensemble', 'lang_ident', 'pytorch'] as const;
/** A model type. */
export type ModelType = (typeof MODEL_TYPES)[number];

/** Id rules (MlStrings): the pattern of valid ids and their length limit. */
export const ID_PATTERN = ML_ID_PATTERN;
/** The longest id Elasticsearch accepts. */
export const ID_LENGTH_LIMIT = 64;

const MODEL_TYPE_CLASS = 'org.elasticsearch.xpack.core.ml.inference.TrainedModelType';

/** The fields of a model configuration as PUT reads them (values as given, configs normalized). */
export interface PutModelBody {
  model_id?: string;
  model_type?: ModelType;
  created_by?: string;
  version?: string;
  description?: string;
  create_time?: unknown;
  tags: string[];
  metadata?: Record<string, unknown>;
  input?: { field_names: string[] };
  model_size_bytes?: number;
  estimated_operations?: number;
  definition?: Record<string, unknown>;
  compressed_definition?: string;
  license_level?: string;
  default_field_map?: Record<string, unknown>;
  inference_config?: Record<string, Record<string, unknown>>;
  location?: Record<string, unknown>;
  model_package?: Record<string, unknown>;
  platform_architecture?: string;
  prefix_strings?: { search?: string; ingest?: string };
}

/** A PUT request as the transport action receives it. */
export interface PutModelRequest {
  model_id: string;
  body: PutModelBody;
  defer_definition_decompression: boolean;
  wait_for_completion: boolean;
  /** True for Elastic's own models (ids starting with a dot). */
  packaged: boolean;
  /** Deprecation warnings of the body (`estimated_heap_memory_usage_bytes`). */
  warnings: string[];
}

const INPUT_PARSER: ObjectSpec = {
  name: 'trained_model_config_input',
  fields: [{ names: ['field_names'], type: STRING_ARRAY }],
};

const PREFIX_PARSER: ObjectSpec = {
  name: 'trained_model_config_prefix_strings',
  fields: [
    { names: ['search'], type: { kind: 'string' } },
    { names: ['ingest'], type: { kind: 'string' } },
  ],
};

/** TrainedModelConfig's strict parser (what PUT accepts). */
export const TRAINED_MODEL_CONFIG_PARSER: ObjectSpec = {
  name: 'trained_model_config',
  fields: [
    { names: ['model_id'], type: { kind: 'string' } },
    {
      names: ['model_type'],
      type: { kind: 'string' },
      convert: (v) => {
        const lower = String(v).toLowerCase();
        if (!(MODEL_TYPES as readonly string[]).includes(lower)) {
          throw new ValueError({
            type: 'illegal_argument_exception',
            reason: NLP_CONFIG_MESSAGES.noEnumConstant(MODEL_TYPE_CLASS, String(v)),
          });
        }
        return lower;
      },
    },
    { names: ['created_by'], type: { kind: 'string' } },
    { names: ['version'], type: { kind: 'string' } },
    { names: ['description'], type: { kind: 'string' } },
    {
      names: ['create_time'],
      type: { kind: 'custom', accepts: ['VALUE_NUMBER', 'VALUE_STRING'], read: (p) => p.text },
    },
    { names: ['tags'], type: STRING_ARRAY },
    { names: ['metadata'], type: ANY_OBJECT },
    { names: ['doc_type'], type: { kind: 'string' } },
    { names: ['input'], type: { kind: 'object', parser: INPUT_PARSER } },
    { names: ['model_size_bytes', 'estimated_heap_memory_usage_bytes'], type: LONG },
    { names: ['estimated_operations'], type: LONG },
    { names: ['definition'], type: ANY_OBJECT },
    { names: ['compressed_definition'], type: { kind: 'string' } },
    { names: ['license_level'], type: { kind: 'string' } },
    { names: ['default_field_map'], type: ANY_OBJECT },
    { names: ['inference_config'], type: INFERENCE_CONFIG_FIELD },
    { names: ['location'], type: ANY_OBJECT },
    { names: ['model_package'], type: ANY_OBJECT },
    { names: ['platform_architecture'], type: { kind: 'string' } },
    { names: ['prefix_strings'], type: { kind: 'object', parser: PREFIX_PARSER } },
  ],
};

function toBody(values: Map<string, unknown>): PutModelBody {
  const body: PutModelBody = { tags: (values.get('tags') as string[] | undefined) ?? [] };
  for (const [key, value] of values) {
    if (key === 'tags' || key === 'doc_type') {
      continue;
    }
    if (key === 'input' || key === 'prefix_strings') {
      (body as unknown as Record<string, unknown>)[key] = Object.fromEntries(value as Map<string, unknown>);
      continue;
    }
    (body as unknown as Record<string, unknown>)[key] = value;
  }
  if (body.input && body.input.field_names === undefined) {
    body.input.field_names = [];
  }
  return body;
}

/** True when `id` is a valid model id (MlStrings.isValidId). */
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** TrainedModelConfig.Builder.validate(true): the messages, in Elasticsearch's order. */
export function validateModelConfig(id: string, body: PutModelBody): string[] {
  const out: string[] = [];
  const packaged = id.startsWith('.');
  if (!packaged) {
    if (body.definition !== undefined && body.location !== undefined) {
      out.push(MODEL_VALIDATION.definitionAndLocation);
    }
    const hasDefinition = body.definition !== undefined || body.compressed_definition !== undefined;
    if (!hasDefinition && body.model_type === undefined) {
      out.push(MODEL_VALIDATION.modelTypeRequired);
    }
    if (body.inference_config === undefined) {
      out.push(MODEL_VALIDATION.inferenceConfigRequired);
    }
    if (!isValidId(id)) {
      out.push(MODEL_VALIDATION.invalidId('model_id', id));
    }
  } else {
    const rest = id.slice(1).replace(/_SNAPSHOT$/, '');
    if (!isValidId(rest)) {
      out.push(MODEL_VALIDATION.invalidPackageId('model_id', id));
    }
  }
  if (id.length > ID_LENGTH_LIMIT) {
    out.push(MODEL_VALIDATION.idTooLong('model_id', id, ID_LENGTH_LIMIT));
  }
  const badTags = body.tags.filter((t) => !isValidId(t) || t.length > ID_LENGTH_LIMIT);
  if (badTags.length > 0) {
    out.push(MODEL_VALIDATION.invalidTags(badTags, ID_LENGTH_LIMIT));
  }
  if (body.tags.includes(id)) {
    out.push(MODEL_VALIDATION.tagEqualsModelId);
  }
  const input = body.input;
  if (input) {
    if (input.field_names.length === 0) {
      out.push(MODEL_VALIDATION.fieldNamesEmpty);
    }
    if (input.field_names.some((f) => f.includes('.') && f.split('.').some((part) => part === ''))) {
      out.push(MODEL_VALIDATION.fieldNamesDots);
    }
    if (isNlpTask(inferenceConfigName(body.inference_config) ?? '') && input.field_names.length > 1) {
      out.push(MODEL_VALIDATION.fieldNamesOneForNlp);
    }
  }
  const illegal: Array<[unknown, string]> = [
    [body.version, 'version'],
    [body.created_by, 'created_by'],
    [body.create_time, 'create_time'],
    [body.license_level, 'license_level'],
    [body.location, 'location'],
    [body.metadata?.total_feature_importance, 'metadata.total_feature_importance'],
    [body.metadata?.model_aliases, 'metadata.model_aliases'],
    [body.model_package, 'model_package'],
  ];
  for (const [value, name] of illegal) {
    if (value !== undefined) {
      out.push(MODEL_VALIDATION.illegalAtCreation(name));
    }
  }
  return out;
}

/**
 * TrainedModelConfig.Builder.validateNoPackageOverrides: what a request for one of Elastic's own
 * models may not set (the package defines it).
 */
export function validatePackageOverrides(body: PutModelBody): string[] {
  const out: string[] = [];
  const fields: Array<[unknown, string]> = [
    [body.description, 'description'],
    [body.definition ?? body.compressed_definition, 'definition'],
    [body.model_type, 'model_type'],
    [body.metadata, 'metadata'],
    [
      body.model_size_bytes !== undefined && body.model_size_bytes > 0 ? body.model_size_bytes : undefined,
      'model_size_bytes',
    ],
    [body.inference_config, 'inference_config'],
  ];
  for (const [value, name] of fields) {
    if (value !== undefined) {
      out.push(MODEL_VALIDATION.illegalForPackage(name));
    }
  }
  if (body.tags.length > 0) {
    out.push(MODEL_VALIDATION.illegalForPackage('tags'));
  }
  return out;
}

/** Checks a PUT trained model request: query, body, the config's and the request's validation. */
export function checkPutModelRequest(raw: {
  modelId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}): CheckResult<PutModelRequest> {
  const params = new RestParams(parseQuery(raw.query), ENDPOINTS.putModel);
  let defer: boolean;
  let wait: boolean;
  try {
    defer = params.boolean('defer_definition_decompression') ?? false;
    wait = params.boolean('wait_for_completion') ?? false;
    params.time('timeout');
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  const unrecognized = params.unrecognized(`/_ml/trained_models/${raw.modelId}`);
  if (unrecognized) {
    return { ok: false, error: unrecognized };
  }
  if (raw.body === undefined || raw.body.trim().length === 0) {
    return { ok: false, error: errors.bodyRequired() };
  }
  const warnings: string[] = [];
  const parsed = parseBody(raw.body, warnings, TRAINED_MODEL_CONFIG_PARSER);
  if (!parsed.ok) {
    return parsed;
  }
  const values = parsed.value;
  if (values.has('definition') && values.has('compressed_definition')) {
    return {
      ok: false,
      error: errors.bodyParseFailed(MODEL_VALIDATION.bothDefinitions),
    };
  }
  const body = toBody(values);
  if (body.model_id !== undefined && body.model_id !== raw.modelId) {
    return { ok: false, error: errors.inconsistentStopId(body.model_id, raw.modelId) };
  }
  const messages = validateModelConfig(raw.modelId, body);
  if (messages.length > 0) {
    return { ok: false, error: modelErrors.validation(messages) };
  }
  if (defer && (body.model_size_bytes ?? 0) === 0 && body.compressed_definition !== undefined) {
    return { ok: false, error: modelErrors.validation([MODEL_VALIDATION.deferNeedsSize]) };
  }
  return {
    ok: true,
    value: {
      model_id: raw.modelId,
      body,
      defer_definition_decompression: defer,
      wait_for_completion: wait,
      packaged: raw.modelId.startsWith('.'),
      warnings,
    },
  };
}
