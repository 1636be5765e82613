import { type Static, Type } from '@sinclair/typebox';
import { CommonQuery, ListQuery } from './common-query.js';

/** A trained model's configuration, at the depth mldeploy needs. Unknown keys are allowed. */
export const TrainedModelConfig = Type.Object(
  {
    model_id: Type.String(),
    model_type: Type.Optional(
      Type.Union([Type.Literal('tree_ensemble'), Type.Literal('lang_ident'), Type.Literal('pytorch')]),
    ),
    tags: Type.Array(Type.String()),
    version: Type.Optional(Type.String()),
    created_by: Type.Optional(Type.String()),
    create_time: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    description: Type.Optional(Type.String()),
    estimated_heap_memory_usage_bytes: Type.Optional(Type.Integer()),
    estimated_operations: Type.Optional(Type.Integer()),
    fully_defined: Type.Optional(Type.Boolean()),
    inference_config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    input: Type.Object({ field_names: Type.Array(Type.String()) }),
    license_level: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    model_size_bytes: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    location: Type.Optional(Type.Object({ index: Type.Object({ name: Type.String() }) })),
    platform_architecture: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'A trained model configuration.' },
);
export type TrainedModelConfig = Static<typeof TrainedModelConfig>;

/** Path parameters of get trained models. */
export const GetTrainedModelsParams = Type.Object(
  { model_id: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export type GetTrainedModelsParams = Static<typeof GetTrainedModelsParams>;

/** Query parameters of get trained models. */
export const GetTrainedModelsQuery = Type.Object(
  {
    ...ListQuery,
    decompress_definition: Type.Optional(Type.Boolean()),
    exclude_generated: Type.Optional(Type.Boolean()),
    include: Type.Optional(Type.String()),
    include_model_definition: Type.Optional(Type.Boolean()),
    tags: Type.Optional(Type.String()),
    ...CommonQuery,
  },
  { additionalProperties: false },
);
export type GetTrainedModelsQuery = Static<typeof GetTrainedModelsQuery>;

/** The answer of get trained models. */
export const GetTrainedModelsResponse = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  trained_model_configs: Type.Array(TrainedModelConfig),
});
export type GetTrainedModelsResponse = Static<typeof GetTrainedModelsResponse>;
