import type { AnyCommandSpec } from './command-context.js';
import { COMMANDS } from './command-specs.js';
import { CONNECTION_FLAGS, OUTPUT_FLAGS } from './common-flags.js';
import type { FlagSpec, FlagTable } from './flag-spec.js';

/** A flag's help text: its description, and the environment variables it falls back to. */
export function flagDescription(flag: FlagSpec): string {
  return flag.env?.length ? `${flag.description} (env ${flag.env.join(', ')})` : flag.description;
}

/** `-n, --allocations N`. */
export function flagUsage(name: string, flag: FlagSpec): string {
  return `${flag.short ? `-${flag.short}, ` : '    '}--${name}${flag.value ? ` ${flag.value}` : ''}`;
}

function flagLines(flags: FlagTable): string[] {
  const entries = Object.entries(flags);
  const left = entries.map(([name, f]) => flagUsage(name, f));
  const width = Math.max(...left.map((l) => l.length));
  return entries.map(([, f], i) => `  ${(left[i] ?? '').padEnd(width)}  ${flagDescription(f)}`);
}

/** The help of one command: usage, flags by group, examples. */
export function commandHelp(spec: AnyCommandSpec): string {
  const lines = [
    `Usage: mldeploy ${spec.name}${spec.args ? ` ${spec.args}` : ''} [flags]`,
    '',
    `  ${spec.summary}`,
    '',
  ];
  if (Object.keys(spec.flags).length) {
    lines.push('Flags:', ...flagLines(spec.flags), '');
  }
  if (spec.connects) {
    lines.push(
      'Connection (flags, then environment, then the config file):',
      ...flagLines(CONNECTION_FLAGS),
      '',
    );
  }
  lines.push('Output:', ...flagLines(OUTPUT_FLAGS), '');
  lines.push('Examples:', ...spec.examples.map((e) => `  $ ${e}`), '');
  return lines.join('\n');
}

/** Every environment variable mldeploy reads: each flag's own (`--url`, its variables), then the rest. */
export function environmentLines(): Array<[string, string]> {
  const fromFlags = Object.entries({ ...CONNECTION_FLAGS, ...OUTPUT_FLAGS })
    .filter(([, f]) => f.env?.length)
    .map(([name, f]): [string, string] => [`--${name}`, (f.env ?? []).join(', ')]);
  return [
    ...fromFlags,
    ['config file', 'MLDEPLOY_CONFIG (default ~/.config/mldeploy/config.json)'],
    ['colour', 'FORCE_COLOR (even when not on a terminal)'],
  ];
}

/** The top-level help: commands, environment and exit codes. */
export function mainHelp(): string {
  const left = COMMANDS.map((c) => `${c.name}${c.args ? ` ${c.args}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  const env = environmentLines();
  const envWidth = Math.max(...env.map(([names]) => names.length));
  return [
    "mldeploy: change an Elasticsearch trained model deployment's allocations from a terminal or a",
    'script, and watch it happen.',
    '',
    'Usage: mldeploy <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c, i) => `  ${(left[i] ?? '').padEnd(width)}  ${c.summary}`),
    '',
    'Flags:',
    '  -h, --help     show help (also: mldeploy <command> --help)',
    '  -v, --version  print the version',
    '',
    'Environment (a flag wins over its variables):',
    ...env.map(([names, what]) => `  ${names.padEnd(envWidth)}  ${what}`),
    '',
    'Exit codes:',
    '  0  success',
    '  1  Elasticsearch rejected the request',
    '  2  usage or validation error (nothing was sent)',
    '  3  connection failure or timeout',
    '',
    'Examples:',
    '  $ mldeploy update my-model --allocations 4 --wait',
    '  $ mldeploy status',
    '',
  ].join('\n');
}
