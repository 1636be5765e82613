// The seed model, once: TypeBox schemas for the document the mock loads and answers back (types
// derived with `Static`), built on core's enums and defaults; the input schema (what a user may
// leave out) is derived from the same schemas. Reading and checking a seed is seed.ts.
import {
  DeploymentAssignmentState,
  RoutingState,
  START_DEFAULTS,
  StartDeploymentQuery,
  TrainedModelConfig,
  TrainingPriority,
} from '@mldeploy/core';
import { INFERENCE_TASK_TYPES } from '@mldeploy/core/rules';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';

const GIB = 1024 ** 3;
const NonNegativeInt = Type.Integer({ minimum: 0 });
const PositiveInt = Type.Integer({ minimum: 1 });
const NonEmpty = Type.String({ minLength: 1 });
const Strings = Type.Array(Type.String());
/** `_start`'s own rules for these two fields (a power of 2 up to 32; 1 to 99999). */
const startField = Type.Required(
  Type.Pick(StartDeploymentQuery, ['threads_per_allocation', 'queue_capacity']),
);

/** What a seed's optional fields default to (also written as `default` in the JSON Schema). */
export const SEED_DEFAULTS = {
  node_memory_bytes: 16 * GIB,
  model_size_bytes: 0,
  model_type: 'pytorch',
  number_of_allocations: 1,
  threads_per_allocation: START_DEFAULTS.threads_per_allocation,
  queue_capacity: START_DEFAULTS.queue_capacity,
  priority: 'normal',
  state: 'started',
} as const;

/** Adaptive allocations as a seed (and the server) writes them; a missing `enabled` was never set. */
export const SeedAdaptiveAllocations = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    min_number_of_allocations: Type.Optional(NonNegativeInt),
    max_number_of_allocations: Type.Optional(PositiveInt),
  },
  { additionalProperties: false },
);
export type SeedAdaptiveAllocations = Static<typeof SeedAdaptiveAllocations>;

