#!/usr/bin/env node
// mldeploy's benchmarks: `pnpm bench` at the repository root (build, then this file).
// Every row is a ratio against a baseline measured in the same run. Prints one markdown table and
// writes it, with the machine it ran on, to bench/results.md.
//   --quick            short runs, to check that everything works (results.md is not written)
//   --only=a,b         sections: validation, server, prism, client, cli, bundle
//   --no-write         do not write results.md (--write: write it even for --quick or --only)
// Each section runs in a fresh child process of this file, so one section's heap, JIT state and
// sockets cannot slow down the next.
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runBundle } from './lib/bundle.mjs';
import { runCli } from './lib/cli.mjs';
import { runClient } from './lib/client.mjs';
import { runPrism } from './lib/prism.mjs';
import { runServer } from './lib/server.mjs';
import { runValidation } from './lib/validation.mjs';

/** Where `pnpm fuzz` records its last run in results.md; see packages/e2e/scripts/fuzz.mjs. */
const FUZZ_HEADING = '## Fuzzing at scale';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const child = args.find((a) => a.startsWith('--section='))?.slice('--section='.length);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const write = args.includes('--write') || (!quick && !only && !args.includes('--no-write'));

const dirArg = args.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
const dir = dirArg ?? mkdtempSync(join(tmpdir(), 'mldeploy-bench-'));
const sections = {
  validation: () => runValidation({ quick }),
  server: () => runServer({ quick, dir }),
  prism: () => runPrism({ quick }),
  client: () => runClient({ quick }),
  cli: () => runCli({ quick, dir }),
  bundle: () => runBundle(),
};

if (child) {
  // A child: run one section and hand its rows to the parent.
  let message;
  try {
    message = { rows: await sections[child]() };
  } catch (e) {
    message = { error: String(e.stack ?? e) };
  }
  // Exit once the message is out: servers and sockets a section left behind must not keep it.
  await new Promise(() => process.send(message, () => process.exit(0)));
}

/** Runs one section in a fresh process; resolves with its rows or rejects with its error. */
function runSection(name) {
  return new Promise((resolve, reject) => {
    const p = fork(
      fileURLToPath(import.meta.url),
      [`--section=${name}`, `--dir=${dir}`, ...(quick ? ['--quick'] : [])],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let answer;
    p.on('message', (m) => {
      answer = m;
    });
    p.on('error', reject);
    p.on('exit', (code) => {
      if (answer?.rows) {
        resolve(answer.rows);
      } else {
        reject(new Error(answer?.error ?? `section ${name} exited with ${code}`));
      }
    });
  });
}

const started = performance.now();
const rows = [];
let failures = 0;
for (const name of Object.keys(sections)) {
  if (only && !only.includes(name)) {
    continue;
  }
  const t = performance.now();
  process.stderr.write(`bench: ${name}...`);
  try {
    const result = await runSection(name);
    rows.push(...result);
    process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    failures++;
    process.stderr.write(` failed\n${e.message ?? e}\n`);
    rows.push({
      benchmark: name,
      subject: `failed: ${String(e.message ?? e).split('\n')[0]}`,
      baseline: '',
      ratio: null,
      ratioText: 'n/a',
      target: '',
      met: false,
    });
  }
}
rmSync(dir, { recursive: true, force: true });
const seconds = (performance.now() - started) / 1000;

const cell = (s) => String(s).replaceAll('|', '\\|');
const header = ['benchmark', 'subject', 'baseline', 'ratio', 'target', 'met?'];
const cells = rows.map((r) =>
  [
    r.benchmark,
    r.subject,
    r.baseline,
    r.ratioText,
    r.target || '—',
    r.met === null ? '—' : r.met ? 'yes' : 'no',
  ].map(cell),
);
// Columns padded to their widest cell, as the repository's formatter (biome) lays tables out.
const width = (s) => [...s].length;
const widths = header.map((h, i) => Math.max(3, width(h), ...cells.map((c) => width(c[i]))));
const line = (values) => `| ${values.map((v, i) => v + ' '.repeat(widths[i] - width(v))).join(' | ')} |`;
const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');

const cpu = cpus();
const machine = `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, ${process.platform}/${process.arch}`;
console.log(`\n${table}\n\n${machine}; ${seconds.toFixed(0)} s in all.`);

if (write) {
  // The fuzzing section (written by `pnpm fuzz`) outlives benchmark runs.
  const resultsUrl = new URL('./results.md', import.meta.url);
  const previous = existsSync(resultsUrl) ? readFileSync(resultsUrl, 'utf8') : '';
  const fuzzAt = previous.indexOf(FUZZ_HEADING);
  const fuzz = fuzzAt >= 0 ? `\n${previous.slice(fuzzAt)}` : '';
  const doc = `# Benchmark results

The last full run of \`npx -y pnpm@10.34.9 bench\` (build, then \`node bench/run.mjs\`). Each ratio is
against a baseline measured in the same run; see [README.md](README.md) for what each row measures.

- Machine: ${machine}
- Date: ${new Date().toISOString().slice(0, 10)}
- Whole run: ${seconds.toFixed(0)} s

${table}
${fuzz}`;
  writeFileSync(resultsUrl, doc);
  process.stderr.write('bench: wrote bench/results.md\n');
}
process.exitCode = failures > 0 ? 1 : 0;
