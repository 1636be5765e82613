import { defineEndpoint } from '../endpoint-spec.js';
import { DeleteInferenceEndpointQuery, DeleteInferenceEndpointResponse } from '../schemas/infer.js';

/**
 * `DELETE /_inference/{task_type}/{inference_id}` and `DELETE /_inference/{inference_id}`: the
 * endpoint and the deployment it made; `dry_run`, `force` (docs/inference.md).
 */
export const inferenceDelete = defineEndpoint({
  name: 'inference.delete',
  summary: 'Delete an inference endpoint',
  method: 'DELETE',
  paths: ['/_inference/{task_type}/{inference_id}', '/_inference/{inference_id}'],
  pathParams: {
    task_type: "The endpoint's task type; absent, any.",
    inference_id: 'The inference endpoint id.',
  },
  query: DeleteInferenceEndpointQuery,
  bodyMode: 'none',
  response: DeleteInferenceEndpointResponse,
  privileges: ['manage_inference', 'manage', 'all'],
  action: 'cluster:admin/xpack/inference/delete',
  since: '8.11.0',
  effect: 'destroy',
  replayOnDeployment: false,
  notReplayedBecause: 'deletes an inference endpoint and stops its deployment',
  label: '_inference DELETE',
});
