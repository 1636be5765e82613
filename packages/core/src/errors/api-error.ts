import type { ErrorCause, ErrorEnvelope, StringErrorBody } from '../schemas/error-envelope.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** What an {@link ApiError} carries besides its code and message. */
export interface ApiErrorInfo {
  /** HTTP status; 0 for errors that never reached a server. */
  status?: number;
  /** The Elasticsearch error body, when there is one. */
  body?: ErrorEnvelope | StringErrorBody;
  /** Response headers that matter to the caller (`WWW-Authenticate`, `Allow`, `Warning`). */
  headers?: Record<string, string | string[]>;
  /** What to do about it, where that is known. */
  hint?: string;
  cause?: unknown;
}

/** The one error class of mldeploy: a code from the table, a message, and the Elasticsearch body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly info: ApiErrorInfo = {},
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.status = info.status ?? 0;
  }

  /** Elasticsearch's `error.type`, or the code table's type for local errors. */
  get type(): string {
    const error = this.info.body?.error;
    return typeof error === 'object' && error !== null ? error.type : ERROR_CODES[this.code].type;
  }

  /** Elasticsearch's `error.reason` (or the string error), falling back to the message. */
  get reason(): string {
    const error = this.info.body?.error;
    if (typeof error === 'string') {
      return error;
    }
    return error?.reason ?? this.message;
  }

  /** `error.root_cause`, empty when there is none. */
  get rootCause(): ErrorCause[] {
    const error = this.info.body?.error;
    return typeof error === 'object' && error !== null ? error.root_cause : [];
  }

  /** `error.caused_by`, when present. */
  get causedBy(): ErrorCause | undefined {
    const error = this.info.body?.error;
    return typeof error === 'object' && error !== null ? error.caused_by : undefined;
  }
}
