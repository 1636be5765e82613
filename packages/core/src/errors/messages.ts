import type { ErrorCause } from '../schemas/error-envelope.js';
import type { EsError } from './envelope.js';
import { toEnvelope, toStringError } from './envelope.js';

/** The `WWW-Authenticate` values Elasticsearch 8.x sends with a 401. */
export const WWW_AUTHENTICATE = [
  'Basic realm="security", charset="UTF-8"',
  'Bearer realm="security"',
  'ApiKey',
];

/**
 * The `validate()` messages, byte for byte, in one place: the rules push these into a
 * `Validation Failed: …` list ({@link errors.validationFailed}). Sources: docs/rules.md.
 */
export const VALIDATION_MESSAGES = {
  allocationsPositive: '[number_of_allocations] must be a positive integer',
  allocationsWithAdaptive: '[number_of_allocations] cannot be set if adaptive allocations is enabled',
  minNonNegative: '[min_number_of_allocations] must be a non-negative integer or null',
  /** [inferred] Before 8.16 (scale to zero, #113455) the minimum had to be positive. */
  minPositiveBeforeScaleToZero: '[min_number_of_allocations] must be a positive integer or null',
  maxPositive: '[max_number_of_allocations] must be a positive integer or null',
  minAboveMax: '[min_number_of_allocations] must not be larger than [max_number_of_allocations]',
  threadsPositive: '[threads_per_allocation] must be a positive integer',
  threadsPowerOfTwo: (max: number) =>
    `[threads_per_allocation] must be a power of 2 less than or equal to ${max}`,
  queuePositive: '[queue_capacity] must be a positive integer',
  queueTooLarge: (max: number) => `[queue_capacity] must be less than ${max}`,
  timeoutPositive: '[timeout] must be positive',
  lowPriorityAllocations: '[number_of_allocations] must be 1 when [priority] is low',
  lowPriorityThreads: '[threads_per_allocation] must be 1 when [priority] is low',
  /** [inferred] `_update` of a low-priority deployment to adaptive max above 1 (no text found). */
  lowPriorityMaxAllocations: '[max_number_of_allocations] must be 1 when [priority] is low',
  fromNegative: '[from] parameter cannot be negative',
  sizeNegative: '[size] parameter cannot be negative',
} as const;

/** Texts of causes and warnings that are not errors of their own. */
export const OTHER_MESSAGES = {
  /** ByteSizeValue.of: a size below -1 bytes (the cause of "as a size in bytes"). */
  byteSizeBelowMinusOne: (size: string) => `Values less than -1 bytes are not supported: ${size}`,
  /** ByteSizeValue.of: more bytes than a long holds. */
  byteSizeTooLarge: (max: string, size: string) =>
    `Values greater than ${max} bytes are not supported: ${size}`,
  /** The stats' reason when every route failed (TransportGetDeploymentStatsAction). */
  allRoutesFailed: 'All node routes are failed; see node route reason for details',
  /** A route's reason once its node's process failed and is not restarted (DeploymentManager). */
  processCrashed: (reason: string) => `inference process crashed due to reason [${reason}]`,
  /** Setting.timeSetting's minimum (`failed to parse value [v] for setting [k], must be >= [min]`). */
  settingBelowMinimum: (value: string, key: string, min: string) =>
    `failed to parse value [${value}] for setting [${key}], must be >= [${min}]`,
  /** RestGetTrainedModelsAction's deprecation warning (read before 9.0). */
  includeModelDefinitionDeprecated:
    '[include_model_definition] parameter is deprecated! Use [include=definition] instead.',
} as const;

/** The strict body parser's messages (ObjectParser), without the `[line:col] ` prefix. */
export const PARSER_MESSAGES = {
  expectedObject: (parser: string, token: string) => `[${parser}] Expected START_OBJECT but was: ${token}`,
  unknownField: (parser: string, field: string, suggestions: readonly string[]) =>
    `[${parser}] unknown field [${field}]${suggestions.length > 0 ? ` did you mean ${didYouMean(suggestions)}?` : ''}`,
  unsupportedToken: (parser: string, field: string, token: string) =>
    `[${parser}] ${field} doesn't support values of type: ${token}`,
  failedToParseField: (parser: string, field: string) => `[${parser}] failed to parse field [${field}]`,
  /** LoggingDeprecationHandler.logRenamedField: the parser, the name's location, the names. */
  deprecatedField: (parser: string, line: number, column: number, used: string, preferred: string) =>
    `[${parser}][${line}:${column}] Deprecated field [${used}] used, expected [${preferred}] instead`,
} as const;

