// The check of an endpoint whose request is its path and query alone (no body): every query
// parameter its data declares is read by its type, as BaseRestHandler reads them, then what was
// not read is refused, then a body is refused. Endpoints with rules of their own have a check of
// their own (check-update-request.ts, ...); a new endpoint without any needs nothing but its data.
import type { EndpointSpec } from '../endpoint-spec.js';
import { pathFor } from '../endpoints.js';
import { errors } from '../errors/messages.js';
import type { CheckResult } from './check-update-request.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';

/** A request of an endpoint, as the server received it. */
export interface RawEndpointRequest {
  readonly method?: string | undefined;
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query?: string | URLSearchParams | undefined;
  readonly body?: string | undefined;
}

/** What {@link checkPlainRequest} answers: the path parameters and the query values read. */
export interface PlainRequest {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** Checks a request of an endpoint without rules of its own; 400 as Elasticsearch's REST layer answers. */
export function checkPlainRequest(
  endpoint: EndpointSpec,
  raw: RawEndpointRequest,
): CheckResult<PlainRequest> {
  const given = endpoint.pathParams.filter((name) => raw.params[name] !== undefined);
  const params = new RestParams(parseQuery(raw.query), endpoint, given);
  const query: Record<string, string | number | boolean | undefined> = {};
  try {
    for (const [name, spec] of Object.entries(endpoint.query)) {
      query[name] =
        spec.type === 'boolean'
          ? params.boolean(name)
          : spec.type === 'integer'
            ? params.int(name)
            : params.string(name);
    }
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  const path = pathFor(endpoint, raw.params, false);
  const unrecognized = params.unrecognized(path);
  if (unrecognized) {
    return { ok: false, error: unrecognized };
  }
  if (endpoint.bodyMode === 'none' && raw.body !== undefined && raw.body.length > 0) {
    return { ok: false, error: errors.bodyNotSupported(raw.method ?? endpoint.method, path) };
  }
  return { ok: true, value: { params: raw.params, query } };
}
