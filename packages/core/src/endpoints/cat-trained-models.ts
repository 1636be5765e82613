import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { CatTrainedModelsResponse } from '../schemas/model-lifecycle.js';

/** `GET /_cat/ml/trained_models[/{model_id}]`: models as a text table (or JSON with `format=json`). */
export const catTrainedModels = defineEndpoint({
  name: 'cat.ml_trained_models',
  summary: 'Get trained models as a table',
  method: 'GET',
  paths: ['/_cat/ml/trained_models/{model_id}', '/_cat/ml/trained_models'],
  pathParams: { model_id: 'Model ids: a comma list, wildcards allowed; absent for all.' },
  query: Type.Object(
    {
      allow_no_match: Type.Optional(
        Type.Boolean({ description: 'Answer an empty table when nothing matches.', default: true }),
      ),
      from: Type.Optional(Type.Integer({ description: 'Skip this many models.', default: 0 })),
      size: Type.Optional(Type.Integer({ description: 'Show at most this many models.', default: 100 })),
      bytes: Type.Optional(Type.String({ description: 'The unit of byte values (b, kb, mb, gb, tb, pb).' })),
      time: Type.Optional(
        Type.String({ description: 'The unit of durations (d, h, m, s, ms, micros, nanos).' }),
      ),
      h: Type.Optional(Type.String({ description: 'Columns to show, by name or alias; wildcards allowed.' })),
      help: Type.Optional(Type.Boolean({ description: 'List the columns instead.', default: false })),
      s: Type.Optional(Type.String({ description: 'Columns to sort by (`col:desc`).' })),
      v: Type.Optional(Type.Boolean({ description: 'Write a header line.', default: false })),
      format: Type.Optional(Type.String({ description: '`text` (default) or `json`.' })),
      ...CommonQuery,
    },
    { additionalProperties: false },
  ),
  bodyMode: 'none',
  response: CatTrainedModelsResponse,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/stats/get',
  since: '7.10.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '_cat/ml/trained_models',
});
