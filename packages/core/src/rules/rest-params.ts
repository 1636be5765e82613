// The REST layer's handling of query parameters (RestRequest and BaseRestHandler): parameters
// are "consumed" as the handler reads them, and whatever is left is rejected with a
// "did you mean" list drawn from the consumed ones and the always-allowed response parameters.
import type { EndpointSpec } from '../endpoint-spec.js';
import type { EsError } from '../errors/envelope.js';
import { errors } from '../errors/messages.js';
import { ControlFlowError } from './internal/control-flow-error.js';
import { parseJavaInt, parseStrictBoolean } from './internal/java.js';
import { suggestions } from './internal/levenshtein.js';
import { parseTimeValue } from './time-value.js';

/** Parameters every handler accepts (BaseRestHandler's always-supported set, plus error_trace). */
export const ALWAYS_SUPPORTED_PARAMS = ['error_trace', 'filter_path', 'format', 'human', 'pretty'] as const;

/** Thrown by {@link RestParams} readers; carries the Elasticsearch error. */
export class RestParamError extends ControlFlowError {
  constructor(readonly error: EsError) {
    super(typeof error.body.error === 'string' ? error.body.error : (error.body.error.reason ?? ''));
  }
}

/** Decodes a raw query string the way Elasticsearch does (`+` is a space; the last value wins). */
export function parseQuery(query: string | URLSearchParams | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (query === undefined || query === '' || query === '?') {
    return out;
  }
  const params =
    typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
  for (const [key, value] of params) {
    out.set(key, value);
  }
  return out;
}

/**
 * A request's query parameters, tracking which ones the handler consumed. A handler reads only
 * the parameters its endpoint's data declares (`EndpointSpec.query`, from the definition's query
 * schema): reading another is a bug in core, thrown as such, so the data and the checks cannot
 * drift (test/endpoint-query-params.test.ts).
 */
export class RestParams {
  private readonly consumed = new Set<string>();

  /**
   * `pathParams` are the path parameters the request's template holds (they are "consumed" too,
   * for the did-you-mean list); by default, all of the endpoint's.
   */
  constructor(
    private readonly params: Map<string, string>,
    private readonly endpoint: EndpointSpec,
    pathParams: readonly string[] = endpoint.pathParams,
  ) {
    for (const name of pathParams) {
      this.consumed.add(name);
    }
  }

  /** True if the parameter is present (does not consume it). */
  has(name: string): boolean {
    return this.params.has(name);
  }

  /** Reads (and consumes) a string parameter. */
  string(name: string): string | undefined {
    if (!Object.hasOwn(this.endpoint.query, name)) {
      throw new TypeError(
        `${this.endpoint.name} reads query parameter [${name}], which its definition omits`,
      );
    }
    this.consumed.add(name);
    return this.params.get(name);
  }

  /** `paramAsInt`: Java's Integer.parseInt, or 400 "Failed to parse int parameter". */
  int(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) {
      return undefined;
    }
    try {
      return parseJavaInt(raw);
    } catch {
      throw new RestParamError(errors.badIntParameter(name, raw));
    }
  }

  /** `paramAsBoolean`: an empty value is true; otherwise only "true" or "false". */
  boolean(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) {
      return undefined;
    }
    if (raw.length === 0) {
      return true;
    }
    try {
      return parseStrictBoolean(raw);
    } catch {
      throw new RestParamError(errors.badBooleanParameter(raw));
    }
  }

  /** `paramAsTime`: Elasticsearch's time values; returns the raw text when valid. */
  time(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) {
      return undefined;
    }
    const parsed = parseTimeValue(raw, name);
    if (!parsed.ok) {
      throw new RestParamError(parsed.error);
    }
    return raw;
  }

  /** The "unrecognized parameter" error for what was not consumed, or undefined. */
  unrecognized(path: string | (() => string)): EsError | undefined {
    if (this.params.size === 0) {
      return undefined;
    }
    const allowed = new Set<string>([...this.consumed, ...ALWAYS_SUPPORTED_PARAMS]);
    const invalid = [...this.params.keys()].filter((k) => !allowed.has(k)).sort();
    if (invalid.length === 0) {
      return undefined;
    }
    return errors.unrecognizedParameterList(
      typeof path === 'string' ? path : path(),
      invalid.map((name) => ({ name, suggestions: suggestions(name, allowed) })),
    );
  }
}

/**
 * Reads a request's query with `read` and then refuses what it left unconsumed, as the REST layer
 * does after the handler ran; a reader's own refusal (a {@link RestParamError}) is the answer too.
 */
export function readQuery<T>(
  params: RestParams,
  path: string,
  read: (p: RestParams) => T,
): { ok: true; value: T } | { ok: false; error: EsError } {
  try {
    const value = read(params);
    const unrecognized = params.unrecognized(path);
    return unrecognized ? { ok: false, error: unrecognized } : { ok: true, value };
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
}