/**
 * RestCompatibleVersionHelper's messages (the `caused_by` of a `media_type_header_exception`);
 * headers are written as sent, a missing one as `null`.
 */
export const MEDIA_TYPE_MESSAGES = {
  acceptVersion: (major: number, minimum: number, found: string, header: string) =>
    `Accept version must be either version ${major} or ${minimum}, but found ${found}. Accept=${header}`,
  contentTypeVersion: (major: number, minimum: number, found: string, header: string) =>
    `Content-Type version must be either version ${major} or ${minimum}, but found ${found}. Content-Type=${header}`,
  versionsDiffer: (accept: string, contentType: string) =>
    `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept=${accept}, Content-Type=${contentType}`,
  versionOnBoth: (accept: string, contentType: string) =>
    `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept=${accept}, Content-Type=${contentType}`,
} as const;

/** The inference API's `_update` messages (UpdateInferenceModelAction, TransportUpdateInferenceModelAction). */
export const INFERENCE_MESSAGES = {
  bodyEmpty: 'Request body is empty',
  fieldsNotUpdatable: (map: string) =>
    `Request contained fields which cannot be updated, remove these fields and try again [${map}]`,
  serviceSettingsNotObject: (map: string) => `Unable to parse service settings in the request [${map}]`,
  taskSettingsNotObject: (map: string) => `Unable to parse task settings in the request [${map}]`,
  /** [inferred] TaskType.fromStringOrStatusException. */
  unknownTaskType: (value: string) => `Unknown task_type [${value}]`,
  /** [inferred] ServiceUtils.resolveTaskType. */
  conflictingTaskType: (url: string, body: string) =>
    `Cannot resolve conflicting task_type parameter in the request URL [${url}] and the request body [${body}]`,
  taskTypeMismatch: 'Task type must match the task type of the existing endpoint',
  endpointMissing: (id: string) => `The inference endpoint [${id}] does not exist and cannot be updated`,
  /** [inferred] Messages.MODEL_ID_DOES_NOT_MATCH_EXISTING_MODEL_IDS_BUT_MUST_FOR_IN_CLUSTER_SERVICE. */
  deploymentMissing: (id: string) =>
    `Requested model ID [${id}] does not have a matching trained model and thus cannot be updated.`,
  createdByTrainedModelsApi: (id: string, deployment: string) =>
    `Cannot update inference endpoint [${id}] using model deployment [${deployment}]. The model deployment must be updated through the trained models API.`,
  createdByAnotherEndpoint: (id: string, deployment: string, owner: string) =>
    `Cannot update inference endpoint [${id}] for model deployment [${deployment}] as it was created by another inference endpoint. The model can only be updated using inference endpoint id [${owner}].`,
  /** ServiceUtils.missingOneOfSettingsErrorMsg [inferred wording]. */
  missingOneOf:
    '[service_settings] does not contain one of the required settings [num_allocations, adaptive_allocations]',
  bothSet: '[num_allocations] cannot be set if [adaptive_allocations] is set',
  /** ServiceUtils.mustBeAPositiveIntegerErrorMessage [inferred for the parser-based update]. */
  notPositive: (value: number) =>
    `[service_settings] Invalid value [${value}]. [num_allocations] must be a positive integer`,
  numThreads: '[num_threads] cannot be updated',
  invalidId: (id: string) =>
    `Invalid inference_id; '${id}' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start and end with alphanumeric`,
} as const;

/**
 * Why placement found no node for one more allocation, one line per node joined with `|`: the
 * assignment planner's explanation (TrainedModelAssignmentRebalancer), which `_start`'s 429 carries.
 */
export const PLACEMENT_MESSAGES = {
  noMlNodes: 'No ML nodes in the cluster',
  insufficientProcessors: (node: string, processors: number, free: number, required: number) =>
    `Could not assign (more) allocations on node [${node}]. Reason: This node has insufficient allocated processors. Available processors [${processors}], free processors [${free}], processors required for each allocation of this model [${required}]`,
  insufficientMemory: (node: string, available: number, existing: number, required: number) =>
    `Could not assign (more) allocations on node [${node}]. Reason: This node has insufficient available memory. Available memory for ML [${available}], memory required by existing job [${existing}], estimated memory required for this model [${required}]`,
  /** The per-node lines as one explanation. */
  join: (lines: readonly string[]) => lines.join('|'),
} as const;

