import { defineEndpoint } from '../endpoint-spec.js';
import { GetInferenceEndpointsQuery, GetInferenceEndpointsResponse } from '../schemas/infer.js';

/** `GET /_inference[/{task_type}][/{inference_id}]`: inference endpoints, the defaults included. */
export const inferenceGet = defineEndpoint({
  name: 'inference.get',
  summary: 'Get inference endpoints',
  method: 'GET',
  paths: ['/_inference/{task_type}/{inference_id}', '/_inference/{inference_id}', '/_inference'],
  pathParams: {
    task_type: 'Only endpoints of this task type; absent, any.',
    inference_id: 'The inference endpoint id, or `_all` (or `*`) for every endpoint.',
  },
  query: GetInferenceEndpointsQuery,
  bodyMode: 'none',
  response: GetInferenceEndpointsResponse,
  privileges: ['monitor_inference', 'manage_inference', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/inference/get',
  since: '8.11.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '_inference GET',
});
