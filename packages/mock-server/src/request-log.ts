// The per-request log line (`mldeploy-mock` without `--quiet`).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where log lines go: `log` when given and not quiet; stdout when `quiet: false`; else nowhere. */
export function requestLogger(options: {
  quiet?: boolean;
  log?: (line: string) => void;
}): ((line: string) => void) | undefined {
  return options.quiet === false || (options.quiet === undefined && options.log)
    ? (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))
    : undefined;
}

/** Logs `<time> <method> <url> <status> <ms>ms` once the answer is written. */
export function logOnFinish(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const started = performance.now();
  res.once('finish', () => {
    log(
      `${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
    );
  });
}
