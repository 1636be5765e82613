// The endpoints a contract case can name (`endpoint`), as the truth data writes them: the keys,
// methods, path templates, effects and replay safety of @mldeploy/core's endpoint table, restated
// here because the testkit does not import core (contract-case.ts says why). Core's generator
// writes the restatement (case-endpoints.generated.ts) and its tests fail while it is stale; a core
// test also compares the two tables key by key. The methods and templates ship in `cases.json`
// (`endpoints`), so a runner in another language needs nothing but the JSON.
import { CASE_ENDPOINT_EFFECTS, CASE_ENDPOINTS } from './case-endpoints.generated.js';

export { CASE_ENDPOINT_EFFECTS, CASE_ENDPOINTS };

/** The name of an endpoint, as a case's `endpoint` writes it (the keys of core's `ENDPOINTS`). */
export type CaseEndpoint = keyof typeof CASE_ENDPOINTS;

/** Every endpoint name, in the table's order. */
export const CASE_ENDPOINT_NAMES = Object.keys(CASE_ENDPOINTS) as CaseEndpoint[];

/**
 * Why a stateful case of the endpoint is never replayed on a user's deployment, or undefined when
 * the table marks it replayable. Deny by default: an endpoint the table does not know is refused.
 */
export function replayRefusal(endpoint: string): string | undefined {
  if (!Object.hasOwn(CASE_ENDPOINT_EFFECTS, endpoint)) {
    return 'is not an endpoint known to be safe to replay';
  }
  const entry: { replayOnDeployment: boolean; notReplayedBecause?: string } =
    CASE_ENDPOINT_EFFECTS[endpoint as CaseEndpoint];
  return entry.replayOnDeployment
    ? undefined
    : (entry.notReplayedBecause ?? 'is not known to be safe to replay');
}

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
