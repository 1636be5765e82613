import { ApiError, type EsError, fromEnvelope } from '@mldeploy/core/rules';
import { withHint } from './hints.js';

// core's codeOf tells codes that share a status and type apart by reason, but has no pattern for
// these two, so a bad time value (400 parse_exception) reads as BODY_REQUIRED. Corrected here until
// core gains the patterns.
const CORRECTIONS: Array<[ApiError['code'], RegExp, ApiError['code']]> = [
  ['BODY_REQUIRED', /^failed to parse setting /, 'TIME_VALUE_INVALID'],
];

/** An Elasticsearch error answer read into an {@link ApiError} with its hint. */
export function readError(status: number, body: unknown, headers?: Record<string, string>): ApiError {
  const error = fromEnvelope(status, body, headers);
  const correction = CORRECTIONS.find(([from, pattern]) => error.code === from && pattern.test(error.reason));
  return withHint(correction ? new ApiError(correction[2], error.message, error.info) : error);
}

/** The error core's rules answered for a request, keeping the code the rule chose. */
export function localError(error: EsError): ApiError {
  const read = fromEnvelope(error.status, error.body, error.headers);
  return withHint(read.code === error.code ? read : new ApiError(error.code, read.message, read.info));
}
