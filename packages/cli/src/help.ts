import {
  COMMANDS,
  CONNECTION_FLAGS,
  type CommandSpec,
  type FlagSpec,
  OUTPUT_FLAGS,
} from './command-specs.js';

function flagLines(flags: FlagSpec[]): string[] {
  const left = flags.map(
    (f) => `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return flags.map((f, i) => `  ${(left[i] ?? '').padEnd(width)}  ${f.description}`);
}

/** The help of one command: usage, flags by group, examples. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [
    `Usage: mldeploy ${spec.name}${spec.args ? ` ${spec.args}` : ''} [flags]`,
    '',
    `  ${spec.summary}`,
    '',
  ];
  if (spec.flags.length) {
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

/** The top-level help: commands, environment and exit codes. */
export function mainHelp(): string {
  const left = COMMANDS.map((c) => `${c.name}${c.args ? ` ${c.args}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
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
    'Environment:',
    '  ELASTICSEARCH_URL, ES_URL              default http://127.0.0.1:9200',
    '  ELASTIC_CLOUD_ID                       Elastic Cloud ID, instead of a URL',
    '  ELASTIC_API_KEY, ES_API_KEY            API key',
    '  ELASTIC_USERNAME, ELASTIC_PASSWORD     basic auth',
    '  MLDEPLOY_CONFIG, MLDEPLOY_CONTEXT      config file (~/.config/mldeploy/config.json) and context',
    '  NO_COLOR, FORCE_COLOR                  colour',
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
