// Requests and answers of inference: the trained models `_infer` API (the results' toXContent,
// field for field) and the inference API's endpoints and results. docs/inference.md.
import { type Static, Type } from '@sinclair/typebox';
import { CommonQuery } from './common-query.js';
import { InferenceEndpointResponse, InferenceTaskType } from './inference-update.js';

const Num = Type.Number();
/** `is_truncated`: written only when true (NlpInferenceResults.toXContent). */
const Truncated = Type.Optional(Type.Literal(true));

/** TopClassEntry. */
export const TopClassEntry = Type.Object(
  { class_name: Type.Union([Type.String(), Num, Type.Boolean()]), class_probability: Num, class_score: Num },
  { additionalProperties: false },
);

/** NerResults.EntityGroup. */
export const NerEntity = Type.Object(
  {
    entity: Type.String(),
    class_name: Type.String(),
    class_probability: Num,
    start_pos: Type.Optional(Type.Integer({ minimum: 0 })),
    end_pos: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** QuestionAnsweringInferenceResults.TopAnswerEntry. */
export const TopAnswerEntry = Type.Object(
  { answer: Type.String(), start_offset: Type.Integer(), end_offset: Type.Integer(), score: Num },
  { additionalProperties: false },
);

// The results field is `predicted_value` unless the request or the model names another, so the
// schemas hold the fixed fields and let the results field through.
const open = { additionalProperties: true } as const;

/** NerResults: the annotated text and the entities. */
export const NerResult = Type.Object({ entities: Type.Array(NerEntity), is_truncated: Truncated }, open);
/** NlpClassificationInferenceResults (text_classification, zero_shot_classification). */
export const ClassificationResult = Type.Object(
  {
    top_classes: Type.Optional(Type.Array(TopClassEntry)),
    prediction_probability: Type.Optional(Num),
    is_truncated: Truncated,
  },
  open,
);
/** QuestionAnsweringInferenceResults. */
export const QuestionAnsweringResult = Type.Object(
  {
    start_offset: Type.Integer(),
    end_offset: Type.Integer(),
    top_classes: Type.Optional(Type.Array(TopAnswerEntry)),
    prediction_probability: Num,
    is_truncated: Truncated,
  },
  open,
);
/** Any one result of `_infer`: the task decides the shape (docs/inference.md lists them). */
export const InferResult = Type.Union([
  QuestionAnsweringResult,
  NerResult,
  ClassificationResult,
  Type.Object({ is_truncated: Truncated }, open),
]);
export type InferResult = Static<typeof InferResult>;

/** The body of `POST _ml/trained_models/{model_id}/_infer`. */
export const InferTrainedModelBody = Type.Object(
  {
    docs: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    inference_config: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
    timeout: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type InferTrainedModelBody = Static<typeof InferTrainedModelBody>;

/** InferModelAction.Response: one result per document. */
export const InferTrainedModelResponse = Type.Object(
  { inference_results: Type.Array(InferResult) },
  { additionalProperties: false },
);
export type InferTrainedModelResponse = Static<typeof InferTrainedModelResponse>;

/** The body of `PUT _inference/{task_type}/{inference_id}` for the in-cluster services. */
export const PutInferenceEndpointBody = Type.Object(
  {
    task_type: Type.Optional(InferenceTaskType),
    service: Type.String(),
    service_settings: Type.Object(
      {
        model_id: Type.Optional(Type.String()),
        num_allocations: Type.Optional(Type.Integer({ minimum: 1 })),
        num_threads: Type.Integer({ minimum: 1 }),
        adaptive_allocations: Type.Optional(
          Type.Object({
            enabled: Type.Optional(Type.Boolean()),
            min_number_of_allocations: Type.Optional(Type.Integer({ minimum: 0 })),
            max_number_of_allocations: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
        ),
        deployment_id: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    task_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    chunking_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type PutInferenceEndpointBody = Static<typeof PutInferenceEndpointBody>;

/** `GET _inference`: the endpoints, by id. */
export const GetInferenceEndpointsResponse = Type.Object(
  { endpoints: Type.Array(InferenceEndpointResponse) },
  { additionalProperties: false },
);
export type GetInferenceEndpointsResponse = Static<typeof GetInferenceEndpointsResponse>;

/** DeleteInferenceEndpointAction.Response. */
export const DeleteInferenceEndpointResponse = Type.Object(
  {
    acknowledged: Type.Boolean(),
    pipelines: Type.Array(Type.String()),
    indexes: Type.Array(Type.String()),
    error_message: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type DeleteInferenceEndpointResponse = Static<typeof DeleteInferenceEndpointResponse>;

/** The body of `POST _inference/{task_type}/{inference_id}`. */
export const InferenceRequestBody = Type.Object(
  {
    input: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })]),
    query: Type.Optional(Type.String()),
    input_type: Type.Optional(Type.String()),
    task_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    timeout: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type InferenceRequestBody = Static<typeof InferenceRequestBody>;

/** The inference API's answers: one list named after the task type. */
export const InferenceApiResponse = Type.Union([
  Type.Object(
    {
      sparse_embedding: Type.Array(
        Type.Object(
          { is_truncated: Type.Boolean(), embedding: Type.Record(Type.String(), Num) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      text_embedding: Type.Array(
        Type.Object({ embedding: Type.Array(Num) }, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      rerank: Type.Array(
        Type.Object(
          { index: Type.Integer({ minimum: 0 }), relevance_score: Num, text: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
]);
export type InferenceApiResponse = Static<typeof InferenceApiResponse>;

const Timeout = (description: string, fallback: string) =>
  Type.Optional(Type.String({ description, default: fallback }));

/** The query of `_infer` and the deprecated `deployment/_infer`. */
export const InferTrainedModelQuery = Type.Object(
  { ...CommonQuery, timeout: Timeout('How long a request waits in the inference queue.', '10s') },
  { additionalProperties: false },
);

/** The query of `PUT _inference` and `POST _inference`. */
export const InferenceTimeoutQuery = Type.Object(
  { ...CommonQuery, timeout: Timeout('How long to wait for the deployment or the answer.', '30s') },
  { additionalProperties: false },
);

/** The query of `GET _inference`. */
export const GetInferenceEndpointsQuery = Type.Object({ ...CommonQuery }, { additionalProperties: false });

/** The query of `DELETE _inference`. */
export const DeleteInferenceEndpointQuery = Type.Object(
  {
    ...CommonQuery,
    dry_run: Type.Optional(
      Type.Boolean({ description: 'List what references the endpoint without deleting it.', default: false }),
    ),
    force: Type.Optional(
      Type.Boolean({
        description: 'Delete even when pipelines or semantic_text fields use it.',
        default: false,
      }),
    ),
  },
  { additionalProperties: false },
);
