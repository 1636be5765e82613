import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { AcknowledgedResponse } from '../schemas/model-lifecycle.js';

/** `PUT /_ml/trained_models/{model_id}/model_aliases/{model_alias}`: points an alias at a model. */
export const putModelAlias = defineEndpoint({
  name: 'ml.put_trained_model_alias',
  summary: 'Create or update a trained model alias',
  method: 'PUT',
  paths: ['/_ml/trained_models/{model_id}/model_aliases/{model_alias}'],
  pathParams: { model_id: 'The model the alias names.', model_alias: 'The alias.' },
  query: Type.Object(
    {
      reassign: Type.Optional(
        Type.Boolean({ description: 'Move the alias from the model it names now.', default: false }),
      ),
      ...CommonQuery,
    },
    { additionalProperties: false },
  ),
  bodyMode: 'none',
  response: AcknowledgedResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/inference/model_aliases/put',
  since: '7.13.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'moves a model alias, which the deployment restore does not put back',
  label: 'PUT alias',
});
