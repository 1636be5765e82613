import { parseArgs } from 'node:util';
import type { AnyCommandSpec, NoFlags, ParsedArgs } from './command-context.js';
import { flagsOf } from './common-flags.js';
import { type FlagSpec, type FlagTable, orList } from './flag-spec.js';
import { UsageError } from './usage-error.js';

export type { ParsedArgs } from './command-context.js';

/**
 * Parses a command's arguments strictly against its spec: integers, choices, conflicts and flags
 * that need another are checked here, from the spec, and every mistake is a {@link UsageError}.
 */
export function parseCommandArgs<F extends FlagTable = NoFlags>(
  spec: Pick<AnyCommandSpec, 'name' | 'flags' | 'connects'>,
  argv: string[],
): ParsedArgs<F> {
  const flags = flagsOf(spec);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = {
      type: flag.kind === 'boolean' ? 'boolean' : 'string',
      ...(flag.short ? { short: flag.short } : {}),
      ...(flag.kind === 'list' ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const ambiguous = /argument is ambiguous/.test(message);
    throw new UsageError(
      unknown ? `unknown flag [${unknown[1]}] for ${spec.name}` : (message.split('. ')[0] ?? message),
      ambiguous ? 'write values that start with a dash as --flag=-1' : `see: mldeploy ${spec.name} --help`,
    );
  }
  const raw = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(flags)) {
    values[name] = typed(name, flag, raw[name]);
  }
  for (const [name, flag] of Object.entries(flags)) {
    if (!given(raw[name])) {
      continue;
    }
    for (const conflict of flag.conflicts ?? []) {
      const other = typeof conflict === 'string' ? { flag: conflict, message: undefined } : conflict;
      if (given(raw[other.flag])) {
        throw new UsageError(other.message ?? `--${name} and --${other.flag} contradict each other`);
      }
    }
    if (flag.requires && !given(raw[flag.requires.flag])) {
      throw new UsageError(flag.requires.message, `add --${flag.requires.flag}, or drop --${name}`);
    }
  }
  return { flags: values as ParsedArgs<F>['flags'], positionals: parsed.positionals };
}

const given = (value: unknown): boolean =>
  value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);

function typed(name: string, flag: FlagSpec, raw: string | boolean | string[] | undefined): unknown {
  if (flag.kind === 'boolean') {
    return raw === true;
  }
  if (flag.kind === 'list') {
    return Array.isArray(raw) ? raw : [];
  }
  if (typeof raw !== 'string') {
    return undefined;
  }
  if (flag.kind === 'int') {
    if (!/^-?\d+$/.test(raw.trim())) {
      throw new UsageError(`--${name} must be an integer, got [${raw}]`);
    }
    return Number(raw.trim());
  }
  checkChoice(name, flag, raw);
  return raw;
}

/** Refuses a value outside the flag's choices, unless core's check answers for them. */
export function checkChoice(name: string, flag: FlagSpec, value: string, from = `--${name}`): void {
  if (flag.choices && !flag.checkedByCore && !flag.choices.includes(value)) {
    throw new UsageError(`${from} must be ${orList(flag.choices)}, got [${value}]`);
  }
}

/** Takes exactly `max` positionals at most, `min` at least, naming them in the error. */
export function positionals(spec: AnyCommandSpec, args: ParsedArgs, min: number, max: number): string[] {
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