/** Builders for every server message, byte for byte as Elasticsearch writes them. */
export const errors = {
  /** `validate()` failures: `Validation Failed: 1: …;2: …;`. */
  validationFailed: (messages: readonly string[]): EsError =>
    toEnvelope('VALIDATION_FAILED', formatValidation(messages)),
  /** The merged check of `_update` (docs/rules.md): a number while adaptive allocations are enabled. */
  adaptiveAllocationsEnabled: (): EsError =>
    toEnvelope(
      'ADAPTIVE_ALLOCATIONS_ENABLED',
      formatValidation([VALIDATION_MESSAGES.allocationsWithAdaptive]),
    ),
  deploymentNotFound: (id: string): EsError =>
    toEnvelope('DEPLOYMENT_NOT_FOUND', `No known model deployment with id [${id}]`),
  /** A deployment id with no trained model assignment, as the task actions on a deployment say it. */
  assignmentNotFound: (id: string): EsError =>
    toEnvelope('DEPLOYMENT_NOT_FOUND', `assignment for model with id [${id}] not found`),
  modelNotFound: (id: string): EsError =>
    toEnvelope('MODEL_NOT_FOUND', `Could not find trained model [${id}]`),
  notStarted: (): EsError =>
    toEnvelope('DEPLOYMENT_NOT_STARTED', 'cannot update deployment that is not in [started] state'),
  ownedByInferenceEndpoint: (id: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_OWNED_BY_INFERENCE',
      `Cannot update deployment [${id}] as it was created by inference endpoint [${id}]. This model deployment must be updated through the inference API.`,
    ),
  insufficientResourcesUpdate: (): EsError =>
    toEnvelope(
      'INSUFFICIENT_RESOURCES',
      'Could not update deployment because there are not enough resources to provide all requested allocations',
    ),
  insufficientResourcesStart: (): EsError =>
    toEnvelope(
      'INSUFFICIENT_RESOURCES',
      'Could not start deployment because there are not enough resources to provide all requested allocations',
    ),
  noCapacityStart: (explanation: string): EsError =>
    toEnvelope(
      'INSUFFICIENT_RESOURCES',
      'Could not start deployment because no ML nodes with sufficient capacity were found',
      {
        causedBy: {
          type: 'illegal_state_exception',
          reason: `Could not start deployment because no suitable nodes were found, allocation explanation [${explanation}]`,
        },
      },
    ),
  alreadyStarted: (id: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_ALREADY_STARTED',
      `Cannot start deployment [${id}] because it has already been started`,
    ),
  deploymentIdExists: (id: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_ID_EXISTS',
      `Could not start model deployment because an existing deployment with the same id [${id}] exist`,
    ),
  deploymentIdIsOtherModel: (id: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_ID_EXISTS',
      `Deployment id [${id}] is the same as an another model which is not the model being deployed. Deployment id can be the same as the model being deployed but cannot match a different model`,
    ),
  stopReferencedByPipelines: (id: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_IN_USE',
      `Cannot stop deployment [${id}] as it is referenced by ingest processors; use force to stop the deployment`,
    ),
  inconsistentId: (field: string, bodyValue: string, pathValue: string): EsError =>
    toEnvelope(
      'INCONSISTENT_ID',
      `Inconsistent ${field}; '${bodyValue}' specified in the body differs from '${pathValue}' specified as a URL argument`,
    ),
  /** `_stop`'s own check throws an IllegalArgumentException, not a status exception. */
  inconsistentStopId: (bodyValue: string, pathValue: string): EsError =>
    toEnvelope(
      'BAD_PARAMETER',
      `Inconsistent model_id; '${bodyValue}' specified in the body differs from '${pathValue}' specified as a URL argument`,
    ),
  parameterConflict: (bodyValue: string, queryValue: string): EsError =>
    toEnvelope(
      'PARAMETER_CONFLICT',
      `The parameter ${bodyValue} in the body is different from the parameter ${queryValue} in the query`,
    ),
  bodyNotSupported: (method: string, path: string): EsError =>
    toEnvelope('BODY_NOT_SUPPORTED', `request [${method} ${path}] does not support having a body`),
  bodyRequired: (): EsError => toEnvelope('BODY_REQUIRED', 'request body is required'),
  badIntParameter: (name: string, value: string): EsError =>
    toEnvelope('BAD_PARAMETER', `Failed to parse int parameter [${name}] with value [${value}]`, {
      causedBy: { type: 'number_format_exception', reason: `For input string: "${value}"` },
    }),
  badBooleanParameter: (value: string): EsError =>
    toEnvelope('BAD_PARAMETER', `Failed to parse value [${value}] as only [true] or [false] are allowed.`),
  /** An enum value `Enum.valueOf` does not know (`No enum constant <class>.<VALUE>`). */
  noEnumConstant: (javaClass: string, value: string): EsError =>
    toEnvelope('BAD_PARAMETER', `No enum constant ${javaClass}.${value.toUpperCase()}`),
  /** TimeValue.parseTimeValue: a missing or unknown unit, or a negative duration. */
  badTimeValue: (setting: string, value: string, why: string): EsError =>
    toEnvelope(
      'TIME_VALUE_INVALID',
      `failed to parse setting [${setting}] with value [${value}] as a time value: ${why}`,
    ),
  /** TimeValue.parseTimeValue: a unit with a number `Long.parseLong` refuses (fractional or not). */
  timeValueNotANumber: (value: string, number: string, fractional: boolean): EsError =>
    toEnvelope(
      'TIME_VALUE_INVALID',
      fractional
        ? `failed to parse [${value}], fractional time values are not supported`
        : `failed to parse [${value}]`,
      {
        causedBy: {
          type: 'number_format_exception',
          reason: number.length === 0 ? `For input string: ""` : `For input string: "${number}"`,
        },
      },
    ),
  /**
   * ByteSizeValue.parseBytesSizeValue (ElasticsearchParseException): `why` is `as a size in bytes:
   * unit is missing or unrecognized`, `as a size in bytes` (with the cause), or empty.
   */
  badByteSize: (setting: string, value: string, why: string, cause?: ErrorCause): EsError =>
    toEnvelope(
      'BYTE_SIZE_INVALID',
      `failed to parse setting [${setting}] with value [${value}]${why.length > 0 ? ` ${why}` : ''}`,
      cause ? { causedBy: cause } : {},
    ),
  /** ByteSizeValue.parseBytesSizeValue: a fraction with more than two decimals. */
  byteSizeTooPrecise: (setting: string, value: string): EsError =>
    toEnvelope(
      'BYTE_SIZE_INVALID',
      `more than two decimal places in setting [${setting}] with value [${value}]`,
    ),
  /** GetTrainedModelsAction.Includes: values it does not know, and the ones it does (Java sets). */
  unknownIncludes: (unknown: string, known: string): EsError =>
    toEnvelope('INCLUDE_INVALID', `unknown [include] parameters ${unknown}. Valid options are ${known}`),
  unrecognizedParameters: (path: string, message: string): EsError =>
    toEnvelope('UNRECOGNIZED_PARAMETER', `request [${path}] contains ${message}`),
  /** BaseRestHandler.unrecognized: each parameter with its close candidates, sorted by name. */
  unrecognizedParameterList: (
    path: string,
    invalid: ReadonlyArray<{ name: string; suggestions: readonly string[] }>,
  ): EsError =>
    toEnvelope(
      'UNRECOGNIZED_PARAMETER',
      `request [${path}] contains unrecognized parameter${invalid.length > 1 ? 's' : ''}: ${invalid
        .map(({ name, suggestions }) =>
          suggestions.length > 0 ? `[${name}] -> did you mean ${didYouMean(suggestions)}?` : `[${name}]`,
        )
        .join(', ')}`,
    ),
  /** A body the strict parser refused (`x_content_parse_exception`), with its cause and root cause. */
  bodyParseFailed: (reason: string, causedBy?: ErrorCause, rootCause?: ErrorCause): EsError =>
    toEnvelope(
      'BODY_PARSE_FAILED',
      reason,
      causedBy && rootCause
        ? { causedBy, rootCause: [rootCause] }
        : causedBy
          ? { causedBy }
          : rootCause
            ? { rootCause: [rootCause] }
            : {},
    ),
  methodNotAllowed: (uri: string, method: string, allowed: readonly string[]): EsError =>
    toStringError(
      'METHOD_NOT_ALLOWED',
      `Incorrect HTTP method for uri [${uri}] and method [${method}], allowed: [${allowed.join(', ')}]`,
      { allow: allowed.join(',') },
    ),
  noHandler: (uri: string, method: string): EsError =>
    toStringError('NO_HANDLER', `no handler found for uri [${uri}] and method [${method}]`),
  missingCredentials: (uri: string): EsError =>
    securityError('AUTHENTICATION_REQUIRED', `missing authentication credentials for REST request [${uri}]`),
  badCredentials: (principal: string, uri: string): EsError =>
    securityError(
      'AUTHENTICATION_FAILED',
      `unable to authenticate user [${principal}] for REST request [${uri}]`,
    ),
  /** A bad API key or bearer token [inferred wording, ES 8.x]. */
  badApiKey: (): EsError =>
    securityError(
      'AUTHENTICATION_FAILED',
      'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
    ),
  unauthorized: (action: string, who: string, privileges: readonly string[]): EsError =>
    toEnvelope(
      'UNAUTHORIZED',
      `action [${action}] is unauthorized for ${who}, this action is granted by the cluster privileges [${privileges.join(',')}]`,
    ),
  /** A body sent without any Content-Type (RestController.sendContentTypeErrorMessage). */
  contentTypeMissing: (): EsError =>
    toStringError('CONTENT_TYPE_NOT_SUPPORTED', 'Content-Type header is missing'),
  /** Bytes the HTTP decoder rejects (RestController.dispatchBadRequest) [inferred wording]. */
  malformedHttp: (what: string): EsError => toEnvelope('BAD_PARAMETER', `invalid HTTP request: ${what}`),
  /** A URI the REST layer cannot decode (RestUtils.decodeComponent). */
  badUri: (reason: string): EsError => toEnvelope('BAD_PARAMETER', reason),
  startTimeout: (id: string, timeout: string): EsError =>
    toEnvelope(
      'DEPLOYMENT_START_TIMEOUT',
      `Timed out after [${timeout}] waiting for trained model deployment [${id}] to start. Use the trained model stats API to track the state of the deployment and try again once it has started.`,
    ),
  /** The inference `_update` API's status exceptions (400). */
  inferenceUpdateInvalid: (reason: string): EsError => toEnvelope('INFERENCE_UPDATE_INVALID', reason),
  /** The inference `_update` API's service settings validation (400 `validation_exception`). */
  inferenceSettingsInvalid: (messages: readonly string[]): EsError =>
    toEnvelope('INFERENCE_SETTINGS_INVALID', formatValidation(messages)),
  inferenceEndpointNotFound: (id: string): EsError =>
    toEnvelope('INFERENCE_ENDPOINT_NOT_FOUND', INFERENCE_MESSAGES.endpointMissing(id)),
  inferenceDeploymentMissing: (id: string): EsError =>
    toEnvelope('DEPLOYMENT_NOT_FOUND', INFERENCE_MESSAGES.deploymentMissing(id)),
  inferenceDeploymentConflict: (reason: string): EsError =>
    toEnvelope('INFERENCE_DEPLOYMENT_CONFLICT', reason),
  internalError: (reason: string): EsError => toEnvelope('INTERNAL_ERROR', reason),
  contentTypeNotSupported: (contentType: string): EsError =>
    toStringError('CONTENT_TYPE_NOT_SUPPORTED', `Content-Type header [${contentType}] is not supported`),
  mediaTypeInvalid: (reason: string): EsError =>
    toEnvelope('MEDIA_TYPE_INVALID', 'Invalid media-type value on headers [Content-Type, Accept]', {
      causedBy: { type: 'status_exception', reason },
      rootCause: [
        {
          type: 'media_type_header_exception',
          reason: 'Invalid media-type value on headers [Content-Type, Accept]',
        },
      ],
    }),
  contentTooLarge: (length: number, limit: number): EsError =>
    toEnvelope(
      'CONTENT_TOO_LARGE',
      `Request content length [${length}] exceeds the limit of [${limit}] bytes`,
    ),
  tooManyRequests: (reason = 'rejected execution (injected fault)'): EsError =>
    toEnvelope('TOO_MANY_REQUESTS', reason),
  serviceUnavailable: (reason = 'master not discovered yet (injected fault)'): EsError =>
    toEnvelope('SERVICE_UNAVAILABLE', reason),
} as const;

/** `[a]` or `any of [a, b]`, as Elasticsearch words a suggestion list. */
export function didYouMean(keys: readonly string[]): string {
  return keys.length === 1 ? `[${keys[0]}]` : `any of [${keys.join(', ')}]`;
}

/** `Validation Failed: 1: a;2: b;`, the format of ActionRequestValidationException. */
export function formatValidation(messages: readonly string[]): string {
  return `Validation Failed: ${messages.map((m, i) => `${i + 1}: ${m};`).join('')}`;
}

function securityError(code: 'AUTHENTICATION_REQUIRED' | 'AUTHENTICATION_FAILED', reason: string): EsError {
  const header = { 'WWW-Authenticate': WWW_AUTHENTICATE };
  return toEnvelope(code, reason, {
    metadata: { header },
    headers: { 'www-authenticate': WWW_AUTHENTICATE },
  });
}
