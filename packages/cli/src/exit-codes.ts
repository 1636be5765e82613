/** The exit codes of mldeploy, as documented in the README. */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** The server rejected the request (any HTTP error answer). */
  REJECTED: 1,
  /** A usage or validation error: nothing was sent. */
  USAGE: 2,
  /** No answer: connection failure or timeout, including a --wait timeout. */
  UNREACHABLE: 3,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// Local error codes of the client that mean "no answer from the server".
const UNREACHABLE_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT', 'ABORTED']);

/** The exit code for an error code: an ApiError's, or the CLI's own `USAGE`. */
export function exitCodeFor(code: string): ExitCode {
  if (code === 'USAGE') {
    return EXIT.USAGE;
  }
  if (UNREACHABLE_CODES.has(code)) {
    return EXIT.UNREACHABLE;
  }
  return EXIT.REJECTED;
}
