// `POST _ml/trained_models/{model_id}/_infer` and the deprecated `.../deployment/_infer`, up to the
// action: the REST handlers (RestInferTrainedModelAction, RestInferTrainedModelDeploymentAction)
// and the body parser (InferModelAction.Request.PARSER with the named InferenceConfigUpdates).
// What the cluster decides next (which deployment, refusals) is in plan-infer.ts. docs/inference.md.
import { ENDPOINTS } from '../endpoints.js';
import { INFER_MESSAGES, inferErrors } from '../errors/infer-messages.js';
import { type CheckResult, parseBody, timeValueField } from './check-update-request.js';
import { readAny } from './internal/any-value.js';
import type { JsonPullParser } from './internal/json-pull-parser.js';
import { type FieldSpec, type ObjectSpec, parseObject, ValueError } from './internal/object-parser.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';
import { parseTimeValue } from './time-value.js';

/** The default inference timeout of the APIs (InferModelAction.Request.DEFAULT_TIMEOUT_FOR_API). */
export const INFER_DEFAULT_TIMEOUT = '10s';

/** An `inference_config` update: its name (the task it applies to) and its settings. */
export interface InferConfigUpdate {
  name: string;
  settings: Record<string, unknown>;
}

/** An `_infer` request after the REST layer. */
export interface InferRequest {
  /** The path's id: a model id, a model alias or a deployment id. */
  model_id: string;
  docs: Array<Record<string, unknown>>;
  update?: InferConfigUpdate | undefined;
  /** The inference timeout as sent, or the default. */
  timeout: string;
  timeout_ms: number;
  /** Sent to the deprecated `.../deployment/_infer`, which answers with a warning. */
  deprecated: boolean;
}

const anyValue = (name: string): FieldSpec => ({
  names: [name],
  type: {
    kind: 'custom',
    accepts: ['START_OBJECT', 'START_ARRAY', 'VALUE_STRING', 'VALUE_NUMBER', 'VALUE_BOOLEAN'],
    read: readAny,
  },
});
const str = (name: string): FieldSpec => ({ names: [name], type: { kind: 'string' } });
const int = (name: string): FieldSpec => ({ names: [name], type: { kind: 'int' } });
const strings = (name: string): FieldSpec => ({
  names: [name],
  type: { kind: 'custom', accepts: ['START_ARRAY'], read: readAny },
});

/** The InferenceConfigUpdate parsers by name, with the fields each declares. */
export const INFER_CONFIG_UPDATES: Readonly<Record<string, ObjectSpec>> = {
  ner: { name: 'ner', fields: [str('results_field'), anyValue('tokenization')] },
  text_classification: {
    name: 'text_classification',
    fields: [
      str('results_field'),
      int('num_top_classes'),
      strings('classification_labels'),
      anyValue('tokenization'),
    ],
  },
  zero_shot_classification: {
    name: 'zero_shot_classification',
    fields: [
      str('results_field'),
      strings('labels'),
      { names: ['multi_label'], type: { kind: 'boolean' } },
      anyValue('tokenization'),
    ],
  },
  fill_mask: {
    name: 'fill_mask',
    fields: [str('results_field'), int('num_top_classes'), anyValue('tokenization')],
  },
  question_answering: {
    name: 'question_answering',
    fields: [
      str('question'),
      str('results_field'),
      int('num_top_classes'),
      int('max_answer_length'),
      anyValue('tokenization'),
    ],
  },
  text_embedding: { name: 'text_embedding', fields: [str('results_field'), anyValue('tokenization')] },
  text_expansion: { name: 'text_expansion', fields: [str('results_field'), anyValue('tokenization')] },
  text_similarity: {
    name: 'text_similarity',
    fields: [
      str('text'),
      str('results_field'),
      str('span_score_combination_function'),
      anyValue('tokenization'),
    ],
  },
  pass_through: { name: 'pass_through', fields: [str('results_field'), anyValue('tokenization')] },
  classification: {
    name: 'classification',
    fields: [
      str('results_field'),
      int('num_top_classes'),
      str('top_classes_results_field'),
      int('num_top_feature_importance_values'),
      str('prediction_field_type'),
    ],
  },
  regression: {
    name: 'regression',
    fields: [str('results_field'), int('num_top_feature_importance_values')],
  },
};

