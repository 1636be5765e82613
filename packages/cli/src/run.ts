import { toFailure } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { COMMANDS, findCommand } from './command-specs.js';
import { CONNECTION_FLAGS, flagsOf, OUTPUT_FLAGS } from './common-flags.js';
import { EXIT } from './exit-codes.js';
import { envValue } from './flag-spec.js';
import { commandHelp, mainHelp } from './help.js';
import { Output, type OutputMode } from './output.js';
import { checkChoice, parseCommandArgs } from './parse-args.js';
import { Redactor } from './redactor.js';
import { UsageError } from './usage-error.js';

const VALUE_FLAGS = new Set(
  [...COMMANDS.map(flagsOf), CONNECTION_FLAGS, OUTPUT_FLAGS]
    .flatMap((table) => Object.entries(table))
    .filter(([, f]) => f.kind !== 'boolean')
    .flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]),
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
  const out = new Output(io, outputMode(rest, env), rest.includes('--no-color'), redactor);

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
  if (!spec) {
    return fail(
      out,
      new UsageError(`unknown command [${name}]`, `commands: ${COMMANDS.map((c) => c.name).join(', ')}`),
    );
  }
  const ctx: Partial<CommandContext> & { hintContext: CommandContext['hintContext'] } = { hintContext: {} };
  try {
    const args = parseCommandArgs(spec, rest);
    const fromEnv = envValue(OUTPUT_FLAGS.output, env);
    if (args.flags.output === undefined && fromEnv !== undefined) {
      checkChoice('output', OUTPUT_FLAGS.output, fromEnv, 'MLDEPLOY_OUTPUT');
      args.flags.output = fromEnv;
    }
    if (args.flags.help) {
      out.line(commandHelp(spec));
      return EXIT.OK;
    }
    Object.assign(ctx, { spec, args, flags: args.flags, out, io, env, redactor });
    const command = (await spec.load()).default;
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

/**
 * `--json`, `-o json` or `MLDEPLOY_OUTPUT=json` ask for JSON; otherwise the output is for people,
 * on a terminal or not (without a terminal: no colour, no redrawn progress). The last flag wins.
 */
function outputMode(argv: string[], env: Record<string, string | undefined>): OutputMode {
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
    if (value === 'json') {
      mode = 'json';
    } else if (value === 'human' || value === 'wide') {
      mode = 'human';
    }
  });
  return mode ?? (envValue(OUTPUT_FLAGS.output, env) === 'json' ? 'json' : 'human');
}

// Secrets are scrubbed even from errors raised before the connection is resolved.
function registerSecretsEarly(
  argv: string[],
  env: Record<string, string | undefined>,
  redactor: Redactor,
): void {
  const secrets = Object.entries(CONNECTION_FLAGS).filter(([, f]) => f.secret);
  argv.forEach((arg, i) => {
    for (const [name] of secrets) {
      if (arg === `--${name}`) {
        redactor.add(argv[i + 1]);
      } else if (arg.startsWith(`--${name}=`)) {
        redactor.add(arg.slice(name.length + 3));
      }
    }
  });
  for (const [, flag] of secrets) {
    for (const name of flag.env ?? []) {
      const secret = env[name];
      redactor.add(secret);
      // An API key given as id:key: its key part alone is a secret too.
      if (flag === CONNECTION_FLAGS['api-key'] && secret?.includes(':')) {
        redactor.add(secret.slice(secret.indexOf(':') + 1));
      }
    }
  }
  // A password inside a URL, even one too malformed to parse (its error message repeats the URL).
  const urls = [
    ...(CONNECTION_FLAGS.url.env ?? []).flatMap((n) => env[n]?.split(/[\s,]+/) ?? []),
    ...argv.map((a) => a.replace(/^--url=/, '')),
  ];
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
