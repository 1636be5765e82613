import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
import { hintFor } from './hints.js';
import type { CliErrorShape } from './output.js';
import { UsageError } from './usage-error.js';

/** An error ready to print: its `--json` shape, its exit code, and whether it was found offline. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly error: CliErrorShape,
    readonly exitCode: ExitCode,
    /** Found without sending anything (an offline check of the request). */
    readonly offline = false,
  ) {
    super(error.reason);
  }
}

/** The parts of core's ApiError the CLI reads; duck-typed so this file never loads core. */
interface ApiErrorLike {
  name: string;
  code: string;
  status: number;
  type: string;
  reason: string;
  message: string;
  info?: { hint?: string };
}

/** An Elasticsearch error found offline by core's rules, as `{ code, status, body }`. */
export interface OfflineEsError {
  code: string;
  status: number;
  body: {
    error:
      | string
      | { type: string; reason?: string | null; caused_by?: { type: string; reason?: string | null } };
  };
}

function isApiError(e: unknown): e is ApiErrorLike {
  return e instanceof Error && e.name === 'ApiError' && typeof (e as ApiErrorLike).code === 'string';
}

/** What Elasticsearch would answer, found offline: exit 2, nothing was sent. */
export function offlineFailure(error: OfflineEsError, deploymentId?: string): CliFailure {
  const body = error.body.error;
  const type = typeof body === 'string' ? 'string_error' : body.type;
  const reason = typeof body === 'string' ? body : (body.reason ?? body.type);
  const cause = typeof body === 'string' ? undefined : body.caused_by;
  const hint =
    hintFor(error.code, deploymentId === undefined ? {} : { deploymentId }) ??
    (cause ? `caused by ${cause.type}: ${cause.reason ?? ''}` : null);
  return new CliFailure({ code: error.code, status: error.status, type, reason, hint }, EXIT.USAGE, true);
}

/** Normalises anything a command threw into a {@link CliFailure}. */
export function toFailure(
  thrown: unknown,
  context: { url?: string; deploymentId?: string } = {},
): CliFailure {
  if (thrown instanceof CliFailure) {
    return thrown;
  }
  if (thrown instanceof UsageError) {
    return new CliFailure(
      { code: 'USAGE', status: 0, type: 'usage_error', reason: thrown.message, hint: thrown.hint ?? null },
      EXIT.USAGE,
    );
  }
  if (isApiError(thrown)) {
    // The CLI's hints name flags and commands; the client's name API options, so they come second.
    const hint = hintFor(thrown.code, context) ?? thrown.info?.hint ?? null;
    return new CliFailure(
      { code: thrown.code, status: thrown.status, type: thrown.type, reason: thrown.reason, hint },
      exitCodeFor(thrown.code),
    );
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new CliFailure(
    { code: 'INTERNAL_ERROR', status: 0, type: 'internal_error', reason: message, hint: null },
    EXIT.REJECTED,
  );
}
