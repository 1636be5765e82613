// Schemas

// Errors
export { ApiError, type ApiErrorInfo } from './errors/api-error.js';
export {
  codeOf,
  type EnvelopeOptions,
  type EsError,
  esErrorToApiError,
  fromEnvelope,
  toApiError,
  toEnvelope,
  toStringError,
} from './errors/envelope.js';
export { ERROR_CODES, type ErrorCode, isErrorCode } from './errors/error-codes.js';
export { ACTIONS, errors, formatValidation, WWW_AUTHENTICATE } from './errors/messages.js';
export { jsonSchemas, openApiDocument, toJsonSchema } from './openapi.js';
// Routes and documents
export {
  GetClusterInfo,
  GetTrainedModels,
  GetTrainedModelsStats,
  ROUTES,
  type RouteDescriptor,
  StartDeployment,
  StopDeployment,
  UpdateDeployment,
} from './routes.js';
// Rules
export {
  type AdaptiveSettings,
  adaptiveSettingsEqual,
  adaptiveSettingsFromJson,
  adaptiveSettingsToJson,
  isAdaptiveEnabled,
  mergeAdaptiveSettings,
  RESET_PLACEHOLDER,
  resolveAdaptiveSettings,
  validateAdaptiveSettings,
} from './rules/adaptive-allocations.js';
export {
  checkListRequest,
  checkStopRequest,
  type ListRequest,
  matchesIdExpression,
  type StopRequest,
} from './rules/check-other-requests.js';
export {
  checkStartRequest,
  type RawStartRequest,
  START_DEFAULTS,
  type StartRequest,
} from './rules/check-start-request.js';
export {
  type CheckResult,
  checkUpdateRequest,
  type RawUpdateRequest,
  updatePath,
} from './rules/check-update-request.js';
export { type DeploymentSnapshot, planUpdate, type UpdatePlan } from './rules/plan-update.js';
export { ALWAYS_SUPPORTED_PARAMS, parseQuery } from './rules/rest-params.js';
export { parseTimeValue, type TimeValueResult } from './rules/time-value.js';
export type { UpdateRequest } from './rules/update-request.js';
export { validateUpdateRequest } from './rules/validate-update.js';
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
export { ErrorCause, ErrorEnvelope, StringErrorBody } from './schemas/error-envelope.js';
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
export {
  formatIssues,
  type ValidationIssue,
  type ValidationResult,
  type Validator,
  validateClusterInfo,
  validateErrorEnvelope,
  validateModelsResponse,
  validateStartResponse,
  validateStatsResponse,
  validateStopResponse,
  validateStringError,
  validateUpdateBody,
  validateUpdateResponse,
} from './validate/validators.js';
export { compareVersions, FEATURE_VERSIONS, supports } from './versions.js';
