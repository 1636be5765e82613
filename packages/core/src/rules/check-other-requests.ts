import { DEFAULTS } from '../defaults.js';
import { MODELS_ENDPOINT, pathFor, STATS_ENDPOINT, STOP_ENDPOINT } from '../endpoints.js';
import { errors, OTHER_MESSAGES, VALIDATION_MESSAGES } from '../errors/messages.js';
import { type CheckResult, parseBody } from './check-update-request.js';
import type { ObjectSpec } from './internal/object-parser.js';
import { javaCollectionString, javaHashSetOrder } from './java-hash-set-order.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';

/** A `_stop` request as the server understands it. */
export interface StopRequest {
  deployment_id: string;
  allow_no_match: boolean;
  force: boolean;
}

/** The strict body parser of `_stop` (StopTrainedModelDeploymentAction.Request.PARSER). */
export const STOP_BODY_PARSER: ObjectSpec = {
  name: STOP_ENDPOINT.action,
  fields: [
    { names: ['model_id'], type: { kind: 'string' } },
    { names: ['allow_no_match'], type: { kind: 'boolean' } },
    { names: ['force'], type: { kind: 'boolean' } },
  ],
};

/**
 * Checks a `_stop` request: with a body, the body's `allow_no_match` and `force` are used and
 * query parameters are not read (so they are rejected as unrecognized); without one, the query's.
 */
export function checkStopRequest(raw: {
  modelId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}): CheckResult<StopRequest> {
  const params = new RestParams(parseQuery(raw.query), STOP_ENDPOINT);
  const value: StopRequest = { deployment_id: raw.modelId, ...DEFAULTS.stop };
  try {
    if (raw.body !== undefined && raw.body.length > 0) {
      const parsed = parseBody(raw.body, [], STOP_BODY_PARSER);
      if (!parsed.ok) {
        return parsed;
      }
      const id = parsed.value.get('model_id') as string | undefined;
      if (id !== undefined && id !== raw.modelId) {
        return { ok: false, error: errors.inconsistentStopId(id, raw.modelId) };
      }
      value.allow_no_match =
        (parsed.value.get('allow_no_match') as boolean | undefined) ?? DEFAULTS.stop.allow_no_match;
      value.force = (parsed.value.get('force') as boolean | undefined) ?? DEFAULTS.stop.force;
    } else {
      value.allow_no_match = params.boolean('allow_no_match') ?? DEFAULTS.stop.allow_no_match;
      value.force = params.boolean('force') ?? DEFAULTS.stop.force;
    }
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  const unrecognized = params.unrecognized(pathFor(STOP_ENDPOINT, { model_id: raw.modelId }, false));
  return unrecognized ? { ok: false, error: unrecognized } : { ok: true, value };
}

/** A get-stats or get-models request: ids (comma list, wildcards) and paging. */
export interface ListRequest {
  /** Id expressions; empty means all. */
  ids: string[];
  allow_no_match: boolean;
  from: number;
  size: number;
  /** `include` values of GET models (`GetTrainedModelsAction.Includes`); empty for stats. */
  include: string[];
  /** Tags a model must all have (GET models). */
  tags: string[];
  /** `exclude_generated`: the config without the fields the server generates (GET models). */
  exclude_generated: boolean;
  /** Deprecation warnings to send back. */
  warnings: string[];
}

/** `GetTrainedModelsAction.Includes`' known values, in the order the set is built. */
export const MODEL_INCLUDES = [
  'definition',
  'total_feature_importance',
  'feature_importance_baseline',
  'hyperparameters',
  'definition_status',
] as const;

/** The deprecation warning of `include_model_definition` (read before 9.0, refused from 9.0). */
export const INCLUDE_MODEL_DEFINITION_WARNING = OTHER_MESSAGES.includeModelDefinitionDeprecated;

/**
 * Checks `GET _ml/trained_models[/{id}]/_stats` (`kind: 'stats'`) or `GET _ml/trained_models[/{id}]`
 * (`kind: 'models'`) in RestGetTrainedModelsAction's order: `tags`, `include` (an unknown value is a
 * 400 before anything else is read), `from`/`size`, `allow_no_match`; unknown parameters rejected.
 * `include_model_definition` is read as 8.x reads it; from 9.0 `versionRefusal` refuses it.
 */
export function checkListRequest(raw: {
  kind: 'stats' | 'models';
  modelId?: string | undefined;
  query?: string | URLSearchParams | undefined;
}): CheckResult<ListRequest> {
  const endpoint = raw.kind === 'stats' ? STATS_ENDPOINT : MODELS_ENDPOINT;
  const params = new RestParams(
    parseQuery(raw.query),
    endpoint,
    raw.modelId === undefined ? [] : ['model_id'],
  );
  const path = pathFor(endpoint, { model_id: raw.modelId }, false);
  try {
    const value: ListRequest = {
      ids:
        raw.modelId === undefined || raw.modelId === '_all' || raw.modelId === '*'
          ? []
          : raw.modelId.split(','),
      allow_no_match: DEFAULTS.list.allow_no_match,
      from: DEFAULTS.list.from,
      size: DEFAULTS.list.size,
      include: [],
      tags: [],
      exclude_generated: false,
      warnings: [],
    };
    if (raw.kind === 'models') {
      value.tags = stringArray(params.string('tags'));
      const includes = javaHashSetOrder(stringArray(params.string('include')));
      if (params.has('include_model_definition')) {
        value.warnings.push(INCLUDE_MODEL_DEFINITION_WARNING);
        value.include = params.boolean('include_model_definition') === true ? ['definition'] : [];
      } else {
        const unknown = includes.filter((i) => !(MODEL_INCLUDES as readonly string[]).includes(i));
        if (unknown.length > 0) {
          // Sets.difference collects into a new HashSet; KNOWN_INCLUDES is a HashSet of five.
          return {
            ok: false,
            error: errors.unknownIncludes(
              javaCollectionString(javaHashSetOrder(unknown)),
              javaCollectionString(javaHashSetOrder(MODEL_INCLUDES, 5, 1)),
            ),
          };
        }
        value.include = includes;
      }
    }
    value.from = params.int('from') ?? DEFAULTS.list.from;
    value.size = params.int('size') ?? DEFAULTS.list.size;
    value.allow_no_match = params.boolean('allow_no_match') ?? DEFAULTS.list.allow_no_match;
    if (raw.kind === 'models') {
      // Response parameters, read when the answer is written.
      params.boolean('decompress_definition');
      value.exclude_generated = params.boolean('exclude_generated') ?? false;
    }
    const unrecognized = params.unrecognized(path);
    if (unrecognized) {
      return { ok: false, error: unrecognized };
    }
    const paging: string[] = [];
    if (value.from < 0) {
      paging.push(VALIDATION_MESSAGES.fromNegative);
    }
    if (value.size < 0) {
      paging.push(VALIDATION_MESSAGES.sizeNegative);
    }
    if (paging.length > 0) {
      return { ok: false, error: errors.validationFailed(paging) };
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
}

/** `paramAsStringArray`: split on commas, nothing trimmed; an absent or empty value is no values. */
function stringArray(value: string | undefined): string[] {
  return value === undefined || value.length === 0 ? [] : value.split(',');
}

/** True when `id` matches an id expression (`*` wildcards, as Elasticsearch's simple match). */
export function matchesIdExpression(expression: string, id: string): boolean {
  if (!expression.includes('*')) {
    return expression === id;
  }
  const pattern = expression
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(id);
}
