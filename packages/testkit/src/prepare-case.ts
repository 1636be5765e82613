// Building one case's request: the recorded request and its expectation, retargeted from the ids it
// was recorded with to the ids it is sent to (whole words only), and whether its 2xx body is to be
// checked against a schema.
import type { CaseResult, Observation } from './case-result.js';
import { BY_INFERENCE_ID, endpointOf, isPattern, READS } from './classify-case.js';
import { type ContractCase, EXAMPLE_DEPLOYMENT_ID } from './contract-case.js';
import { CASE_ENDPOINT_NAMES, CASE_ENDPOINTS, type CaseEndpoint } from './endpoints.js';
import type { Context, Target } from './run-context.js';

/** The endpoints whose `{model_id}` defaults to the example id (their every template needs one). */
const NEEDS_ID: ReadonlySet<CaseEndpoint> = new Set(
  CASE_ENDPOINT_NAMES.filter((name) =>
    CASE_ENDPOINTS[name].paths.every((template: string) => template.includes('{model_id}')),
  ),
);

/** Replaces each `from` id, as a whole word, with its `to` (all at once, so no id is replaced twice). */
function retarget(
  text: string | undefined,
  pairs: ReadonlyArray<readonly [string, string]>,
): string | undefined {
  const moved = pairs.filter(([from, to]) => from !== to && from !== '');
  if (text === undefined || moved.length === 0) {
    return text;
  }
  const map = new Map(moved);
  const alternatives = [...map.keys()]
    .sort((a, b) => b.length - a.length)
    .map((from) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(
    new RegExp(`(?<![\\w.-])(?:${alternatives.join('|')})(?![\\w.-])`, 'g'),
    (id) => map.get(id) as string,
  );
}

/** The deployment ids a `_start` names in its query and its body (none: its model id is the deployment's). */
function startDeploymentIds(query: string | undefined, body: string | undefined): string[] {
  const ids = query === undefined ? [] : new URLSearchParams(query).getAll('deployment_id');
  if (body !== undefined) {
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed?.deployment_id === 'string') {
        ids.push(parsed.deployment_id);
      }
    } catch {
      // not JSON: the server rejects it before it starts anything
    }
  }
  return ids;
}

/** A body the answer trims or writes in another format than JSON: not checked against a schema. */
function trimmedOrOtherFormat(query: string | undefined): boolean {
  if (query === undefined) {
    return false;
  }
  const params = new URLSearchParams(query);
  const format = params.get('format');
  return params.has('filter_path') || (format !== null && format !== 'json');
}

/** A case's request as it is sent, what it expects, and the deployments a `_start` could create. */
export interface Prepared {
  request: CaseResult['request'];
  expected: Observation;
  /** For a `_start`: the deployments it could create (the ids it names, or its model id). */
  creates?: string[];
}

/** The case's request retargeted to the ids it is sent to, and what it expects, retargeted alike. */
export function prepareCase(c: ContractCase, target: Target, ctx: Context): Prepared {
  const endpoint = endpointOf(c);
  const caseModel = c.given.modelId ?? (NEEDS_ID.has(endpoint) ? EXAMPLE_DEPLOYMENT_ID : undefined);
  const given = c.given.params ?? {};
  const pairs: Array<readonly [string, string]> = [];
  const params: Record<string, string> = { ...given };
  let creates: string[] | undefined;
  let addDeploymentId = false;
  if (c.given.keepIds === true && c.stateless) {
    // Refused for its ids themselves, which no cluster can hold: sent as written.
    if (caseModel !== undefined) {
      params.model_id = caseModel;
    }
  } else if (BY_INFERENCE_ID.has(endpoint)) {
    if (given.inference_id !== undefined) {
      pairs.push([given.inference_id, target.deploymentId]);
      params.inference_id = target.deploymentId;
    }
  } else if (caseModel !== undefined && READS.has(endpoint) && isPattern(caseModel)) {
    params.model_id = caseModel; // a pattern is read as it was recorded
  } else if (caseModel !== undefined && endpoint === 'models') {
    pairs.push([caseModel, target.modelId]);
    params.model_id = target.modelId;
  } else if (caseModel !== undefined && endpoint === 'start') {
    const caseDeployment = startDeploymentIds(c.given.query, c.given.body)[0] ?? caseModel;
    if (caseDeployment === caseModel) {
      pairs.push([caseModel, target.deploymentId]);
      addDeploymentId = target.modelId !== target.deploymentId;
    } else {
      pairs.push([caseDeployment, target.deploymentId], [caseModel, target.modelId]);
    }
    params.model_id = target.modelId;
  } else if (caseModel !== undefined) {
    pairs.push([caseModel, target.deploymentId]);
    params.model_id = target.deploymentId;
  }
  let query = retarget(c.given.query, pairs);
  const body = retarget(c.given.body, pairs);
  if (endpoint === 'start') {
    if (addDeploymentId && startDeploymentIds(query, body).length === 0) {
      query = `${query !== undefined && query !== '' ? `${query}&` : ''}deployment_id=${encodeURIComponent(target.deploymentId)}`;
    }
    const named = startDeploymentIds(query, body);
    creates = named.length > 0 ? named : [params.model_id as string];
  }
  const request = {
    method: c.given.method ?? CASE_ENDPOINTS[endpoint].method,
    path: `${ctx.pathOf(endpoint, params)}${query !== undefined ? `?${query}` : ''}`,
    ...(body !== undefined ? { body } : {}),
  };
  const expected = expectedOf(c, pairs);
  if (
    ctx.validate !== undefined &&
    c.want.status >= 200 &&
    c.want.status < 300 &&
    !trimmedOrOtherFormat(query)
  ) {
    expected.schema = 'valid';
  }
  return { request, expected, ...(creates !== undefined ? { creates } : {}) };
}

/** The case's expected answer, its texts retargeted like the request. */
function expectedOf(c: ContractCase, pairs: ReadonlyArray<readonly [string, string]>): Observation {
  const w = c.want;
  const expected: Observation = { status: w.status };
  const fields = ['type', 'reason', 'causedBy', 'causedByReason', 'rootCause', 'warning'] as const;
  for (const field of fields) {
    const value = retarget(w[field], pairs);
    if (value !== undefined) {
      expected[field] = value;
    }
  }
  if (w.after !== undefined) {
    expected.after = { ...w.after };
  }
  return expected;
}
