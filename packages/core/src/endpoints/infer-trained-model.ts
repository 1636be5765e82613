import { defineEndpoint } from '../endpoint-spec.js';
import {
  InferTrainedModelBody,
  InferTrainedModelQuery,
  InferTrainedModelResponse,
} from '../schemas/infer.js';

/**
 * `POST /_ml/trained_models/{model_id}/_infer`: inference on a deployed model, one result per
 * document (docs/inference.md). The mock's results are simulated.
 */
export const inferTrainedModel = defineEndpoint({
  name: 'ml.infer_trained_model',
  summary: 'Evaluate a trained model',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/_infer'],
  pathParams: { model_id: 'A model id, a model alias or a deployment id.' },
  query: InferTrainedModelQuery,
  body: InferTrainedModelBody,
  bodyExamples: {
    one: {
      summary: 'One document',
      value: { docs: [{ text_field: 'Elastic is headquartered in Mountain View' }] },
    },
  },
  bodyMode: 'optional',
  response: InferTrainedModelResponse,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/infer',
  since: '8.3.0',
  effect: 'read',
  replayOnDeployment: false,
  notReplayedBecause: 'sends inference to the deployment, which counts it and may cache the result',
  label: '_infer',
});
