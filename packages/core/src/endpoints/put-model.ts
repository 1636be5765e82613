import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { PutTrainedModelBody } from '../schemas/model-lifecycle.js';
import { TrainedModelConfig } from '../schemas/trained-model-config.js';

/** `PUT /_ml/trained_models/{model_id}`: creates a model (docs/model-lifecycle.md). */
export const putModel = defineEndpoint({
  name: 'ml.put_trained_model',
  summary: 'Create a trained model',
  method: 'PUT',
  paths: ['/_ml/trained_models/{model_id}'],
  pathParams: { model_id: 'The id of the model to create.' },
  query: Type.Object(
    {
      defer_definition_decompression: Type.Optional(
        Type.Boolean({
          description: 'Skip decompressing a compressed definition (needs model_size_bytes).',
          default: false,
        }),
      ),
      wait_for_completion: Type.Optional(
        Type.Boolean({ description: "Wait for an Elastic model's download to finish.", default: false }),
      ),
      timeout: Type.Optional(Type.String({ description: 'How long to wait for the model to be stored.' })),
      ...CommonQuery,
    },
    { additionalProperties: false },
  ),
  body: PutTrainedModelBody,
  bodyMode: 'optional',
  response: TrainedModelConfig,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/inference/put',
  since: '7.10.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'creates a model, which the deployment restore does not remove',
  label: 'PUT model',
});
