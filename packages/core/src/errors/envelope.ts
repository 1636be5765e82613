import type { ErrorCause, ErrorEnvelope, StringErrorBody } from '../schemas/error-envelope.js';
import { ApiError } from './api-error.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** An error as Elasticsearch would answer it: code, status, body and headers. */
export interface EsError {
  code: ErrorCode;
  status: number;
  body: ErrorEnvelope | StringErrorBody;
  headers?: Record<string, string | string[]>;
}

/** Options of {@link toEnvelope}. */
export interface EnvelopeOptions {
  /** The cause chain (`caused_by`). */
  causedBy?: ErrorCause;
  /**
   * Root causes. Elasticsearch reports the innermost ElasticsearchException; by default the
   * top-level error itself, which is right when the cause is not an ElasticsearchException.
   */
  rootCause?: ErrorCause[];
  /** Extra keys written into the error and every root cause (e.g. `header` for 401). */
  metadata?: Record<string, unknown>;
  /** HTTP headers to send with it. */
  headers?: Record<string, string | string[]>;
}

/** Builds the Elasticsearch envelope `{ error: { root_cause, type, reason, caused_by? }, status }`. */
export function toEnvelope(code: ErrorCode, reason: string, options: EnvelopeOptions = {}): EsError {
  const { status, type } = ERROR_CODES[code];
  const metadata = options.metadata;
  // Without metadata (most errors), plain literals: an object spread costs more than the rest.
  const rootCause = options.rootCause ?? [
    metadata === undefined ? { type, reason } : { type, reason, ...metadata },
  ];
  const error = (
    metadata === undefined
      ? { root_cause: rootCause, type, reason }
      : { root_cause: rootCause, type, reason, ...metadata }
  ) as ErrorEnvelope['error'];
  if (options.causedBy) {
    error.caused_by = options.causedBy;
  }
  const result: EsError = { code, status, body: { error, status } };
  if (options.headers) {
    result.headers = options.headers;
  }
  return result;
}

/**
 * The error as a `caused_by` of another: type, reason and its own cause chain, never a
 * `root_cause` (ElasticsearchException.generateThrowableXContent writes those only at the top).
 */
export function toCause(error: EsError): ErrorCause {
  const body = error.body.error;
  if (typeof body === 'string') {
    return { type: ERROR_CODES[error.code].type, reason: body };
  }
  const { root_cause: _rootCause, ...cause } = body;
  return cause as ErrorCause;
}

/**
 * `ElasticsearchException.guessRootCauses` for a parse error: the innermost
 * `x_content_parse_exception` of the chain, without its cause (the REST layer skips causes in
 * `root_cause`). A cause of any other type ends the walk.
 */
export function guessParseRootCause(top: ErrorCause): ErrorCause {
  let node = top;
  while (node.caused_by?.type === 'x_content_parse_exception') {
    node = node.caused_by;
  }
  return node.reason === undefined ? { type: node.type } : { type: node.type, reason: node.reason };
}

/** Builds the routing layer's string error `{ error: "…", status }` (405, no handler). */
export function toStringError(
  code: ErrorCode,
  message: string,
  headers?: Record<string, string | string[]>,
): EsError {
  const { status } = ERROR_CODES[code];
  return headers
    ? { code, status, body: { error: message, status }, headers }
    : { code, status, body: { error: message, status } };
}