/** `declareNamedObject`: an object of one field, named after the update. */
function readConfigUpdate(p: JsonPullParser): InferConfigUpdate {
  if (p.nextToken() !== 'FIELD_NAME') {
    throw new ValueError({
      type: 'illegal_argument_exception',
      reason: 'inference_config must name an update',
    });
  }
  const name = p.text;
  const spec = INFER_CONFIG_UPDATES[name];
  if (!spec) {
    throw new ValueError({
      type: 'named_object_not_found_exception',
      reason: `[${p.tokenLine}:${p.tokenColumn}] ${INFER_MESSAGES.unknownConfigUpdate(name)}`,
    });
  }
  p.nextToken();
  const values = parseObject(p, spec).values;
  const settings: Record<string, unknown> = {};
  for (const [k, v] of values) {
    settings[k] = v;
  }
  // The closing brace of the named object (a second name would be read as the next field).
  p.nextToken();
  return { name, settings };
}

/** InferModelAction.Request.PARSER. */
export const INFER_BODY_PARSER: ObjectSpec = {
  name: 'cluster:internal/xpack/ml/inference/infer',
  fields: [
    str('id'),
    {
      names: ['docs'],
      type: {
        kind: 'custom',
        accepts: ['START_ARRAY', 'START_OBJECT'],
        read: (p) => {
          const value = readAny(p);
          const list = Array.isArray(value) ? value : [value];
          for (const doc of list) {
            if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
              throw new ValueError({
                type: 'illegal_argument_exception',
                reason: `[${p.tokenLine}:${p.tokenColumn}] [docs] expected an object`,
              });
            }
          }
          return list;
        },
      },
    },
    timeValueField('timeout'),
    {
      names: ['inference_config'],
      type: { kind: 'custom', accepts: ['START_OBJECT'], read: readConfigUpdate },
    },
  ],
};

/** The path a message names. */
export function inferPath(modelId: string, deprecated: boolean): string {
  return `/_ml/trained_models/${modelId}/${deprecated ? 'deployment/' : ''}_infer`;
}

/** Checks an `_infer` request as the REST handler and the request's builder do, in their order. */
export function checkInferRequest(raw: {
  modelId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
  deprecated?: boolean | undefined;
}): CheckResult<InferRequest> {
  const deprecated = raw.deprecated === true;
  const params = new RestParams(
    parseQuery(raw.query),
    deprecated ? ENDPOINTS.inferTrainedModelDeployment : ENDPOINTS.inferTrainedModel,
  );
  if (raw.body === undefined || raw.body.length === 0) {
    return { ok: false, error: inferErrors.badRequest(INFER_MESSAGES.requiresBody) };
  }
  const parsed = parseBody(raw.body, [], INFER_BODY_PARSER);
  if (!parsed.ok) {
    return parsed;
  }
  const values = parsed.value;
  let timeout = (values.get('timeout') as string | undefined) ?? INFER_DEFAULT_TIMEOUT;
  try {
    timeout = params.time('timeout') ?? timeout;
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  const docs = values.get('docs') as Array<Record<string, unknown>> | undefined;
  const noDocs = { ok: false, error: inferErrors.illegalArgument(INFER_MESSAGES.docsNull) } as const;
  if (deprecated) {
    // The old handler builds the request (and checks the number of documents) before answering.
    if (docs === undefined) {
      return noDocs;
    }
    if (docs.length > 1) {
      return { ok: false, error: inferErrors.validation([INFER_MESSAGES.multipleDocs]) };
    }
  }
  const unrecognized = params.unrecognized(() => inferPath(raw.modelId, deprecated));
  if (unrecognized) {
    return { ok: false, error: unrecognized };
  }
  if (docs === undefined) {
    return noDocs;
  }
  const millis = parseTimeValue(timeout, 'timeout');
  if (!millis.ok) {
    return { ok: false, error: millis.error };
  }
  return {
    ok: true,
    value: {
      model_id: raw.modelId,
      docs,
      update: values.get('inference_config') as InferConfigUpdate | undefined,
      timeout,
      timeout_ms: millis.millis,
      deprecated,
    },
  };
}
