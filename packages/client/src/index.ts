export type {
  AdaptiveAllocationsRequest,
  AdaptiveAllocationsSettings,
  ClusterInfo,
  DeploymentAllocationState,
  DeploymentAssignmentState,
  DeploymentNodeStats,
  DeploymentStats,
  ErrorCause,
  ErrorEnvelope,
  GetTrainedModelsResponse,
  GetTrainedModelsStatsResponse,
  InferenceEndpointResponse,
  InferenceTaskType,
  PutInferenceEndpointBody,
  RoutingState,
  StartDeploymentResponse,
  StopDeploymentResponse,
  TrainedModelAssignment,
  TrainedModelConfig,
  TrainedModelStats,
  TrainingPriority,
  UpdateDeploymentBody,
  UpdateDeploymentResponse,
  ValidationIssue,
} from '@mldeploy/core';
// Core's error family and contract types, so users install one package.
export {
  ApiError,
  type ApiErrorInfo,
  ERROR_CODES,
  type ErrorCode,
  FEATURE_VERSIONS,
  isErrorCode,
} from '@mldeploy/core/rules';
export type {
  AllocationProgress,
  NodeAllocationProgress,
  WaitForAllocationsOptions,
} from './allocation-progress.js';
export type { CallOptions, ClientAuth, ClientOptions, ResponseIssue } from './client-options.js';
export { type CloudId, CloudIdError, parseCloudId } from './cloud-id.js';
export { createClient, SNIFF_ENDPOINT } from './create-client.js';
export { Diagnostic } from './diagnostic.js';
export { MlDeployClient } from './ml-deploy-client.js';
export type {
  DiagnosticEvent,
  DiagnosticEvents,
  NodeFilter,
  NodeInfo,
  NodeRoles,
  NodeSelector,
  PoolNodeOptions,
  Redaction,
  ResponseMeta,
} from './node-options.js';
// prepareUpdate, fixedAllocations, describeChanges and their types.
export * from './prepare-update.js';
export type { RawRequest, RawResponse } from './raw-request.js';
export type { StartDeploymentInput, StopDeploymentInput } from './start-deployment-input.js';
export type {
  AdaptiveAllocationsDisabled,
  RequestDescription,
  UpdateDeploymentInput,
  UpdateDeploymentOptions,
} from './update-deployment-input.js';
export type { InferenceEndpointAllocations } from './update-inference-endpoint-input.js';
export {
  type AssignmentSummary,
  adaptiveRange,
  describeError,
  type ErrorView,
  summarizeAssignment,
  toAllocationProgress,
} from './view.js';
