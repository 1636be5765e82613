// The `@mldeploy/core/rules` entry: Elasticsearch's rules and messages without the schemas and
// validators, so a command-line check or a form loads no TypeBox or AJV. The build bundles it into
// one file (scripts/bundle-rules.mjs): one module to load instead of twenty.
export {
  ALLOCATION_STATES,
  ASSIGNMENT_STATES,
  DEFAULT_TIMEOUT,
  DEFAULTS,
  defaultCacheSize,
  LIMITS,
  PRIORITIES,
  ROUTING_STATES,
  THREADS_PER_ALLOCATION_VALUES,
} from './defaults.js';
export * from './endpoints.js';
export { ApiError, type ApiErrorInfo } from './errors/api-error.js';
export {
  codeOf,
  type EnvelopeOptions,
  type EsError,
  esErrorToApiError,
  fromEnvelope,
  guessParseRootCause,
  toApiError,
  toCause,
  toEnvelope,
  toStringError,
} from './errors/envelope.js';
export { ERROR_CODES, type ErrorCode, isErrorCode } from './errors/error-codes.js';
export {
  DEPLOYMENT_INFER_DEPRECATION,
  INFER_MESSAGES,
  INFERENCE_API_MESSAGES,
  inferErrors,
} from './errors/infer-messages.js';
export {
  errors,
  formatValidation,
  INFERENCE_MESSAGES,
  MEDIA_TYPE_MESSAGES,
  PARSER_MESSAGES,
  PLACEMENT_MESSAGES,
  VALIDATION_MESSAGES,
  WWW_AUTHENTICATE,
} from './errors/messages.js';
export * from './model-lifecycle-exports.js';
export {
  type AdaptiveSettings,
  adaptiveSettingsEqual,
  adaptiveSettingsFromJson,
  adaptiveSettingsToJson,
  compactAdaptiveSettings,
  isAdaptiveEnabled,
  mergeAdaptiveSettings,
  RESET_PLACEHOLDER,
  resolveAdaptiveSettings,
  validateAdaptiveSettings,
} from './rules/adaptive-allocations.js';
export {
  calculateAssignmentState,
  deploymentStatsState,
  processCrashReason,
  type StoredAssignmentState,
} from './rules/assignment-state.js';
export { type ByteSizeResult, byteSizeToString, parseByteSizeValue } from './rules/byte-size.js';
export {
  checkInferRequest,
  INFER_BODY_PARSER,
  INFER_CONFIG_UPDATES,
  INFER_DEFAULT_TIMEOUT,
  type InferConfigUpdate,
  type InferRequest,
  inferPath,
} from './rules/check-infer-request.js';
export {
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
  checkTaskTypeMatches,
  DEFAULT_INFERENCE_ENDPOINTS,
  ELSER_MODEL_ID,
  type EndpointTaskType,
  type InferenceEndpointDeleteRequest,
  type InferenceEndpointGetRequest,
  type InferenceEndpointPutRequest,
  isDefaultInferenceId,
  SERVICE_TASK_TYPES,
  urlTaskType,
} from './rules/check-inference-endpoint.js';
export {
  checkInferenceUpdateRequest,
  IN_CLUSTER_SERVICES,
  INFERENCE_TASK_TYPES,
  type InferenceClusterView,
  type InferenceEndpointSnapshot,
  type InferencePlan,
  type InferenceTaskType,
  type InferenceUpdateRequest,
  javaMapString,
  planInferenceUpdate,
} from './rules/check-inference-update.js';
export {
  checkListRequest,
  checkStopRequest,
  INCLUDE_MODEL_DEFINITION_WARNING,
  type ListRequest,
  MODEL_INCLUDES,
  matchesIdExpression,
  type StopRequest,
} from './rules/check-other-requests.js';
export {
  checkPlainRequest,
  type PlainRequest,
  type RawEndpointRequest,
} from './rules/check-plain-request.js';
export {
  checkStartRequest,
  computeNumberOfAllocations,
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
export { compareJavaStrings } from './rules/compare-java-strings.js';
export { inferenceEndpointToJson } from './rules/inference-endpoint-to-json.js';
export { javaHashSetOrder, javaStringHashCode } from './rules/java-hash-set-order.js';
export {
  type BodyFormat,
  bodyFormatOf,
  checkMediaTypes,
  type MediaTypeRequest,
  type ParsedMediaType,
  parseMediaType,
} from './rules/media-type.js';
export {
  ELSER_MEMORY_BYTES,
  estimateDeploymentMemoryBytes,
  estimateModelMemoryBytes,
  isElserV1OrV2,
  MODEL_MEMORY_OVERHEAD_BYTES,
  type ModelMemoryInput,
} from './rules/model-memory.js';
export {
  DEFAULT_INPUT_FIELD,
  DEFAULT_RESULTS_FIELD,
  INFER_TASKS,
  type InferClusterView,
  type InferDeploymentView,
  type InferModelView,
  type InferTarget,
  type InferTask,
  type InferTaskName,
  inferTaskOf,
  notAllocatedError,
  planInferDocs,
  planInferTarget,
} from './rules/plan-infer.js';
export {
  checkInferenceApiRequest,
  type DeleteInferenceEndpointAnswer,
  ELASTIC_MODELS,
  endpointStartRequest,
  type InferenceApiRequest,
  type InferenceEndpointClusterView,
  type InferenceEndpointDeletePlan,
  type InferenceEndpointPutPlan,
  MODEL_TASK_OF,
  planInferenceEndpointDelete,
  planInferenceEndpointPut,
} from './rules/plan-inference-endpoint.js';
export {
  checkLowPriorityUpdate,
  type DeploymentSnapshot,
  planUpdate,
  type UpdatePlan,
} from './rules/plan-update.js';
export { checkEndpointRequest } from './rules/request-checks.js';
export { ALWAYS_SUPPORTED_PARAMS, parseQuery } from './rules/rest-params.js';
export {
  checkScaleToZeroTime,
  SCALE_TO_ZERO_DEFAULT_MS,
  SCALE_TO_ZERO_MINIMUM_MS,
  SCALE_TO_ZERO_SETTING,
  scaleToZeroTimeMs,
} from './rules/scale-to-zero-time.js';
export { parseTimeValue, type TimeValueResult } from './rules/time-value.js';
export type { UpdateRequest } from './rules/update-request.js';
export { validateUpdateRequest } from './rules/validate-update.js';
export { type VersionedRequest, versionRefusal } from './rules/version-features.js';
export {
  CURRENT_ES_VERSION,
  compareVersions,
  FEATURE_VERSIONS,
  type ServerFacts,
  serverFacts,
  supports,
} from './versions.js';