/** One route of a deployment, as `routing_table` writes it. */
export const SeedRoute = Type.Object(
  {
    current_allocations: NonNegativeInt,
    target_allocations: NonNegativeInt,
    routing_state: RoutingState,
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SeedRoute = Static<typeof SeedRoute>;

/** A simulated ML node. */
export const SeedNode = Type.Object(
  {
    id: NonEmpty,
    name: Type.String({ minLength: 1, description: 'Defaults to the id.' }),
    processors: Type.Integer({
      minimum: 1,
      description: 'Allocated processors: allocations × threads must fit.',
    }),
    memory_bytes: Type.Integer({
      minimum: 1,
      default: SEED_DEFAULTS.node_memory_bytes,
      description: 'Memory available to ML on this node.',
    }),
    zone: Type.Optional(Type.String({ description: "An availability zone, for stats' node attributes." })),
  },
  { additionalProperties: false },
);
export type SeedNode = Static<typeof SeedNode>;

/** A trained model that can be deployed. */
export const SeedModel = Type.Object(
  {
    model_id: NonEmpty,
    model_size_bytes: Type.Integer({ minimum: 0, default: SEED_DEFAULTS.model_size_bytes }),
    model_type: TrainedModelConfig.properties.model_type,
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Strings),
    created_by: Type.Optional(Type.String()),
    create_time: Type.Optional(NonNegativeInt),
    per_deployment_memory_bytes: Type.Optional(NonNegativeInt),
    per_allocation_memory_bytes: Type.Optional(NonNegativeInt),
    inference_config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    input: Type.Optional(
      Type.Object(
        { field_names: Type.Array(NonEmpty, { minItems: 1 }) },
        {
          additionalProperties: false,
          description: 'The fields `_infer` reads; absent: `input` [inferred].',
        },
      ),
    ),
    aliases: Type.Optional(
      Type.Array(NonEmpty, {
        description:
          'Model aliases: GET and _stats resolve them; _update and _stop do not (deployment ids only).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SeedModel = Static<typeof SeedModel>;

/** A deployment of a model. */
export const SeedDeployment = Type.Object(
  {
    deployment_id: NonEmpty,
    model_id: Type.String({ minLength: 1, description: 'Defaults to the deployment id.' }),
    number_of_allocations: Type.Integer({ minimum: 0, default: SEED_DEFAULTS.number_of_allocations }),
    threads_per_allocation: Type.Unsafe<number>({
      ...startField.properties.threads_per_allocation,
      default: SEED_DEFAULTS.threads_per_allocation,
    }),
    priority: Type.Unsafe<Static<typeof TrainingPriority>>({
      ...TrainingPriority,
      default: SEED_DEFAULTS.priority,
    }),
    queue_capacity: Type.Unsafe<number>({
      ...startField.properties.queue_capacity,
      default: SEED_DEFAULTS.queue_capacity,
    }),
    cache_size: Type.Optional(Type.String()),
    adaptive_allocations: Type.Optional(Type.Union([Type.Null(), SeedAdaptiveAllocations])),
    state: Type.Unsafe<Static<typeof DeploymentAssignmentState>>({
      ...DeploymentAssignmentState,
      default: SEED_DEFAULTS.state,
    }),
    owned_by_inference_endpoint: Type.Optional(
      Type.Boolean({ description: 'Created by an inference endpoint of the same id: updates answer 409.' }),
    ),
    referenced_by_ingest: Type.Optional(
      Type.Boolean({ description: 'Referenced by ingest processors: stopping without force answers 409.' }),
    ),
    routing_table: Type.Optional(
      Type.Record(Type.String(), SeedRoute, { description: 'Node id → route. Absent: placed at load.' }),
    ),
    start_time: Type.Optional(Type.String({ format: 'date-time' })),
    max_assigned_allocations: Type.Optional(NonNegativeInt),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SeedDeployment = Static<typeof SeedDeployment>;

/** An inference endpoint of an in-cluster service, owning the deployment of the same id. */
export const SeedInferenceEndpoint = Type.Object(
  {
    inference_id: NonEmpty,
    task_type: Type.Union(
      INFERENCE_TASK_TYPES.filter((t) => t !== 'any').map((t) => Type.Literal(t)),
      { description: 'The endpoint task type.' },
    ),
    service: Type.String({ minLength: 1, default: 'elasticsearch', description: 'elasticsearch or elser.' }),
    service_settings: Type.Object(
      {
        model_id: NonEmpty,
        num_allocations: Type.Optional(PositiveInt),
        num_threads: Type.Integer({ minimum: 1, default: 1 }),
        adaptive_allocations: Type.Optional(SeedAdaptiveAllocations),
        deployment_id: Type.Optional(
          Type.String({
            minLength: 1,
            description:
              'A deployment made through the trained models API that the endpoint uses (it does not own it).',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    task_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    chunking_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    referenced_by_pipelines: Type.Optional(
      Type.Array(NonEmpty, {
        description: 'Ingest pipelines using the endpoint: DELETE answers 409 unless force.',
      }),
    ),
    semantic_text_indices: Type.Optional(
      Type.Array(NonEmpty, {
        description: 'Indices with semantic_text fields on the endpoint: DELETE answers 409 unless force.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SeedInferenceEndpoint = Static<typeof SeedInferenceEndpoint>;

/** A user of the simulated security realm. */
export const SeedUser = Type.Object(
  {
    username: NonEmpty,
    password: NonEmpty,
    roles: Type.Optional(Strings),
    privileges: Type.Optional(Strings),
  },
  { additionalProperties: false },
);
export type SeedUser = Static<typeof SeedUser>;

/** An API key; `username` is its owner, as 403 messages name it. */
export const SeedApiKey = Type.Object(
  {
    id: NonEmpty,
    api_key: NonEmpty,
    name: Type.Optional(Type.String()),
    username: Type.Optional(NonEmpty),
    roles: Type.Optional(Strings),
    privileges: Type.Optional(Strings),
  },
  { additionalProperties: false },
);
export type SeedApiKey = Static<typeof SeedApiKey>;

/** The simulated cluster's settings. */
export const SeedCluster = Type.Object(
  {
    name: NonEmpty,
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+', description: 'The version `GET /` reports.' }),
    scaling_possible: Type.Boolean({
      description: 'Whether an increase that does not fit is accepted (autoscaling) or answered 429.',
    }),
    converge_ms: Type.Integer({ minimum: 0, description: 'How long allocation changes take to converge.' }),
    scaler_interval_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'How often the adaptive scaler runs (Elasticsearch: 10 s); 0: off.',
      }),
    ),
    scale_to_zero_time: Type.Optional(
      Type.String({
        description:
          'xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time (9.1 on; default 24h, at least 15m).',
      }),
    ),
    uuid: Type.Optional(NonEmpty),
    download_ms: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: "How long a download of Elastic's models takes (default 30 s).",
      }),
    ),
    download_fails: Type.Optional(
      Type.Boolean({ description: "When true, downloads of Elastic's models fail at their end." }),
    ),
  },
  { additionalProperties: false },
);

/** The cluster settings `PUT /_mock/settings` may change. */
export type ClusterSettingKey =
  | 'converge_ms'
  | 'scaling_possible'
  | 'scaler_interval_ms'
  | 'scale_to_zero_time';

/** The simulated security realm. */
export const SeedSecurity = Type.Object(
  { enabled: Type.Boolean(), users: Type.Array(SeedUser), api_keys: Type.Array(SeedApiKey) },
  { additionalProperties: false },
);

/** Everything the mock server holds: load it, read it back, load it again. */
export const SeedDocumentSchema = Type.Object(
  {
    cluster: SeedCluster,
    nodes: Type.Array(SeedNode),
    models: Type.Array(SeedModel),
    deployments: Type.Array(SeedDeployment),
    inference_endpoints: Type.Optional(Type.Array(SeedInferenceEndpoint)),
    security: SeedSecurity,
  },
  { additionalProperties: false },
);
export type SeedDocument = Static<typeof SeedDocumentSchema>;

/** The object schema with only `required` kept required (what a seed may leave out). */
function lenient<T extends TProperties, K extends keyof T & string>(
  schema: TObject<T>,
  required: readonly K[],
) {
  return Type.Composite([Type.Pick(schema, required), Type.Partial(Type.Omit(schema, required))], {
    additionalProperties: false,
  });
}

/** The JSON Schema every seed is checked against (before the consistency checks). */
export const seedSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    cluster: Type.Optional(Type.Partial(SeedCluster, { additionalProperties: false })),
    nodes: Type.Optional(Type.Array(lenient(SeedNode, ['id', 'processors']))),
    models: Type.Optional(Type.Array(lenient(SeedModel, ['model_id']))),
    deployments: Type.Optional(Type.Array(lenient(SeedDeployment, ['deployment_id']))),
    inference_endpoints: Type.Optional(
      Type.Array(
        Type.Object(
          {
            inference_id: NonEmpty,
            task_type: SeedInferenceEndpoint.properties.task_type,
            service: Type.Optional(Type.String({ minLength: 1 })),
            service_settings: Type.Composite(
              [
                Type.Pick(SeedInferenceEndpoint.properties.service_settings, ['model_id']),
                Type.Partial(Type.Omit(SeedInferenceEndpoint.properties.service_settings, ['model_id'])),
              ],
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    security: Type.Optional(Type.Partial(SeedSecurity, { additionalProperties: false })),
  },
  {
    $id: 'https://mldeploy.dev/schemas/mock-seed.json',
    title: 'mldeploy mock-server seed document',
    additionalProperties: false,
  },
);
export type SeedInput = Static<typeof seedSchema>;
