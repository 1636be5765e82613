import { parseArgs } from 'node:util';
import { type CommandSpec, flagsOf } from './command-specs.js';
import { UsageError } from './usage-error.js';

/** Parsed flags (by long name) and positionals of one command line. */
export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses a command's arguments strictly against its spec; mistakes become a {@link UsageError}. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const flag of flagsOf(spec)) {
    options[flag.name] = flag.short
      ? { type: flag.value ? 'string' : 'boolean', short: flag.short }
      : { type: flag.value ? 'string' : 'boolean' };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { flags: values as ParsedArgs['flags'], positionals };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const ambiguous = /argument is ambiguous/.test(message);
    throw new UsageError(
      unknown ? `unknown flag [${unknown[1]}] for ${spec.name}` : (message.split('. ')[0] ?? message),
      ambiguous ? 'write values that start with a dash as --flag=-1' : `see: mldeploy ${spec.name} --help`,
    );
  }
}

/** A flag's integer value, or undefined when absent. Anything else is a usage error. */
export function intFlag(args: ParsedArgs, name: string): number | undefined {
  const raw = args.flags[name];
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) {
    throw new UsageError(`--${name} must be an integer, got [${String(raw)}]`);
  }
  return Number(raw.trim());
}

/** A flag's string value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const raw = args.flags[name];
  return typeof raw === 'string' ? raw : undefined;
}

/** Whether a boolean flag was given. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** Takes exactly `max` positionals at most, `min` at least, naming them in the error. */
export function positionals(spec: CommandSpec, args: ParsedArgs, min: number, max: number): string[] {
  if (args.positionals.length < min) {
    throw new UsageError(`missing argument ${spec.args}`, `usage: mldeploy ${spec.name} ${spec.args}`);
  }
  if (args.positionals.length > max) {
    throw new UsageError(
      `unexpected argument [${args.positionals[max]}]`,
      `usage: mldeploy ${spec.name} ${spec.args}`,
    );
  }
  return args.positionals;
}
