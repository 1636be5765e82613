// The `@mldeploy/core/endpoints` entry: every endpoint mldeploy knows, as plain data (no TypeBox, no
// AJV), and the one function that turns an endpoint and its input into the request on the wire.
// The client, the CLI's --dry-run, the console's preview and the mock's route table all derive
// from this module; `ROUTES` (routes.ts) adds the schemas to the same records.
// See docs/architecture.md ("The contract as data").

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** How an endpoint reads a body. */
export type BodyMode = 'required-unless-query' | 'optional' | 'none';

/** One endpoint, as data. */
export interface EndpointSpec {
  /** The rest-spec name, e.g. `ml.update_trained_model_deployment`. */
  readonly name: string;
  readonly summary: string;
  readonly method: HttpMethod;
  /** Path templates (`{name}` for a path parameter); the first is canonical. */
  readonly paths: readonly string[];
  /** The path parameters any template may hold. */
  readonly pathParams: readonly string[];
  /** The query parameters the endpoint reads (besides the always-supported ones). */
  readonly queryParams: readonly string[];
  readonly bodyMode: BodyMode;
  /** Cluster privileges that grant the action (in the 403 message's order). */
  readonly privileges: readonly string[];
  /** The transport action name, as 403 messages and parser names spell it. */
  readonly action: string;
  /** The first Elasticsearch version with this endpoint. */
  readonly since: string;
}

/** POST /_ml/trained_models/{model_id}/deployment/_update */
export const UPDATE_ENDPOINT = {
  name: 'ml.update_trained_model_deployment',
  summary: 'Update a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_update'],
  pathParams: ['model_id'],
  queryParams: ['number_of_allocations', 'timeout', 'master_timeout'],
  bodyMode: 'required-unless-query',
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/update',
  since: '8.6.0',
} as const satisfies EndpointSpec;

/** POST /_ml/trained_models/{model_id}/deployment/_start */
export const START_ENDPOINT = {
  name: 'ml.start_trained_model_deployment',
  summary: 'Start a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_start'],
  pathParams: ['model_id'],
  queryParams: [
    'cache_size',
    'deployment_id',
    'number_of_allocations',
    'priority',
    'queue_capacity',
    'threads_per_allocation',
    'timeout',
    'wait_for',
  ],
  bodyMode: 'optional',
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/start',
  since: '8.0.0',
} as const satisfies EndpointSpec;

/** POST /_ml/trained_models/{model_id}/deployment/_stop */
export const STOP_ENDPOINT = {
  name: 'ml.stop_trained_model_deployment',
  summary: 'Stop a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_stop'],
  pathParams: ['model_id'],
  queryParams: ['allow_no_match', 'force'],
  bodyMode: 'optional',
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/stop',
  since: '8.0.0',
} as const satisfies EndpointSpec;

/** GET /_ml/trained_models/{model_id}/_stats and GET /_ml/trained_models/_stats */
export const STATS_ENDPOINT = {
  name: 'ml.get_trained_models_stats',
  summary: 'Get trained models usage info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}/_stats', '/_ml/trained_models/_stats'],
  pathParams: ['model_id'],
  queryParams: ['allow_no_match', 'from', 'size'],
  bodyMode: 'none',
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/stats/get',
  since: '7.10.0',
} as const satisfies EndpointSpec;

/** GET /_ml/trained_models/{model_id} and GET /_ml/trained_models */
export const MODELS_ENDPOINT = {
  name: 'ml.get_trained_models',
  summary: 'Get trained model configuration info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}', '/_ml/trained_models'],
  pathParams: ['model_id'],
  queryParams: [
    'allow_no_match',
    'decompress_definition',
    'exclude_generated',
    'from',
    'include',
    'include_model_definition',
    'size',
    'tags',
  ],
  bodyMode: 'none',
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/get',
  since: '7.10.0',
} as const satisfies EndpointSpec;

/** GET / */
export const INFO_ENDPOINT = {
  name: 'info',
  summary: 'Get cluster info',
  method: 'GET',
  paths: ['/'],
  pathParams: [],
  queryParams: [],
  bodyMode: 'none',
  privileges: ['monitor', 'manage', 'all'],
  action: 'cluster:monitor/main',
  since: '0.0.0',
} as const satisfies EndpointSpec;

/**
 * PUT /_inference/{task_type}/{inference_id}/_update and PUT /_inference/{inference_id}/_update:
 * the inference API's remedy for a deployment an inference endpoint owns (docs/rules.md,
 * "Inference endpoint `_update`"). Since 8.16 [inferred from the API's history].
 */
export const INFERENCE_UPDATE_ENDPOINT = {
  name: 'inference.update',
  summary: 'Update an inference endpoint',
  method: 'PUT',
  paths: ['/_inference/{task_type}/{inference_id}/_update', '/_inference/{inference_id}/_update'],
  pathParams: ['task_type', 'inference_id'],
  queryParams: ['timeout'],
  bodyMode: 'optional',
  privileges: ['manage_inference', 'manage', 'all'],
  action: 'cluster:admin/xpack/inference/update',
  since: '8.16.0',
} as const satisfies EndpointSpec;

/** Every endpoint, by the short key the packages use. */
export const ENDPOINTS = {
  update: UPDATE_ENDPOINT,
  start: START_ENDPOINT,
  stop: STOP_ENDPOINT,
  stats: STATS_ENDPOINT,
  models: MODELS_ENDPOINT,
  info: INFO_ENDPOINT,
  inferenceUpdate: INFERENCE_UPDATE_ENDPOINT,
} as const;

export type EndpointKey = keyof typeof ENDPOINTS;

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

/** A template in the `:name` form routers (find-my-way, express, msw) use. */
export function colonPattern(template: string): string {
  return template.replace(PARAM, (_, name: string) => `:${name}`);
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
 * The endpoint whose template matches a path (without query), whatever the method; literal
 * segments win over parameters (`/_ml/trained_models/_stats` is stats, not a model named `_stats`).
 */
export function matchEndpoint(path: string): EndpointMatch | undefined {
  let best: EndpointMatch | undefined;
  let bestParams = Number.POSITIVE_INFINITY;
  for (const c of compile()) {
    const m = c.regex.exec(path);
    if (m === null || c.names.length >= bestParams) {
      continue;
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
