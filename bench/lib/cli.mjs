// CLI: cold start (a new process each time, median of N) of `mldeploy --help`, `update --dry-run`
// and a real `update` against a mock, against `node -e 0` timed in the same interleaved rounds.
import { fileURLToPath } from 'node:url';
import { fmt, median, timeSpawn } from './measure.mjs';
import { startServer } from './servers.mjs';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';

/** Runs the CLI benchmarks; answers table rows. */
export async function runCli({ quick = false, dir }) {
  const mock = await startServer('mock');
  // No config file, no connection settings from the environment: only what the command line says.
  const env = { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: dir };
  for (const name of Object.keys(env)) {
    if (/^(MLDEPLOY_|ELASTIC|ES_)/.test(name)) {
      delete env[name];
    }
  }
  let flip = 0;
  const commands = {
    node: () => ['-e', '0'],
    help: () => [BIN, '--help'],
    dryRun: () => [BIN, 'update', ID, '--allocations', '2', '--dry-run'],
    update: () => [BIN, 'update', ID, '--allocations', String(1 + (flip++ % 2)), '--url', mock.url],
  };
  try {
    const runs = quick ? 3 : 21;
    const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (let r = -1; r < runs; r++) {
      for (const [name, args] of Object.entries(commands)) {
        const result = await timeSpawn(process.execPath, args(), { env });
        if (result.code !== 0) {
          throw new Error(`cli bench: ${name} exited ${result.code}: ${result.stderr || result.stdout}`);
        }
        if (r >= 0) {
          samples[name].push(result.ms); // round -1 warms the disk cache
        }
      }
    }
    const base = median(samples.node);
    // A real request may cost up to twice a bare start (issue 13); printing help or a dry run 1.5x.
    return [
      ['help', '`mldeploy --help`', 1.5],
      ['dryRun', '`mldeploy update <id> --allocations 2 --dry-run`', 1.5],
      ['update', '`mldeploy update <id> --allocations N` against a mock', 2],
    ].map(([name, label, target]) => {
      const ms = median(samples[name]);
      const ratio = ms / base;
      return {
        benchmark: 'CLI cold start',
        subject: `${label}: ${fmt(ms, 'ms')} (median of ${runs})`,
        baseline: `\`node -e 0\`: ${fmt(base, 'ms')}`,
        ratio,
        ratioText: `${ratio.toFixed(2)}x time`,
        target: `≤ ${target.toFixed(1)}x`,
        met: ratio <= target,
      };
    });
  } finally {
    await mock.stop();
  }
}
