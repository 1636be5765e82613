import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { AcknowledgedResponse } from '../schemas/model-lifecycle.js';

/** `DELETE /_ml/trained_models/{model_id}/model_aliases/{model_alias}`: removes an alias. */
export const deleteModelAlias = defineEndpoint({
  name: 'ml.delete_trained_model_alias',
  summary: 'Delete a trained model alias',
  method: 'DELETE',
  paths: ['/_ml/trained_models/{model_id}/model_aliases/{model_alias}'],
  pathParams: { model_id: 'The model the alias names.', model_alias: 'The alias.' },
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  bodyMode: 'none',
  response: AcknowledgedResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/inference/model_aliases/delete',
  since: '7.13.0',
  effect: 'destroy',
  replayOnDeployment: false,
  notReplayedBecause: 'removes a model alias, which no restore brings back',
  label: 'DELETE alias',
});
