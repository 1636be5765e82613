import { offlineFailure } from './cli-failure.js';
import { type UpdateInput, updateRequest } from './update-input.js';

/** The request core's rules accept, as `mldeploy validate` and `--dry-run` print it. */
export interface CheckedUpdate {
  number_of_allocations?: number;
  adaptive_allocations?: {
    enabled?: boolean | undefined;
    min_number_of_allocations?: number | undefined;
    max_number_of_allocations?: number | undefined;
  } | null;
  source: 'query' | 'body';
  warnings: string[];
}

/**
 * Checks an `_update` request offline with core's copy of Elasticsearch's rules (loaded lazily: it
 * compiles validators) and throws exactly the error Elasticsearch would answer, as an exit-2 failure.
 */
export async function checkUpdateOffline(
  deploymentId: string,
  raw: { query?: string; body?: string },
): Promise<CheckedUpdate> {
  const { checkUpdateRequest } = await import('@mldeploy/core/rules');
  const result = checkUpdateRequest({ modelId: deploymentId, query: raw.query, body: raw.body });
  if (!result.ok) {
    throw await offlineFailure(result.error, deploymentId);
  }
  const { deployment_id: _id, timeout: _t, master_timeout: _m, ...request } = result.value;
  return request;
}

/** {@link checkUpdateOffline} for the request `mldeploy update` builds from its flags. */
export async function checkUpdateInput(deploymentId: string, input: UpdateInput): Promise<CheckedUpdate> {
  const request = await updateRequest(deploymentId, input);
  return checkUpdateOffline(deploymentId, {
    query: request.query,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}
