// The `@mldeploy/core/validators` entry: the precompiled response and body validators without the
// schemas, TypeBox or AJV, for clients and browsers (types come from the main entry).
export {
  formatIssues,
  RESPONSE_VALIDATORS,
  type ValidationIssue,
  type ValidationResult,
  type Validator,
  validateClusterInfo,
  validateErrorEnvelope,
  validateInferenceEndpointResponse,
  validateModelsResponse,
  validateStartResponse,
  validateStatsResponse,
  validateStopResponse,
  validateStringError,
  validateUpdateBody,
  validateUpdateResponse,
} from './validate/validators.js';
