// The `@mldeploy/core/rules` entry: Elasticsearch's rules and messages without the schemas and
// validators, so a command-line check or a form loads no TypeBox or AJV (a fraction of the time).
export { ApiError, type ApiErrorInfo } from './errors/api-error.js';
export {
  codeOf,
  type EsError,
  esErrorToApiError,
  fromEnvelope,
  toApiError,
  toEnvelope,
  toStringError,
} from './errors/envelope.js';
export { ERROR_CODES, type ErrorCode, isErrorCode } from './errors/error-codes.js';
export { errors, formatValidation } from './errors/messages.js';
export {
  type AdaptiveSettings,
  adaptiveSettingsFromJson,
  adaptiveSettingsToJson,
  isAdaptiveEnabled,
  resolveAdaptiveSettings,
  validateAdaptiveSettings,
} from './rules/adaptive-allocations.js';
export { checkListRequest, checkStopRequest } from './rules/check-other-requests.js';
export { checkStartRequest, type StartRequest } from './rules/check-start-request.js';
export { type CheckResult, checkUpdateRequest, type RawUpdateRequest } from './rules/check-update-request.js';
export { type DeploymentSnapshot, planUpdate, type UpdatePlan } from './rules/plan-update.js';
export type { UpdateRequest } from './rules/update-request.js';
export { compareVersions, FEATURE_VERSIONS, supports } from './versions.js';