// Codes that share a status and type are told apart by their reason.
const REASON_PATTERNS: Array<[ErrorCode, RegExp]> = [
  ['DEPLOYMENT_NOT_STARTED', /^cannot update deployment that is not in/],
  ['DEPLOYMENT_OWNED_BY_INFERENCE', /created by inference endpoint/],
  ['DEPLOYMENT_ALREADY_STARTED', /has already been started/],
  ['DEPLOYMENT_IN_USE', /^Cannot stop deployment/],
  ['INFERENCE_DEPLOYMENT_CONFLICT', /^Cannot update inference endpoint \[/],
  [
    'INFERENCE_ENDPOINT_NOT_FOUND',
    /^The inference endpoint \[.*\] does not exist|^Inference endpoint not found \[/,
  ],
  [
    'INFERENCE_SETTINGS_INVALID',
    /^Validation Failed: 1: (\[(service_settings|num_allocations)\]|multiple documents|Error parsing request config)/,
  ],
  [
    'INFER_CONFLICT',
    /^Model \[.*\] must be deployed|^Trained model (deployment )?\[.*\] is|^ ?Inference endpoint .* is (referenced|being used)/,
  ],
  [
    'INFERENCE_INVALID',
    /^(requires body|Input (field|value) \[|Inference config of type|no .* token could be found|zero_shot_classification requires|\[.*\] requires \[|Inference endpoint configuration is missing|Unknown service \[|Model configuration |The \[.*\] service does not support|Requested task type|model is missing required setting|Cannot find deployment|Deployment \[.*\] uses model|Model \[.*\] is a \[|\[.*\] is a reserved inference)/,
  ],
  [
    'INFERENCE_UPDATE_INVALID',
    /^(Request body is empty|Request contained fields which cannot be updated|Unable to parse (service|task) settings|Task type must match|Unknown task_type|Cannot resolve conflicting task_type)/,
  ],
  ['INCONSISTENT_ID', /^Inconsistent /],
  ['PARAMETER_CONFLICT', /^The parameter .* in the body is different/],
  ['DEPLOYMENT_ID_EXISTS', /existing deployment with the same id|same as an another model/],
  ['AUTHENTICATION_REQUIRED', /^missing authentication credentials/],
  ['AUTHENTICATION_FAILED', /^unable to authenticate/],
  ['UNRECOGNIZED_PARAMETER', /contains unrecognized parameter/],
  ['BODY_NOT_SUPPORTED', /does not support having a body/],
  [
    'TIME_VALUE_INVALID',
    /as a time value: |^failed to parse \[.*\](, fractional time values are not supported)?$/,
  ],
  ['BAD_PARAMETER', /^Failed to parse|^Inconsistent |^No enum constant /],
  [
    'DEPLOYMENT_NOT_FOUND',
    /^No known model deployment|does not have a matching trained model|^assignment for model with id \[.*\] not found/,
  ],
  ['MODEL_NOT_FOUND', /^Could not find trained model/],
  ['INSUFFICIENT_RESOURCES', /not enough resources|sufficient capacity/],
];

/** Finds the code of an Elasticsearch error from its status, type and reason. */
export function codeOf(
  status: number,
  type: string | undefined,
  reason: string | null | undefined,
): ErrorCode {
  const text = reason ?? '';
  for (const [code, pattern] of REASON_PATTERNS) {
    const entry = ERROR_CODES[code];
    if (entry.status === status && entry.type === type && pattern.test(text)) {
      return code;
    }
  }
  if (status === 405) {
    return 'METHOD_NOT_ALLOWED';
  }
  for (const [code, entry] of Object.entries(ERROR_CODES) as Array<
    [ErrorCode, (typeof ERROR_CODES)[ErrorCode]]
  >) {
    if (entry.status === status && entry.type === type) {
      return code;
    }
  }
  return 'ELASTICSEARCH_ERROR';
}

/**
 * Reads an Elasticsearch error response into an {@link ApiError}, keeping unknown types and the
 * status verbatim. Non-envelope bodies (text, other JSON) still give an error with that status.
 */
export function fromEnvelope(
  status: number,
  body: unknown,
  headers?: Record<string, string | string[]>,
): ApiError {
  const info = headers ? { status, headers } : { status };
  if (isRecord(body) && isRecord(body.error) && typeof body.error.type === 'string') {
    const envelope = body as unknown as ErrorEnvelope;
    const reason = envelope.error.reason ?? envelope.error.type;
    return new ApiError(codeOf(status, envelope.error.type, envelope.error.reason), reason, {
      ...info,
      body: envelope,
    });
  }
  if (isRecord(body) && typeof body.error === 'string') {
    const stringBody = { error: body.error, status: typeof body.status === 'number' ? body.status : status };
    const code: ErrorCode =
      status === 405 ? 'METHOD_NOT_ALLOWED' : status === 400 ? 'NO_HANDLER' : 'ELASTICSEARCH_ERROR';
    return new ApiError(code, body.error, { ...info, body: stringBody });
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new ApiError(codeOf(status, undefined, undefined), `HTTP ${status}: ${text.slice(0, 200)}`, info);
}

/** Normalises anything thrown into an {@link ApiError}, keeping the original as `cause`. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) {
    return thrown;
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new ApiError('INTERNAL_ERROR', message, { cause: thrown });
}

/** Turns an {@link EsError} (as the rules return it) into an {@link ApiError}. */
export function esErrorToApiError(error: EsError): ApiError {
  return fromEnvelope(error.status, error.body, error.headers);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
