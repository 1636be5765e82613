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

/** An error core's rules answered offline (core's `EsError`); read with the client's `describeError`. */
export interface OfflineEsError {
  code: string;
  status: number;
  body: object;
}

function isApiError(e: unknown): boolean {
  return e instanceof Error && e.name === 'ApiError' && typeof (e as { code?: unknown }).code === 'string';
}

/**
 * The client's `describeError`, loaded on first use: an error to describe means core is loaded
 * already, and `--help` loads neither.
 */
async function describeError(e: unknown) {
  const { describeError } = await import('@mldeploy/client/view');
  return describeError(e);
}

/** What Elasticsearch would answer, found offline: exit 2, nothing was sent. */
export async function offlineFailure(error: OfflineEsError, deploymentId?: string): Promise<CliFailure> {
  const view = await describeError(error);
  // The CLI's advice names flags and commands; else the cause says what Elasticsearch tripped on.
  const hint =
    hintFor(view.code, deploymentId === undefined ? {} : { deploymentId }) ??
    (view.causedBy === undefined ? null : `caused by ${view.causedBy}`);
  return new CliFailure(
    { code: view.code, status: view.status, type: view.type, reason: view.reason, hint },
    EXIT.USAGE,
    true,
  );
}

/** Normalises anything a command threw into a {@link CliFailure}. */
export async function toFailure(
  thrown: unknown,
  context: { url?: string; deploymentId?: string } = {},
): Promise<CliFailure> {
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
    const view = await describeError(thrown);
    // The CLI's hints name flags and commands; the client's name API options, so they come second.
    const hint = hintFor(view.code, context) ?? view.hint ?? null;
    return new CliFailure(
      { code: view.code, status: view.status, type: view.type, reason: view.reason, hint },
      exitCodeFor(view.code),
    );
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new CliFailure(
    { code: 'INTERNAL_ERROR', status: 0, type: 'internal_error', reason: message, hint: null },
    EXIT.REJECTED,
  );
}
