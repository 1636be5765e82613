import { ApiError } from '@mldeploy/core/rules';

const HINTS: Partial<Record<ApiError['code'], string>> = {
  DEPLOYMENT_NOT_STARTED:
    "The deployment is not in the started state yet: wait for it (waitForAllocations with until: 'started') and check its state with getDeploymentStats, then retry.",
  DEPLOYMENT_OWNED_BY_INFERENCE:
    'This deployment belongs to an inference endpoint: change it through the inference API (PUT _inference/<task>/<endpoint_id>/_update).',
  INSUFFICIENT_RESOURCES:
    'Not enough ML capacity: ask for fewer allocations, or add ML nodes (or enable ML autoscaling).',
  TOO_MANY_REQUESTS:
    'The cluster is overloaded: retry later (set retryOnTooManyRequests), ask for fewer allocations, or add ML capacity.',
  ADAPTIVE_ALLOCATIONS_ENABLED:
    'Adaptive allocations are on for this deployment: send adaptive_allocations { enabled: false } with the number, or change min/max instead.',
  AUTHENTICATION_REQUIRED: 'The cluster needs credentials: pass auth (API key, username/password or bearer).',
  AUTHENTICATION_FAILED: 'The credentials were rejected: check the API key or username and password.',
  UNAUTHORIZED: 'The user lacks the privilege: updating deployments needs the manage_ml cluster privilege.',
  DEPLOYMENT_NOT_FOUND:
    'No deployment has this id: list deployments with getDeploymentStats() and use the deployment id.',
  MODEL_NOT_FOUND: 'No model has this id: list models with getModels().',
  DEPLOYMENT_IN_USE: 'Ingest pipelines or inference endpoints use the deployment: stop it with force: true.',
  DEPLOYMENT_ALREADY_STARTED: 'It is already running: use updateDeployment to change its allocations.',
  NETWORK_ERROR: 'Could not reach the server: check the node URL and that Elasticsearch is running.',
  TIMEOUT: 'The server did not answer in time: raise requestTimeout or check the cluster health.',
  SERVICE_UNAVAILABLE: 'The cluster is not ready (no master?): retry later and check the cluster health.',
};

/** The hint for an error code, where one is known. */
export function hintFor(code: ApiError['code']): string | undefined {
  return HINTS[code];
}

/** The same error with `info.hint` filled in when it has none and one is known. */
export function withHint(error: ApiError): ApiError {
  const hint = hintFor(error.code);
  if (hint === undefined || error.info.hint !== undefined) {
    return error;
  }
  return new ApiError(error.code, error.message, { ...error.info, hint });
}
