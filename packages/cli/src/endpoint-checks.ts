import type { EndpointKey, EsError } from '@mldeploy/core/rules';

/** One request to one of core's endpoints, as the user wrote it: decoded path parameters, raw query and body. */
export interface RawEndpointRequest {
  params: Record<string, string | undefined>;
  query: string;
  body: string | undefined;
}

type Check = (
  rules: typeof import('@mldeploy/core/rules'),
  raw: RawEndpointRequest,
) => { ok: true } | { ok: false; error: EsError };

// Core's check of each endpoint, with the arguments each takes. [interim] Core's endpoint table
// (docs/architecture.md) gives every endpoint its check; this map goes when it does. A new endpoint
// fails to type-check here until it has an entry.
const CHECKS: Record<EndpointKey, Check | undefined> = {
  update: (r, { params, query, body }) =>
    r.checkUpdateRequest({ modelId: params.model_id ?? '', query, body }),
  start: (r, { params, query, body }) => r.checkStartRequest({ modelId: params.model_id ?? '', query, body }),
  stop: (r, { params, query, body }) => r.checkStopRequest({ modelId: params.model_id ?? '', query, body }),
  stats: (r, { params, query }) => r.checkListRequest({ kind: 'stats', modelId: params.model_id, query }),
  models: (r, { params, query }) => r.checkListRequest({ kind: 'models', modelId: params.model_id, query }),
  inferenceUpdate: (r, { params, query, body }) =>
    r.checkInferenceUpdateRequest({
      taskType: params.task_type,
      inferenceId: params.inference_id ?? '',
      query,
      body,
    }),
  // `GET /` reads nothing but the always-supported parameters; core has no check for it.
  info: undefined,
};

/**
 * Core's offline check of a request to an endpoint: the error Elasticsearch would answer, or
 * undefined when core accepts it (or has no check for the endpoint). Loads core's rules entry.
 */
export async function checkEndpointRequest(
  key: EndpointKey,
  raw: RawEndpointRequest,
): Promise<EsError | undefined> {
  const check = CHECKS[key];
  if (check === undefined) {
    return undefined;
  }
  const result = check(await import('@mldeploy/core/rules'), raw);
  return result.ok ? undefined : result.error;
}
