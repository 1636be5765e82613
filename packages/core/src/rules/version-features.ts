// What a server of a given version does not know yet (docs/versions.md): the mock asks this after
// the request passed core's checks of the newest version, so an older server answers as it would.
import { ENDPOINTS, type EndpointKey, pathFor } from '../endpoints.js';
import type { EsError } from '../errors/envelope.js';
import { errors, PARSER_MESSAGES, VALIDATION_MESSAGES } from '../errors/messages.js';
import { compareVersions, supports } from '../versions.js';
import { suggestions } from './internal/levenshtein.js';
import { ALWAYS_SUPPORTED_PARAMS, parseQuery } from './rest-params.js';

/** The request as it arrived, for {@link versionRefusal}. */
export interface VersionedRequest {
  readonly key: EndpointKey;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: string;
  /** The body as JSON text (after YAML conversion), if any. */
  readonly body: string | undefined;
}

const UPDATE_PARSER = ENDPOINTS.update.action;
const START_PARSER = ENDPOINTS.start.action;

/**
 * The answer of a server of `version` that lacks a feature the request uses, or undefined:
 * an endpoint that did not exist is `no handler found` (400); `_update`'s query number before 8.15
 * is an unrecognized parameter; `adaptive_allocations` before 8.15 an unknown body field; a
 * minimum of 0 before 8.16 fails validation [inferred message]. One way round: from 9.0, GET
 * trained models' `include_model_definition` is an unrecognized parameter.
 */
export function versionRefusal(version: string, request: VersionedRequest): EsError | undefined {
  const endpoint = ENDPOINTS[request.key];
  if (compareVersions(version, endpoint.since) < 0) {
    return errors.noHandler(request.path, request.method);
  }
  // The one parameter a newer server refuses: GET trained models' include_model_definition (9.0).
  if (
    request.key === 'models' &&
    supports(version, 'includeModelDefinitionRemoved') &&
    parseQuery(request.query).has('include_model_definition')
  ) {
    const modelId = request.params.model_id;
    const read = [
      ...ENDPOINTS.models.queryParams.filter((p) => p !== 'include_model_definition'),
      ...ALWAYS_SUPPORTED_PARAMS,
      ...(modelId === undefined ? [] : ['model_id']),
    ];
    return errors.unrecognizedParameterList(pathFor(ENDPOINTS.models, { model_id: modelId }, false), [
      { name: 'include_model_definition', suggestions: suggestions('include_model_definition', read) },
    ]);
  }
  // A server that has every feature below refuses nothing more: no need to read the body again.
  if (
    supports(version, 'scaleToZero') &&
    supports(version, 'adaptiveAllocations') &&
    supports(version, 'updateQueryParameter')
  ) {
    return undefined;
  }
  let body: unknown;
  if (request.body !== undefined) {
    try {
      body = JSON.parse(request.body);
    } catch {
      return undefined;
    }
  }
  const adaptive =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>).adaptive_allocations
      : undefined;
  const hasAdaptive =
    typeof body === 'object' && body !== null && !Array.isArray(body) && 'adaptive_allocations' in body;
  if (request.key === 'update') {
    const query = parseQuery(request.query);
    if (!supports(version, 'updateQueryParameter') && query.has('number_of_allocations')) {
      return errors.unrecognizedParameterList(
        pathFor(ENDPOINTS.update, { model_id: request.params.model_id ?? '' }, false),
        [{ name: 'number_of_allocations', suggestions: [] }],
      );
    }
  }
  if ((request.key === 'update' || request.key === 'start') && hasAdaptive) {
    if (!supports(version, 'adaptiveAllocations')) {
      const parser = request.key === 'update' ? UPDATE_PARSER : START_PARSER;
      const column = (request.body ?? '').indexOf('"adaptive_allocations"') + 1;
      return errors.bodyParseFailed(
        `[1:${Math.max(column, 1)}] ${PARSER_MESSAGES.unknownField(parser, 'adaptive_allocations', [])}`,
      );
    }
    const min =
      typeof adaptive === 'object' && adaptive !== null
        ? (adaptive as Record<string, unknown>).min_number_of_allocations
        : undefined;
    if (!supports(version, 'scaleToZero') && min === 0) {
      return errors.validationFailed([VALIDATION_MESSAGES.minPositiveBeforeScaleToZero]);
    }
  }
  return undefined;
}
