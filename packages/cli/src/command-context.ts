import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './command-specs.js';
import type { Output } from './output.js';
import type { ParsedArgs } from './parse-args.js';
import type { Redactor } from './redactor.js';

/** What a command gets: its parsed arguments, the output, and the outside world. */
export interface CommandContext {
  spec: CommandSpec;
  args: ParsedArgs;
  out: Output;
  io: CliIo;
  env: Record<string, string | undefined>;
  redactor: Redactor;
  /** Set by commands that connect, so error hints can name the URL and deployment. */
  hintContext: { url?: string; deploymentId?: string };
}

/** A command: runs and returns the exit code, or throws (the runner maps errors to exit codes). */
export type Command = (ctx: CommandContext) => Promise<number>;
