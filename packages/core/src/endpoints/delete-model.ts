import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { AcknowledgedResponse } from '../schemas/model-lifecycle.js';

/** `DELETE /_ml/trained_models/{model_id}`: deletes a model and its aliases. */
export const deleteModel = defineEndpoint({
  name: 'ml.delete_trained_model',
  summary: 'Delete an unreferenced trained model',
  method: 'DELETE',
  paths: ['/_ml/trained_models/{model_id}'],
  pathParams: { model_id: 'The id of the model to delete.' },
  query: Type.Object(
    {
      force: Type.Optional(
        Type.Boolean({
          description: 'Delete even when deployed or referenced by ingest pipelines.',
          default: false,
        }),
      ),
      timeout: Type.Optional(
        Type.String({ description: 'How long to wait for the deletion.', default: '30s' }),
      ),
      ...CommonQuery,
    },
    { additionalProperties: false },
  ),
  bodyMode: 'none',
  response: AcknowledgedResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/inference/delete',
  since: '7.10.0',
  effect: 'destroy',
  replayOnDeployment: false,
  notReplayedBecause: 'deletes a model, which no restore brings back',
  label: 'DELETE model',
});
