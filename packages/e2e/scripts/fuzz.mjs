// `npx -y pnpm@10.34.9 fuzz`: the e2e fuzzers (fuzz, control and sequences suites) at scale, outside
// CI: passes of the suites with E2E_FUZZ_RUNS raised until 100,000 requests have gone to the mock
// server in all (FUZZ_REQUESTS to change it), within FUZZ_MINUTES (default 30). Everything stays on
// loopback: the suites start the mock on 127.0.0.1 port 0. The properties are the suites' own: an
// Elasticsearch-shaped answer to anything and never a 5xx, an answer within 5 s (no hang), no state
// change when a request is rejected, and every acknowledged change visible in the state and the
// stats afterwards (no lost write). Each pass runs with fresh random seeds. The result is printed and
// recorded in bench/results.md (its "Fuzzing at scale" section, which benchmark runs keep).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../../bench/results.md', import.meta.url));
const HEADING = '## Fuzzing at scale';
const SUITES = ['test/fuzz.test.ts', 'test/control.test.ts', 'test/sequences.test.ts'];
const TARGET = Number(process.env.FUZZ_REQUESTS ?? 100_000);
const MINUTES = Number(process.env.FUZZ_MINUTES ?? 30);
// Requests one unit of E2E_FUZZ_RUNS sends across the three suites, about (measured); each pass
// measures it again and the next pass asks for what is still missing.
let perRun = 12;
// The first pass is kept short to measure the pace; later ones are sized to fit the time left, so
// a pass is never cut off (a cut-off pass cannot report what it sent).
const FIRST_PASS_RUNS = 800;

const vitest = join(
  createRequire(join(PACKAGE, 'package.json')).resolve('vitest/package.json'),
  '..',
  'vitest.mjs',
);
const dir = mkdtempSync(join(tmpdir(), 'mldeploy-fuzz-'));
const started = Date.now();
const deadline = started + MINUTES * 60_000;

/** One pass of the suites; answers { requests, passed, failed, failures, timedOut }. */
/** Each pass draws from its own seed (E2E_SEED, when set, is the first), printed with the pass. */
const FIRST_SEED = Number(process.env.E2E_SEED ?? Date.now() % 2_147_483_647);
const seedOf = (index) => FIRST_SEED + index;

function pass(runs, index) {
  const seed = seedOf(index);
  const countFile = join(dir, `count-${index}.txt`);
  const reportFile = join(dir, `report-${index}.json`);
  const budget = Math.max(60_000, deadline - Date.now());
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        vitest,
        'run',
        ...SUITES,
        `--testTimeout=${budget}`,
        '--typecheck.enabled=false',
        '--reporter=dot',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      {
        cwd: PACKAGE,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          E2E_FUZZ_RUNS: String(runs),
          E2E_SEED: String(seed),
          E2E_REQUEST_COUNT_FILE: countFile,
        },
      },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, budget + 30_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      const requests = existsSync(countFile)
        ? readFileSync(countFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .reduce((sum, line) => sum + Number(line), 0)
        : 0;
      const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
      const failures = (report?.testResults ?? []).flatMap((file) =>
        file.assertionResults
          .filter((t) => t.status !== 'passed')
          .map((t) => `${t.fullName}: ${(t.failureMessages ?? []).join(' ').split('\n')[0].slice(0, 300)}`),
      );
      resolve({
        requests,
        passed: report?.numPassedTests ?? 0,
        failed: report ? report.numTotalTests - report.numPassedTests : 1,
        failures,
        timedOut,
      });
    });
  });
}

let total = 0;
let properties = 0;
let failed = 0;
let timedOut = false;
const failures = [];
const passes = [];
let msPerRun;
for (let i = 0; total < TARGET && Date.now() < deadline; i++) {
  const wanted = Math.ceil((TARGET - total) / perRun);
  const fits =
    msPerRun === undefined ? FIRST_PASS_RUNS : Math.floor((0.8 * (deadline - Date.now())) / msPerRun);
  const runs = Math.max(50, Math.min(wanted, fits));
  process.stderr.write(`fuzz: pass ${i + 1}, E2E_FUZZ_RUNS=${runs}, E2E_SEED=${seedOf(i)}\n`);
  const passStarted = Date.now();
  const result = await pass(runs, i);
  msPerRun = (Date.now() - passStarted) / runs;
  passes.push({ runs, requests: result.requests });
  total += result.requests;
  properties = Math.max(properties, result.passed + result.failed);
  failed += result.failed;
  failures.push(...result.failures);
  timedOut ||= result.timedOut;
  if (result.failed > 0 || result.timedOut || result.requests === 0) {
    break;
  }
  perRun = result.requests / runs;
}
rmSync(dir, { recursive: true, force: true });

const minutes = (Date.now() - started) / 60_000;
const ok = failed === 0 && !timedOut && total >= TARGET;
const cpu = cpus();
const machine = `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'})`;
const section = `${HEADING}

The last run of \`npx -y pnpm@10.34.9 fuzz\` (the e2e fuzz, control and sequences suites, with
E2E_FUZZ_RUNS raised, against the mock on 127.0.0.1):

- Machine: ${machine}
- Date: ${new Date().toISOString().slice(0, 10)}
- Requests: ${total.toLocaleString('en-US')} in ${passes.length} pass${passes.length === 1 ? '' : 'es'} (${passes.map((p) => `E2E_FUZZ_RUNS=${p.runs}: ${p.requests.toLocaleString('en-US')}`).join('; ')}), ${minutes.toFixed(1)} min
- Result: ${ok ? `passed: every property of the ${properties} tests held (no 5xx, no hang, no state change on rejection, no lost acknowledged write)` : `FAILED${timedOut ? ' (time limit reached)' : ''}${total < TARGET ? `, ${total} of ${TARGET} requests` : ''}`}
${failures.map((f) => `  - ${f.replaceAll('\n', ' ')}`).join('\n')}
`.trimEnd();
process.stdout.write(`\n${section}\n\n`);
if (existsSync(RESULTS)) {
  const doc = readFileSync(RESULTS, 'utf8');
  const at = doc.indexOf(HEADING);
  writeFileSync(RESULTS, `${(at >= 0 ? doc.slice(0, at) : `${doc}\n`).trimEnd()}\n\n${section}\n`);
  process.stderr.write('fuzz: wrote bench/results.md\n');
}
process.exitCode = ok ? 0 : 1;
