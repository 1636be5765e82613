import { toFailure } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import type { Command, CommandContext } from './command-context.js';
import { COMMANDS, CONNECTION_FLAGS, findCommand, OUTPUT_FLAGS } from './command-specs.js';
import { EXIT } from './exit-codes.js';
import { commandHelp, mainHelp } from './help.js';
import { Output, type OutputMode } from './output.js';
import { parseCommandArgs } from './parse-args.js';
import { Redactor } from './redactor.js';
import { UsageError } from './usage-error.js';

// Each command is its own module, imported only when run: `--help` never loads the HTTP stack.
const LOADERS: Record<string, () => Promise<{ default: Command }>> = {
  update: () => import('./commands/update.js'),
  status: () => import('./commands/status.js'),
  start: () => import('./commands/start.js'),
  stop: () => import('./commands/stop.js'),
  'update-endpoint': () => import('./commands/update-endpoint.js'),
  infer: () => import('./commands/infer.js'),
  endpoint: () => import('./commands/endpoint.js'),
  validate: () => import('./commands/validate.js'),
  verify: () => import('./commands/verify.js'),
  schema: () => import('./commands/schema.js'),
  completion: () => import('./commands/completion.js'),
  diff: () => import('./commands/diff.js'),
  apply: () => import('./commands/apply.js'),
};

const VALUE_FLAGS = new Set(
  [...COMMANDS.flatMap((c) => c.flags), ...CONNECTION_FLAGS, ...OUTPUT_FLAGS]
    .filter((f) => f.value)
    .flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]),
);

/**
 * Runs mldeploy with the given arguments (without `node` and the script) and returns the exit
 * code: 0 success, 1 rejected by Elasticsearch, 2 usage or validation error, 3 no answer.
 * Never calls `process.exit`.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? {};
  const redactor = new Redactor();
  registerSecretsEarly(argv, env, redactor);
  const commandIndex = argv.findIndex((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(argv[i - 1] ?? ''));
  const name = commandIndex === -1 ? undefined : argv[commandIndex];
  const rest = commandIndex === -1 ? argv : [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)];
  const out = new Output(io, outputMode(rest, io), rest.includes('--no-color'), redactor);

  if (name === undefined || name === 'help') {
    const topic = name === 'help' ? rest.find((a) => !a.startsWith('-')) : undefined;
    if (!topic && (rest.includes('--version') || rest.includes('-v'))) {
      const { version } = await import('./version.js');
      out.line(version());
      return EXIT.OK;
    }
    const spec = topic ? findCommand(topic) : undefined;
    if (topic && !spec) {
      return fail(
        out,
        new UsageError(`unknown command [${topic}]`, `commands: ${COMMANDS.map((c) => c.name).join(', ')}`),
      );
    }
    if (spec) {
      out.line(commandHelp(spec));
      return EXIT.OK;
    }
    if (name === 'help' || rest.includes('--help') || rest.includes('-h')) {
      out.line(mainHelp());
      return EXIT.OK;
    }
    if (rest.length > 0) {
      return fail(out, new UsageError(`unknown flag [${rest[0]}] before a command`, 'see: mldeploy --help'));
    }
    io.stderr.write(mainHelp());
    return EXIT.USAGE;
  }

  const spec = findCommand(name);
  const load = LOADERS[name];
  if (!spec || !load) {
    return fail(
      out,
      new UsageError(`unknown command [${name}]`, `commands: ${COMMANDS.map((c) => c.name).join(', ')}`),
    );
  }
  const ctx: Partial<CommandContext> & { hintContext: CommandContext['hintContext'] } = { hintContext: {} };
  try {
    const args = parseCommandArgs(spec, rest);
    const format = args.flags.output;
    if (format !== undefined && format !== 'json' && format !== 'human' && format !== 'wide') {
      throw new UsageError(`--output must be human, wide or json, got [${String(format)}]`);
    }
    if (args.flags.help === true) {
      out.line(commandHelp(spec));
      return EXIT.OK;
    }
    Object.assign(ctx, { spec, args, out, io, env, redactor });
    const command = (await load()).default;
    return await command(ctx as CommandContext);
  } catch (e) {
    const failure = await toFailure(e, ctx.hintContext);
    out.error(failure.error, failure.offline);
    return failure.exitCode;
  }
}

async function fail(out: Output, error: UsageError): Promise<number> {
  const failure = await toFailure(error);
  out.error(failure.error);
  return failure.exitCode;
}

/** `--json` or `-o json` ask for JSON, `-o human` for people; otherwise JSON unless stdout is a TTY. */
function outputMode(argv: string[], io: CliIo): OutputMode {
  let mode: OutputMode | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--json') {
      mode = 'json';
    }
    const value =
      arg === '--output' || arg === '-o'
        ? argv[i + 1]
        : arg.startsWith('--output=')
          ? arg.slice(9)
          : undefined;
    if (value === 'json' || value === 'human') {
      mode = value;
    } else if (value === 'wide') {
      // The human format with every column in full (status).
      mode = 'human';
    }
  });
  return mode ?? (io.stdout.isTTY ? 'human' : 'json');
}

// Secrets are scrubbed even from errors raised before the connection is resolved.
function registerSecretsEarly(
  argv: string[],
  env: Record<string, string | undefined>,
  redactor: Redactor,
): void {
  argv.forEach((arg, i) => {
    for (const flag of ['--api-key', '--password']) {
      if (arg === flag) {
        redactor.add(argv[i + 1]);
      } else if (arg.startsWith(`${flag}=`)) {
        redactor.add(arg.slice(flag.length + 1));
      }
    }
  });
  for (const name of ['ELASTIC_API_KEY', 'ES_API_KEY', 'ELASTICSEARCH_API_KEY']) {
    const key = env[name];
    redactor.add(key);
    if (key?.includes(':')) {
      redactor.add(key.slice(key.indexOf(':') + 1));
    }
  }
  for (const name of ['ELASTIC_PASSWORD', 'ES_PASSWORD', 'ELASTICSEARCH_PASSWORD']) {
    redactor.add(env[name]);
  }
  // A password inside a URL, even one too malformed to parse (its error message repeats the URL).
  const urls = [env.ELASTICSEARCH_URL, env.ES_URL, ...argv.map((a) => a.replace(/^--url=/, ''))];
  for (const url of urls) {
    const password =
      url === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]*)@/i.exec(url)?.[1];
    redactor.add(password);
    if (password !== undefined) {
      redactor.add(safeDecode(password));
    }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
