import { defineEndpoint } from '../endpoint-spec.js';
import { GetTrainedModelsStatsQuery, GetTrainedModelsStatsResponse } from '../schemas/trained-model-stats.js';

/** `GET /_ml/trained_models/{model_id}/_stats` and `GET /_ml/trained_models/_stats`. */
export const stats = defineEndpoint({
  name: 'ml.get_trained_models_stats',
  summary: 'Get trained models usage info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}/_stats', '/_ml/trained_models/_stats'],
  pathParams: { model_id: 'Model or deployment ids: a comma list, wildcards allowed; absent for all.' },
  query: GetTrainedModelsStatsQuery,
  bodyMode: 'none',
  response: GetTrainedModelsStatsResponse,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/stats/get',
  since: '7.10.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '_stats',
});
