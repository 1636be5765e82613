// The full entry: everything of @mldeploy/core/rules (re-exported from it, so both entries share
// one copy of every class and function), plus the schemas, routes, documents and validators.

export {
  defineEndpoint,
  type EndpointDefinition,
} from './endpoint-spec.js';
export { DEFINITIONS } from './endpoints/definitions.generated.js';
export { jsonSchemas, openApiDocument, toJsonSchema } from './openapi.js';
export type { ResponseOf } from './response-of.js';
// Routes and documents
export {
  GetClusterInfo,
  GetTrainedModels,
  GetTrainedModelsStats,
  ROUTES,
  type RouteDescriptor,
  routeOf,
  StartDeployment,
  StopDeployment,
  UpdateDeployment,
  UpdateInferenceEndpoint,
} from './routes.js';
export * from './rules.js';
export {
  AdaptiveAllocationsRequest,
  AdaptiveAllocationsSettings,
} from './schemas/adaptive-allocations.js';
export { ClusterInfo } from './schemas/cluster-info.js';
export {
  ByteSize,
  DeploymentAllocationState,
  DeploymentAssignmentState,
  Id,
  RoutingState,
  TrainingPriority,
} from './schemas/common.js';
export {
  checkDesiredState,
  DesiredAdaptiveAllocations,
  DesiredDeployment,
  DesiredState,
  type DesiredStateIssue,
  type DesiredStateResult,
  type DocumentPath,
  desiredStateJsonSchema,
} from './schemas/desired-state.js';
export { ErrorCause, ErrorEnvelope, StringErrorBody } from './schemas/error-envelope.js';
export {
  ClassificationResult,
  DeleteInferenceEndpointResponse,
  GetInferenceEndpointsResponse,
  InferenceApiResponse,
  InferenceRequestBody,
  InferResult,
  InferTrainedModelBody,
  InferTrainedModelResponse,
  NerEntity,
  NerResult,
  PutInferenceEndpointBody,
  QuestionAnsweringResult,
  TopAnswerEntry,
  TopClassEntry,
} from './schemas/infer.js';
export {
  InferenceEndpointResponse,
  InferenceTaskType as InferenceTaskTypeSchema,
  UpdateInferenceEndpointBody,
  UpdateInferenceEndpointParams,
  UpdateInferenceEndpointQuery,
} from './schemas/inference-update.js';
export {
  AcknowledgedResponse,
  CatTrainedModelsResponse,
  MlInfoResponse,
  PutDefinitionPartBody,
  PutTrainedModelBody,
  PutVocabularyBody,
} from './schemas/model-lifecycle.js';
export {
  StartDeploymentBody,
  StartDeploymentParams,
  StartDeploymentQuery,
  StartDeploymentResponse,
} from './schemas/start-deployment.js';
export {
  StopDeploymentBody,
  StopDeploymentParams,
  StopDeploymentQuery,
  StopDeploymentResponse,
} from './schemas/stop-deployment.js';
export {
  TrainedModelAssignment,
  TrainedModelAssignmentRoutingTable,
  TrainedModelAssignmentTaskParameters,
} from './schemas/trained-model-assignment.js';
export {
  GetTrainedModelsParams,
  GetTrainedModelsQuery,
  GetTrainedModelsResponse,
  TrainedModelConfig,
} from './schemas/trained-model-config.js';
export {
  DeploymentNodeStats,
  DeploymentStats,
  DiscoveryNodeContent,
  GetTrainedModelsStatsParams,
  GetTrainedModelsStatsQuery,
  GetTrainedModelsStatsResponse,
  TrainedModelStats,
} from './schemas/trained-model-stats.js';
export {
  UpdateDeploymentBody,
  UpdateDeploymentParams,
  UpdateDeploymentQuery,
  UpdateDeploymentResponse,
} from './schemas/update-deployment.js';
// Validators
export { compileValidator } from './validate/compile.js';
export * from './validators.js';
