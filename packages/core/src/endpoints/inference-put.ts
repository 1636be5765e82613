import { defineEndpoint } from '../endpoint-spec.js';
import { InferenceTimeoutQuery, PutInferenceEndpointBody } from '../schemas/infer.js';
import { InferenceEndpointResponse } from '../schemas/inference-update.js';

/**
 * `PUT /_inference/{task_type}/{inference_id}` and `PUT /_inference/{inference_id}`: an inference
 * endpoint of an in-cluster service, which starts a deployment named after it (docs/inference.md).
 */
export const inferencePut = defineEndpoint({
  name: 'inference.put',
  summary: 'Create an inference endpoint',
  method: 'PUT',
  paths: ['/_inference/{task_type}/{inference_id}', '/_inference/{inference_id}'],
  pathParams: {
    task_type: 'The task type; absent, the body names it.',
    inference_id: 'The inference endpoint id.',
  },
  query: InferenceTimeoutQuery,
  body: PutInferenceEndpointBody,
  bodyExamples: {
    elser: {
      summary: 'ELSER with adaptive allocations',
      value: {
        service: 'elasticsearch',
        service_settings: {
          model_id: '.elser_model_2',
          num_threads: 1,
          adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 4 },
        },
      },
    },
  },
  bodyMode: 'optional',
  response: InferenceEndpointResponse,
  privileges: ['manage_inference', 'manage', 'all'],
  action: 'cluster:admin/xpack/inference/put',
  since: '8.11.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'creates an inference endpoint and the deployment it owns',
  label: '_inference PUT',
});
