// The `@mldeploy/core/endpoints` entry: every endpoint mldeploy knows, as plain data (no TypeBox, no
// AJV), and the one function that turns an endpoint and its input into the request on the wire.
// Each endpoint is defined once, in a module of src/endpoints/; the generator writes this entry's
// table from those definitions (endpoints/table.generated.ts). The client, the CLI's --dry-run,
// the console's preview and the mock's route table all derive from this module; `ROUTES`
// (routes.ts) is the same definitions with their schemas. See docs/architecture.md.
import type { EndpointSpec, HttpMethod } from './endpoint-spec.js';
import { ENDPOINTS } from './endpoints/table.generated.js';

export type {
  BodyMode,
  EndpointEffect,
  EndpointSpec,
  HttpMethod,
  QueryParamSpec,
} from './endpoint-spec.js';
export { ENDPOINTS };

/** POST /_ml/trained_models/{model_id}/deployment/_update */
export const UPDATE_ENDPOINT = ENDPOINTS.update;
/** POST /_ml/trained_models/{model_id}/deployment/_start */
export const START_ENDPOINT = ENDPOINTS.start;
/** POST /_ml/trained_models/{model_id}/deployment/_stop */
export const STOP_ENDPOINT = ENDPOINTS.stop;
/** GET /_ml/trained_models/{model_id}/_stats and GET /_ml/trained_models/_stats */
export const STATS_ENDPOINT = ENDPOINTS.stats;
/** GET /_ml/trained_models/{model_id} and GET /_ml/trained_models */
export const MODELS_ENDPOINT = ENDPOINTS.models;
/** GET / */
export const INFO_ENDPOINT = ENDPOINTS.info;
/** PUT /_inference/{task_type}/{inference_id}/_update and PUT /_inference/{inference_id}/_update */
export const INFERENCE_UPDATE_ENDPOINT = ENDPOINTS.inferenceUpdate;

/** An endpoint's short key, e.g. `update`. */
export type EndpointKey = keyof typeof ENDPOINTS;

/** Every endpoint key, in the table's order. */
export const ENDPOINT_KEYS = Object.keys(ENDPOINTS) as EndpointKey[];

/** The methods an endpoint answers: its own, then the ones it also answers (`HEAD /`). */
export function methodsOf(endpoint: EndpointSpec): readonly string[] {
  return [endpoint.method, ...(endpoint.alsoAnswers ?? [])];
}

/** The query parameters an endpoint reads, as a union of names: `QueryParamOf<typeof UPDATE_ENDPOINT>`. */
export type QueryParamOf<E extends EndpointSpec> = E['queryParams'][number];

/** A query value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/** What {@link buildRequest} takes. */
export interface RequestInput {
  /** Path parameters; a template is chosen whose parameters are all given. */
  readonly params?: Readonly<Record<string, string | undefined>>;
  /** Query parameters, written in this order. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body: a value to serialise, or text sent as it is. */
  readonly body?: unknown;
}

/** One request as it goes on the wire. */
export interface BuiltRequest {
  readonly method: HttpMethod;
  /** The path, percent-encoded, without the query. */
  readonly path: string;
  /** The query string without `?` (empty when there is none). */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body text, or undefined when there is none. */
  readonly body: string | undefined;
  /** The route template, e.g. `POST /_ml/trained_models/{model_id}/deployment/_update`. */
  readonly route: string;
}

const PARAM = /\{([a-z_]+)\}/g;

/** The parameter names of each template, computed once (paths are built on every request). */
const templateParams = new Map<string, readonly string[]>();

function paramsOf(template: string): readonly string[] {
  let names = templateParams.get(template);
  if (names === undefined) {
    names = [...template.matchAll(PARAM)].map((m) => m[1] as string);
    templateParams.set(template, names);
  }
  return names;
}

