#!/usr/bin/env node
// Runs every check of the workspace through turbo (lint, build, typecheck, tests) and ends with one plain line,
// `N passed, N failed`, summed from each package's vitest JSON report, so that a run which
// executed no test is visible. Exits non-zero when any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, dir, d.name, 'package.json')))
    .map((d) => join(root, dir, d.name)),
);
const withTests = workspaces.filter((ws) => {
  const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8'));
  return typeof pkg.scripts?.test === 'string';
});
for (const ws of withTests) {
  rmSync(join(ws, 'reports'), { recursive: true, force: true });
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

let failedSteps = 0;
// --continue: one failing package must not hide the results of the others.
if (run('pnpm', ['exec', 'turbo', 'run', 'lint', 'build', 'typecheck', 'test', '--continue']) !== 0) {
  failedSteps++;
}

let passed = 0;
let failed = 0;
for (const ws of withTests) {
  const report = join(ws, 'reports', 'vitest.json');
  const name = ws.slice(root.length);
  if (!existsSync(report)) {
    console.error(`${name}: no test report (its tests did not run)`);
    failedSteps++;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
if (failedSteps > 0 && failed === 0) {
  console.error(`${failedSteps} step(s) failed outside the test counts above`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);
