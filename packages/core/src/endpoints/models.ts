import { defineEndpoint } from '../endpoint-spec.js';
import { GetTrainedModelsQuery, GetTrainedModelsResponse } from '../schemas/trained-model-config.js';

/** `GET /_ml/trained_models/{model_id}` and `GET /_ml/trained_models`: model configurations. */
export const models = defineEndpoint({
  name: 'ml.get_trained_models',
  summary: 'Get trained model configuration info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}', '/_ml/trained_models'],
  pathParams: { model_id: 'Model ids or aliases: a comma list, wildcards allowed; absent for all.' },
  query: GetTrainedModelsQuery,
  bodyMode: 'none',
  response: GetTrainedModelsResponse,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/get',
  since: '7.10.0',
  effect: 'read',
  replayOnDeployment: true,
  label: 'trained_models',
});