/** The first template of the endpoint whose path parameters are all given. */
export function templateFor(
  endpoint: EndpointSpec,
  params: Readonly<Record<string, string | undefined>> = {},
): string {
  for (const template of endpoint.paths) {
    if (paramsOf(template).every((name) => params[name] !== undefined)) {
      return template;
    }
  }
  throw new TypeError(`${endpoint.name}: no path template fits the parameters given`);
}

/**
 * The path for the endpoint and parameters. Ids are percent-encoded (`encodeURIComponent`) unless
 * `encode` is false: Elasticsearch's messages name the decoded path.
 */
export function pathFor(
  endpoint: EndpointSpec,
  params: Readonly<Record<string, string | undefined>> = {},
  encode = true,
): string {
  return templateFor(endpoint, params).replace(PARAM, (_, name: string) => {
    const value = params[name] as string;
    return encode ? encodeURIComponent(value) : value;
  });
}

/** A query string from ordered parameters, skipping undefined ones. */
export function queryString(query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(key, String(value));
    }
  }
  return params.toString();
}

/** Turns an endpoint and its input into the request on the wire. Pure; checks nothing. */
export function buildRequest(endpoint: EndpointSpec, input: RequestInput = {}): BuiltRequest {
  const template = templateFor(endpoint, input.params);
  const body =
    input.body === undefined
      ? undefined
      : typeof input.body === 'string'
        ? input.body
        : JSON.stringify(input.body);
  return {
    method: endpoint.method,
    path: pathFor(endpoint, input.params),
    query: queryString(input.query),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
    route: `${endpoint.method} ${template}`,
  };
}

/** What {@link matchEndpoint} found. */
export interface EndpointMatch {
  readonly key: EndpointKey;
  readonly endpoint: EndpointSpec;
  readonly template: string;
  /** Path parameters, percent-decoded. */
  readonly params: Record<string, string>;
}

interface Compiled {
  key: EndpointKey;
  endpoint: EndpointSpec;
  template: string;
  names: readonly string[];
  regex: RegExp;
}

let compiled: Compiled[] | undefined;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compile(): Compiled[] {
  compiled ??= (Object.keys(ENDPOINTS) as EndpointKey[]).flatMap((key) =>
    ENDPOINTS[key].paths.map((template) => ({
      key,
      endpoint: ENDPOINTS[key] as EndpointSpec,
      template,
      names: paramsOf(template),
      regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(PARAM, '([^/]+)')}/?$`),
    })),
  );
  return compiled;
}

/**
 * The endpoint whose template matches a path (without query); literal segments win over
 * parameters (`/_ml/trained_models/_stats` is stats, not a model named `_stats`). Where endpoints
 * share a template (GET, PUT and DELETE of `/_ml/trained_models/{model_id}`), the one answering
 * `method` wins, else the first.
 */
export function matchEndpoint(path: string, method?: string): EndpointMatch | undefined {
  let best: EndpointMatch | undefined;
  let bestParams = Number.POSITIVE_INFINITY;
  for (const c of compile()) {
    if (c.names.length > bestParams) {
      continue;
    }
    const m = c.regex.exec(path);
    if (m === null) {
      continue;
    }
    const sameTemplate = best !== undefined && c.names.length === bestParams && c.template === best.template;
    if (best !== undefined && c.names.length === bestParams) {
      // Another endpoint of the same template: take it only when it answers the method.
      if (!sameTemplate || method === undefined || methodsOf(best.endpoint).includes(method)) {
        continue;
      }
      if (!methodsOf(c.endpoint).includes(method)) {
        continue;
      }
    }
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] as string);
    });
    best = { key: c.key, endpoint: c.endpoint, template: c.template, params };
    bestParams = c.names.length;
  }
  return best;
}

/** Every method some endpoint answers on a template (the `Allow` of a 405), in table order. */
export function methodsOfTemplate(template: string): string[] {
  const out: string[] = [];
  for (const c of compile()) {
    if (c.template === template) {
      for (const m of methodsOf(c.endpoint)) {
        if (!out.includes(m)) {
          out.push(m);
        }
      }
    }
  }
  return out;
}
