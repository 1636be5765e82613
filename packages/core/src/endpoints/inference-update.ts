import { defineEndpoint } from '../endpoint-spec.js';
import {
  InferenceEndpointResponse,
  UpdateInferenceEndpointBody,
  UpdateInferenceEndpointQuery,
} from '../schemas/inference-update.js';

/**
 * `PUT /_inference/{task_type}/{inference_id}/_update` and `PUT /_inference/{inference_id}/_update`:
 * the inference API's remedy for a deployment an inference endpoint owns (docs/rules.md,
 * "Inference endpoint `_update`"). Since 8.16 [inferred from the API's history].
 */
export const inferenceUpdate = defineEndpoint({
  name: 'inference.update',
  summary: 'Update an inference endpoint',
  method: 'PUT',
  paths: ['/_inference/{task_type}/{inference_id}/_update', '/_inference/{inference_id}/_update'],
  pathParams: {
    task_type: "The inference endpoint's task type; absent, the endpoint's own.",
    inference_id: 'The inference endpoint id.',
  },
  query: UpdateInferenceEndpointQuery,
  body: UpdateInferenceEndpointBody,
  bodyMode: 'optional',
  response: InferenceEndpointResponse,
  privileges: ['manage_inference', 'manage', 'all'],
  action: 'cluster:admin/xpack/inference/update',
  since: '8.16.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'changes an inference endpoint',
  label: '_inference _update',
});
