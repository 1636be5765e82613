import { DEFAULTS } from '../defaults.js';
import { pathFor, UPDATE_ENDPOINT } from '../endpoints.js';
import type { EsError } from '../errors/envelope.js';
import { guessParseRootCause, toCause } from '../errors/envelope.js';
import { errors } from '../errors/messages.js';
import type { AdaptiveSettings } from './adaptive-allocations.js';
import { fastUpdateBody } from './internal/fast-body.js';
import { JsonPullParser, JsonSyntaxError } from './internal/json-pull-parser.js';
import {
  type FieldSpec,
  jsonSyntaxCause,
  type ObjectSpec,
  parseObject,
  ValueError,
  XContentError,
} from './internal/object-parser.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';
import { parseTimeValue } from './time-value.js';
import type { UpdateRequest } from './update-request.js';
import { validateUpdateRequest } from './validate-update.js';

/** The raw parts of an `_update` request, as they arrive over HTTP. */
export interface RawUpdateRequest {
  /** The path's `{model_id}`, already percent-decoded. */
  modelId: string;
  /** The raw query string (with or without `?`) or parsed parameters. */
  query?: string | URLSearchParams | undefined;
  /** The raw body text; undefined or empty when there is none. */
  body?: string | undefined;
}

/** Either the request Elasticsearch would execute, or the error it would answer. */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; error: EsError };

/** The strict parser of adaptive allocations settings (`AdaptiveAllocationsSettings.PARSER`). */
export const ADAPTIVE_PARSER: ObjectSpec = {
  name: 'autoscaling_settings',
  fields: [
    { names: ['enabled'], type: { kind: 'boolean' } },
    { names: ['min_number_of_allocations'], type: { kind: 'intOrNull', nullValue: -1 } },
    { names: ['max_number_of_allocations'], type: { kind: 'intOrNull', nullValue: -1 } },
  ],
};

/** The strict body parser of `_update` (UpdateTrainedModelDeploymentAction.Request.PARSER). */
export const UPDATE_BODY_PARSER: ObjectSpec = {
  name: UPDATE_ENDPOINT.action,
  fields: [
    { names: ['model_id'], type: { kind: 'string' } },
    { names: ['number_of_allocations', 'model_threads'], type: { kind: 'int' } },
    {
      names: ['adaptive_allocations'],
      type: { kind: 'objectOrNull', parser: ADAPTIVE_PARSER, nullValue: null },
    },
    timeValueField('timeout'),
  ],
};

/**
 * A body time value declared as `declareString(… TimeValue.parseTimeValue(v, name))`: a bad value
 * fails the field, with the time value's IllegalArgumentException as the cause.
 */
export function timeValueField(name: string): FieldSpec {
  return {
    names: [name],
    type: { kind: 'string' },
    convert: (value) => {
      const parsed = parseTimeValue(value as string, name);
      if (!parsed.ok) {
        throw new ValueError(toCause(parsed.error));
      }
      return value;
    },
  };
}

/** The path Elasticsearch names in its messages for this request. */
export function updatePath(modelId: string): string {
  return pathFor(UPDATE_ENDPOINT, { model_id: modelId }, false);
}

/**
 * Checks an `_update` request as Elasticsearch's REST layer and `validate()` do, in their order,
 * without cluster state: the number as a query parameter or a body (never both), the strict body
 * parser, time values, unknown parameters, then the validation rules. Answers the request or
 * exactly the error Elasticsearch would answer.
 */
export function checkUpdateRequest(raw: RawUpdateRequest): CheckResult<UpdateRequest> {
  const params = new RestParams(parseQuery(raw.query), UPDATE_ENDPOINT);
  const hasContent = raw.body !== undefined && raw.body.length > 0;
  let contentConsumed = false;
  const request: UpdateRequest = {
    deployment_id: raw.modelId,
    source: 'body',
    timeout: DEFAULTS.update.timeout,
    master_timeout: DEFAULTS.update.master_timeout,
    warnings: [],
  };
  try {
    if (params.has('number_of_allocations')) {
      // The body is never read on this path; a body sent as well is rejected below.
      const n = params.int('number_of_allocations');
      if (n !== undefined) {
        request.number_of_allocations = n;
      }
      request.source = 'query';
    } else {
      if (!hasContent) {
        return { ok: false, error: errors.bodyRequired() };
      }
      contentConsumed = true;
      const text = raw.body ?? '';
      const fast = fastUpdateBody(text);
      const parsed = fast ? ({ ok: true, value: fast } as const) : parseBody(text, request.warnings);
      if (!parsed.ok) {
        return parsed;
      }
      const values = parsed.value;
      const bodyId = values.get('model_id') as string | undefined;
      if (bodyId !== undefined && bodyId !== raw.modelId) {
        return { ok: false, error: errors.inconsistentId('model_id', bodyId, raw.modelId) };
      }
      const n = values.get('number_of_allocations') as number | undefined;
      if (n !== undefined) {
        request.number_of_allocations = n;
      }
      if (values.has('adaptive_allocations')) {
        const adaptive = values.get('adaptive_allocations') as Map<string, unknown> | null;
        request.adaptive_allocations = adaptive === null ? null : toSettings(adaptive);
      }
    }
    request.timeout = params.time('timeout') ?? DEFAULTS.update.timeout;
    request.master_timeout = params.time('master_timeout') ?? DEFAULTS.update.master_timeout;
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  // The path appears in two messages only: built when one of them is answered.
  const unrecognized = params.unrecognized(() => updatePath(raw.modelId));
  if (unrecognized) {
    return { ok: false, error: unrecognized };
  }
  if (hasContent && !contentConsumed) {
    return { ok: false, error: errors.bodyNotSupported('POST', updatePath(raw.modelId)) };
  }
  const messages = validateUpdateRequest(request);
  if (messages.length > 0) {
    return { ok: false, error: errors.validationFailed(messages) };
  }
  return { ok: true, value: request };
}

/** Parses a body with a declared parser, turning parse failures into Elasticsearch's 400. */
export function parseBody(
  text: string,
  warnings: string[],
  spec: ObjectSpec = UPDATE_BODY_PARSER,
): CheckResult<Map<string, unknown>> {
  try {
    return { ok: true, value: parseObject(new JsonPullParser(text), spec, warnings).values };
  } catch (e) {
    if (e instanceof XContentError) {
      return {
        ok: false,
        error: e.causedBy
          ? errors.bodyParseFailed(e.message, e.causedBy, guessParseRootCause(e.toCause()))
          : errors.bodyParseFailed(e.message),
      };
    }
    if (e instanceof JsonSyntaxError) {
      const cause = jsonSyntaxCause(e);
      return { ok: false, error: errors.bodyParseFailed(cause.reason ?? '', cause.caused_by) };
    }
    throw e;
  }
}

function toSettings(values: Map<string, unknown>): AdaptiveSettings {
  const out: AdaptiveSettings = {};
  if (values.has('enabled')) {
    out.enabled = values.get('enabled') as boolean;
  }
  if (values.has('min_number_of_allocations')) {
    out.min_number_of_allocations = values.get('min_number_of_allocations') as number;
  }
  if (values.has('max_number_of_allocations')) {
    out.max_number_of_allocations = values.get('max_number_of_allocations') as number;
  }
  return out;
}
