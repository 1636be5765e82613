import { defineEndpoint } from '../endpoint-spec.js';
import { InferenceApiResponse, InferenceRequestBody, InferenceTimeoutQuery } from '../schemas/infer.js';

/**
 * `POST /_inference/{task_type}/{inference_id}` and `POST /_inference/{inference_id}`: inference
 * through an endpoint, answered in the inference API's shapes (docs/inference.md).
 */
export const inference = defineEndpoint({
  name: 'inference.inference',
  summary: 'Perform inference through an inference endpoint',
  method: 'POST',
  paths: ['/_inference/{task_type}/{inference_id}', '/_inference/{inference_id}'],
  pathParams: {
    task_type: "The endpoint's task type; absent, the endpoint's own.",
    inference_id: 'The inference endpoint id.',
  },
  query: InferenceTimeoutQuery,
  body: InferenceRequestBody,
  bodyExamples: { one: { summary: 'One text', value: { input: 'The quick brown fox' } } },
  bodyMode: 'optional',
  response: InferenceApiResponse,
  privileges: ['monitor_inference', 'manage_inference', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/inference',
  since: '8.11.0',
  // It may start (or scale from zero) the endpoint's deployment: never replayed as a harmless read.
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'sends inference through an endpoint, which may start or scale its deployment',
  label: '_inference POST',
});
