import type { PreparedUpdate, UpdateFields } from '@mldeploy/client/view';
import type { UpdateRequest } from '@mldeploy/core/rules';
import { offlineFailure } from './cli-failure.js';

/** The request core's rules accept, as `mldeploy validate` prints it, and what it would change. */
export interface CheckedUpdate {
  request: Omit<UpdateRequest, 'deployment_id' | 'timeout' | 'master_timeout' | 'source'>;
  changes: string[];
}

/**
 * Checks an `_update` body given as text (a file, stdin) offline with core's copy of Elasticsearch's
 * rules (loaded lazily: it compiles validators) and throws exactly the error Elasticsearch would
 * answer, as an exit-2 failure.
 */
export async function checkUpdateOffline(deploymentId: string, body: string): Promise<CheckedUpdate> {
  const { checkUpdateRequest } = await import('@mldeploy/core/rules');
  const result = checkUpdateRequest({ modelId: deploymentId, body });
  if (!result.ok) {
    throw await offlineFailure(result.error, deploymentId);
  }
  const { describeChanges } = await import('@mldeploy/client/view');
  const { deployment_id: _id, timeout: _t, master_timeout: _m, source: _s, ...request } = result.value;
  return { request, changes: describeChanges(result.value) };
}

/**
 * The client's prepared `_update` for fields `mldeploy update` made from its flags: the request as
 * the client sends it and what it would change; a request Elasticsearch would refuse throws its
 * error, as an exit-2 failure. Loads the client's light view entry only, not its HTTP stack.
 */
export async function prepareOffline(
  deploymentId: string,
  fields: UpdateFields,
  asQueryParameter: boolean,
): Promise<PreparedUpdate> {
  const { prepareUpdate } = await import('@mldeploy/client/view');
  const prepared = prepareUpdate(deploymentId, fields, { asQueryParameter });
  if (!prepared.check.ok) {
    throw await offlineFailure(prepared.check.error, deploymentId);
  }
  return prepared;
}
