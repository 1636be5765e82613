import type { CliIo } from './cli-io.js';
import type { CommonFlags } from './common-flags.js';
import type { FlagTable, FlagValues } from './flag-spec.js';
import type { Output } from './output.js';
import type { Redactor } from './redactor.js';

/**
 * One command: its arguments, flags, help text, examples and the module that runs it (imported only
 * when the command runs, so `--help` never loads the HTTP stack). Parsing, help, completion and the
 * README's command reference are all written from this table.
 */
export interface CommandSpec<F extends FlagTable = FlagTable> {
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<deployment-id>`. */
  args: string;
  flags: F;
  examples: string[];
  /** Whether the command talks to Elasticsearch (takes the connection flags). */
  connects: boolean;
  /** The command's module; the type checker holds it to these flags. */
  load: () => Promise<{ default: Command<F> }>;
}

/** Any command of the table, its module typed loosely (each entry's own type checks the module). */
export type AnyCommandSpec = Omit<CommandSpec, 'load'> & {
  // biome-ignore lint/suspicious/noExplicitAny: a command of some table; `command()` checked which
  load: () => Promise<{ default: Command<any> }>;
};

/** A command without flags of its own; a context of any command is also one of these. */
export type NoFlags = Record<never, never>;

/** Parsed flags (by long name, typed by the command's spec) and positionals of one command line. */
export interface ParsedArgs<F extends FlagTable = NoFlags> {
  flags: FlagValues<F & CommonFlags>;
  positionals: string[];
}

/** What a command gets: its typed flags and positionals, the output, and the outside world. */
export interface CommandContext<F extends FlagTable = NoFlags> {
  spec: AnyCommandSpec;
  args: ParsedArgs<F>;
  /** `args.flags`: the command's own flags and the common ones. */
  flags: FlagValues<F & CommonFlags>;
  out: Output;
  io: CliIo;
  env: Record<string, string | undefined>;
  redactor: Redactor;
  /** Set by commands that connect, so error hints can name the URL and deployment. */
  hintContext: { url?: string; deploymentId?: string };
}

/** A command: runs and returns the exit code, or throws (the runner maps errors to exit codes). */
export type Command<F extends FlagTable = NoFlags> = (ctx: CommandContext<F>) => Promise<number>;
