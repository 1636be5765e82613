import { defineEndpoint } from '../endpoint-spec.js';
import { InferResult, InferTrainedModelBody, InferTrainedModelQuery } from '../schemas/infer.js';

/**
 * `POST /_ml/trained_models/{model_id}/deployment/_infer`: the deprecated form of `_infer`, one
 * document, its result at the top level, with a deprecation `Warning` (docs/inference.md).
 */
export const inferTrainedModelDeployment = defineEndpoint({
  name: 'ml.infer_trained_model_deployment',
  summary: 'Evaluate a trained model deployment (deprecated)',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_infer'],
  pathParams: { model_id: 'A model id, a model alias or a deployment id.' },
  query: InferTrainedModelQuery,
  body: InferTrainedModelBody,
  bodyMode: 'optional',
  response: InferResult,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/infer',
  since: '8.0.0',
  effect: 'read',
  replayOnDeployment: false,
  notReplayedBecause: 'sends inference to the deployment, which counts it and may cache the result',
  label: 'deployment _infer',
});
