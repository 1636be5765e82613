/**
 * Every error mldeploy knows, with the HTTP status and Elasticsearch `type` it travels with.
 * Entries marked `local` never cross the wire: the client raises them itself.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, type: 'action_request_validation_exception' },
  ADAPTIVE_ALLOCATIONS_ENABLED: { status: 400, type: 'validation_exception' },
  BODY_PARSE_FAILED: { status: 400, type: 'x_content_parse_exception' },
  BODY_REQUIRED: { status: 400, type: 'parse_exception' },
  BODY_NOT_SUPPORTED: { status: 400, type: 'illegal_argument_exception' },
  BAD_PARAMETER: { status: 400, type: 'illegal_argument_exception' },
  UNRECOGNIZED_PARAMETER: { status: 400, type: 'illegal_argument_exception' },
  TIME_VALUE_INVALID: { status: 400, type: 'illegal_argument_exception' },
  BYTE_SIZE_INVALID: { status: 400, type: 'parse_exception' },
  INCLUDE_INVALID: { status: 400, type: 'status_exception' },
  INCONSISTENT_ID: { status: 400, type: 'status_exception' },
  PARAMETER_CONFLICT: { status: 400, type: 'status_exception' },
  DEPLOYMENT_ID_EXISTS: { status: 400, type: 'status_exception' },
  MEDIA_TYPE_INVALID: { status: 400, type: 'media_type_header_exception' },
  INFERENCE_UPDATE_INVALID: { status: 400, type: 'status_exception' },
  INFERENCE_SETTINGS_INVALID: { status: 400, type: 'validation_exception' },
  // Inference (`_infer`, the `_inference` endpoints): docs/inference.md.
  INFERENCE_INVALID: { status: 400, type: 'status_exception' },
  INFERENCE_ENDPOINT_EXISTS: { status: 400, type: 'resource_already_exists_exception' },
  // The routing layer answers these three with a plain string `error` and no type.
  NO_HANDLER: { status: 400, type: 'string_error' },
  AUTHENTICATION_REQUIRED: { status: 401, type: 'security_exception' },
  AUTHENTICATION_FAILED: { status: 401, type: 'security_exception' },
  UNAUTHORIZED: { status: 403, type: 'security_exception' },
  DEPLOYMENT_NOT_FOUND: { status: 404, type: 'resource_not_found_exception' },
  MODEL_NOT_FOUND: { status: 404, type: 'resource_not_found_exception' },
  INFERENCE_ENDPOINT_NOT_FOUND: { status: 404, type: 'resource_not_found_exception' },
  METHOD_NOT_ALLOWED: { status: 405, type: 'string_error' },
  CONTENT_TYPE_NOT_SUPPORTED: { status: 406, type: 'string_error' },
  DEPLOYMENT_NOT_STARTED: { status: 409, type: 'status_exception' },
  DEPLOYMENT_OWNED_BY_INFERENCE: { status: 409, type: 'status_exception' },
  DEPLOYMENT_ALREADY_STARTED: { status: 409, type: 'status_exception' },
  DEPLOYMENT_IN_USE: { status: 409, type: 'status_exception' },
  INFERENCE_DEPLOYMENT_CONFLICT: { status: 409, type: 'status_exception' },
  INFER_CONFLICT: { status: 409, type: 'status_exception' },
  INFER_TIMEOUT: { status: 408, type: 'status_exception' },
  // [inferred] type; ES 8.x answers oversized bodies with 413.
  CONTENT_TOO_LARGE: { status: 413, type: 'content_too_long_exception' },
  // [inferred] ModelDeploymentTimeoutException: its status and type string are open (docs/rules.md).
  DEPLOYMENT_START_TIMEOUT: { status: 408, type: 'model_deployment_timeout_exception' },
  INSUFFICIENT_RESOURCES: { status: 429, type: 'status_exception' },
  TOO_MANY_REQUESTS: { status: 429, type: 'es_rejected_execution_exception' },
  INTERNAL_ERROR: { status: 500, type: 'exception' },
  SERVICE_UNAVAILABLE: { status: 503, type: 'master_not_discovered_exception' },
  // The model lifecycle (PUT, parts, vocabulary, aliases, delete): docs/model-lifecycle.md.
  MODEL_REQUEST_INVALID: { status: 400, type: 'status_exception' },
  MODEL_EXISTS: { status: 400, type: 'resource_already_exists_exception' },
  // [inferred] status: the start action's check of a running download (docs/model-lifecycle.md).
  MODEL_DOWNLOADING: { status: 400, type: 'status_exception' },
  MODEL_DEFINITION_NOT_FOUND: { status: 404, type: 'resource_not_found_exception' },
  MODEL_ALIAS_NOT_FOUND: { status: 404, type: 'status_exception' },
  MODEL_IN_USE: { status: 409, type: 'status_exception' },
  MODEL_ALIAS_CONFLICT: { status: 409, type: 'status_exception' },
  ELASTICSEARCH_ERROR: { status: 0, type: 'elasticsearch_error', local: true },
  NETWORK_ERROR: { status: 0, type: 'connection_error', local: true },
  TIMEOUT: { status: 0, type: 'timeout_error', local: true },
  ABORTED: { status: 0, type: 'request_aborted', local: true },
  RESPONSE_INVALID: { status: 0, type: 'response_invalid', local: true },
  VERSION_UNSUPPORTED: { status: 0, type: 'version_unsupported', local: true },
  WAIT_FAILED: { status: 0, type: 'wait_failed', local: true },
} as const satisfies Record<string, { status: number; type: string; local?: true }>;

/** A key of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is a known error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
