import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { AcknowledgedResponse, PutDefinitionPartBody } from '../schemas/model-lifecycle.js';

/** `PUT /_ml/trained_models/{model_id}/definition/{part}`: stores one part of a model file. */
export const putDefinitionPart = defineEndpoint({
  name: 'ml.put_trained_model_definition_part',
  summary: 'Create part of a trained model definition',
  method: 'PUT',
  paths: ['/_ml/trained_models/{model_id}/definition/{part}'],
  pathParams: { model_id: 'The id of the model.', part: 'The part number, from 0.' },
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  body: PutDefinitionPartBody,
  bodyMode: 'optional',
  response: AcknowledgedResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/part/put',
  since: '8.0.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: 'stores model data, which no restore removes',
  label: 'definition part',
});
