export type { CliIo, OutputStream } from './cli-io.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export type { CliErrorShape } from './output.js';
export { run } from './run.js';
