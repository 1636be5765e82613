import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { AcknowledgedResponse, PutVocabularyBody } from '../schemas/model-lifecycle.js';

/** `PUT /_ml/trained_models/{model_id}/vocabulary`: stores an NLP model's vocabulary. */
export const putVocabulary = defineEndpoint({
  name: 'ml.put_trained_model_vocabulary',
  summary: 'Create a trained model vocabulary',
  method: 'PUT',
  paths: ['/_ml/trained_models/{model_id}/vocabulary'],
  pathParams: { model_id: 'The id of the model.' },
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  body: PutVocabularyBody,
  bodyMode: 'optional',
  response: AcknowledgedResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/vocabulary/put',
  since: '8.0.0',
  effect: 'write',
  replayOnDeployment: false,
  notReplayedBecause: "changes a model's vocabulary, which no restore puts back",
  label: 'vocabulary',
});
