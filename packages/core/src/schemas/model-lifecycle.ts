import { type Static, Type } from '@sinclair/typebox';

/** `{ "acknowledged": true }`: vocabulary, definition parts, delete and model aliases. */
export const AcknowledgedResponse = Type.Object(
  { acknowledged: Type.Boolean() },
  { additionalProperties: false, description: 'An acknowledged change.' },
);
export type AcknowledgedResponse = Static<typeof AcknowledgedResponse>;

/** The body of PUT trained model, at the depth the schema documents (the parser checks the rest). */
export const PutTrainedModelBody = Type.Object(
  {
    model_id: Type.Optional(Type.String()),
    model_type: Type.Optional(
      Type.Union([Type.Literal('tree_ensemble'), Type.Literal('lang_ident'), Type.Literal('pytorch')]),
    ),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    input: Type.Optional(Type.Object({ field_names: Type.Array(Type.String()) })),
    inference_config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    definition: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    compressed_definition: Type.Optional(Type.String()),
    model_size_bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    platform_architecture: Type.Optional(Type.String()),
    prefix_strings: Type.Optional(
      Type.Object({ search: Type.Optional(Type.String()), ingest: Type.Optional(Type.String()) }),
    ),
  },
  { additionalProperties: true, description: 'A trained model configuration to create.' },
);
export type PutTrainedModelBody = Static<typeof PutTrainedModelBody>;

/** The body of PUT vocabulary. */
export const PutVocabularyBody = Type.Object(
  {
    vocabulary: Type.Array(Type.String()),
    merges: Type.Optional(Type.Array(Type.String())),
    scores: Type.Optional(Type.Array(Type.Number())),
  },
  { additionalProperties: false },
);
export type PutVocabularyBody = Static<typeof PutVocabularyBody>;

/** The body of PUT definition part. */
export const PutDefinitionPartBody = Type.Object(
  {
    definition: Type.String({ description: 'Base64 of this part of the model file.' }),
    total_definition_length: Type.Integer({ minimum: 1 }),
    total_parts: Type.Integer({ minimum: 1, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export type PutDefinitionPartBody = Static<typeof PutDefinitionPartBody>;

/** The answer of `GET _ml/info`. */
export const MlInfoResponse = Type.Object(
  {
    defaults: Type.Object({
      anomaly_detectors: Type.Record(Type.String(), Type.Unknown()),
      datafeeds: Type.Record(Type.String(), Type.Unknown()),
    }),
    upgrade_mode: Type.Boolean(),
    native_code: Type.Object({ version: Type.String(), build_hash: Type.String() }),
    limits: Type.Object(
      {
        max_single_ml_node_processors: Type.Optional(Type.Integer()),
        total_ml_processors: Type.Optional(Type.Integer()),
        max_model_memory_limit: Type.Optional(Type.String()),
        effective_max_model_memory_limit: Type.Optional(Type.String()),
        total_ml_memory: Type.String(),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true, description: 'Machine learning defaults and limits.' },
);
export type MlInfoResponse = Static<typeof MlInfoResponse>;

/** `_cat/ml/trained_models?format=json`: one object per model, every value a string or null. */
export const CatTrainedModelsResponse = Type.Array(
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  { description: 'The cat table as JSON.' },
);
export type CatTrainedModelsResponse = Static<typeof CatTrainedModelsResponse>;
