// The endpoints a contract case can name (`endpoint`), as the truth data writes them: the keys,
// methods and path templates of @mldeploy/core's `ENDPOINTS`, restated here because the testkit
// does not import core (contract-case.ts says why). `mldeploy verify` builds its paths with core's
// `pathFor` instead, and its tests check that this table and core's agree. The table ships in
// `cases.json` (`endpoints`), so a runner in another language needs nothing but the JSON.

/** Methods and path templates (`{name}` for a path parameter; the first whose parameters are all given wins). */
export const CASE_ENDPOINTS = {
  update: { method: 'POST', paths: ['/_ml/trained_models/{model_id}/deployment/_update'] },
  start: { method: 'POST', paths: ['/_ml/trained_models/{model_id}/deployment/_start'] },
  stop: { method: 'POST', paths: ['/_ml/trained_models/{model_id}/deployment/_stop'] },
  stats: { method: 'GET', paths: ['/_ml/trained_models/{model_id}/_stats', '/_ml/trained_models/_stats'] },
  models: { method: 'GET', paths: ['/_ml/trained_models/{model_id}', '/_ml/trained_models'] },
  info: { method: 'GET', paths: ['/'] },
  inferenceUpdate: {
    method: 'PUT',
    paths: ['/_inference/{task_type}/{inference_id}/_update', '/_inference/{inference_id}/_update'],
  },
} as const satisfies Record<string, { method: string; paths: readonly string[] }>;

/** The name of an endpoint, as a case's `endpoint` writes it (the keys of core's `ENDPOINTS`). */
export type CaseEndpoint = keyof typeof CASE_ENDPOINTS;

/** Every endpoint name, in the table's order. */
export const CASE_ENDPOINT_NAMES = Object.keys(CASE_ENDPOINTS) as CaseEndpoint[];

/** True when `name` is one of {@link CASE_ENDPOINTS}. */
export function isCaseEndpoint(name: unknown): name is CaseEndpoint {
  return typeof name === 'string' && Object.hasOwn(CASE_ENDPOINTS, name);
}

const PARAM = /\{([a-z_]+)\}/g;

/** The path parameters an endpoint's templates hold, e.g. `['task_type', 'inference_id']`. */
export function pathParamsOf(endpoint: CaseEndpoint): string[] {
  const names = new Set<string>();
  for (const template of CASE_ENDPOINTS[endpoint].paths) {
    for (const m of template.matchAll(PARAM)) {
      names.add(m[1] as string);
    }
  }
  return [...names];
}

/**
 * The path of an endpoint for its parameters (percent-encoded): the first template whose
 * parameters are all given, so leaving one out picks the template without it (stats of all).
 */
export function casePath(
  endpoint: CaseEndpoint,
  params: Readonly<Record<string, string | undefined>> = {},
): string {
  for (const template of CASE_ENDPOINTS[endpoint].paths) {
    const names = [...template.matchAll(PARAM)].map((m) => m[1] as string);
    if (names.every((name) => params[name] !== undefined)) {
      return template.replace(PARAM, (_, name: string) => encodeURIComponent(params[name] as string));
    }
  }
  throw new TypeError(`${endpoint}: no path template fits the parameters given`);
}
