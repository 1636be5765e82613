// The error `runCases` throws when the deployment it was given cannot be read.

/** The deployment given to `runCases` cannot be read (missing, not allowed, …); nothing was changed. */
export class DeploymentUnavailableError extends Error {
  override readonly name = 'DeploymentUnavailableError';
  constructor(
    message: string,
    /** The HTTP status of the answer. */
    readonly status: number,
    /** The answer's `error.type`, when it had one. */
    readonly type?: string,
    /** The answer's `error.reason` (or string error), when it had one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
