/** A stream mldeploy writes to: `process.stdout` or anything with `write`. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything `run` touches outside itself, so tests and embedders can supply their own. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment variables; `process.env` in the binary. */
  env?: Record<string, string | undefined>;
  /** The fetch the client uses; global fetch by default. */
  fetch?: typeof fetch;
  /** Where `validate -` reads from; `process.stdin` in the binary. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Aborts a running command (Ctrl-C in the binary). */
  signal?: AbortSignal;
}
