import { type Static, Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';

/** The answer of the cache clear: always `{"cleared": true}` (ClearDeploymentCacheAction.Response). */
export const ClearDeploymentCacheResponse = Type.Object({ cleared: Type.Boolean() });
export type ClearDeploymentCacheResponse = Static<typeof ClearDeploymentCacheResponse>;

/**
 * `POST /_ml/trained_models/{model_id}/deployment/cache/_clear`: empties the inference cache of a
 * deployment on every node it is routed to, without restarting it (docs/rules.md, "Clearing a
 * deployment's cache").
 */
export const clearDeploymentCache = defineEndpoint({
  name: 'ml.clear_trained_model_deployment_cache',
  summary: 'Clear trained model deployment cache',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/cache/_clear'],
  pathParams: { model_id: 'The deployment id (the path calls it model_id).' },
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  bodyMode: 'none',
  response: ClearDeploymentCacheResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/clear_cache',
  // [inferred] The REST handler and the rest-api-spec file first appear in 8.5.
  since: '8.5.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: "empties the deployment's inference cache, which no restore refills",
  label: 'cache _clear',
});
