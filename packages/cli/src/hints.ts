/** What to do next for an error code, when the error itself does not say. */
export function hintFor(code: string, context: { url?: string; deploymentId?: string } = {}): string | null {
  const id = context.deploymentId ?? '<id>';
  switch (code) {
    case 'NETWORK_ERROR':
      return `is Elasticsearch running at ${context.url ?? 'the URL'}? Set --url or ELASTICSEARCH_URL`;
    case 'TIMEOUT':
      return 'Elasticsearch did not answer in time: check the cluster health, then retry';
    case 'DEPLOYMENT_NOT_FOUND':
    case 'MODEL_NOT_FOUND':
      return 'list deployments with: mldeploy status';
    case 'DEPLOYMENT_IN_USE':
      return `stop it anyway with: mldeploy stop ${id} --force`;
    case 'ADAPTIVE_ALLOCATIONS_ENABLED':
      return `adaptive allocations are on: change --min/--max, or turn them off with: mldeploy update ${id} --no-adaptive --allocations N`;
    case 'DEPLOYMENT_NOT_STARTED':
      return `wait until the deployment is started: mldeploy status ${id}`;
    case 'INSUFFICIENT_RESOURCES':
      return 'ask for fewer allocations, or add ML nodes (or enable ML autoscaling)';
    case 'DEPLOYMENT_OWNED_BY_INFERENCE':
      return 'update it through the inference API (PUT _inference/<id>/_update)';
    case 'AUTHENTICATION_REQUIRED':
    case 'AUTHENTICATION_FAILED':
      return 'set --api-key (or ELASTIC_API_KEY), or --username and --password';
    case 'UNAUTHORIZED':
      return 'the user needs the manage_ml cluster privilege';
    default:
      return null;
  }
}
