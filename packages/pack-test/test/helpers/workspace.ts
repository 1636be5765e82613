// Packing and running tools for the pack-and-consume test and the release rehearsal's test.
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every package the workspace publishes, by directory under packages/. */
export const PUBLIC_PACKAGES = {
  '@mldeploy/core': 'core',
  '@mldeploy/client': 'client',
  '@mldeploy/cli': 'cli',
  '@mldeploy/mock-server': 'mock-server',
  '@mldeploy/testkit': 'testkit',
} as const;
export type PublicPackage = keyof typeof PUBLIC_PACKAGES;

/**
 * pnpm as the test was started with (turbo and `pnpm exec` set npm_execpath to pnpm's own
 * script), else the pinned version through npx.
 */
export function pnpmCommand(): [string, string[]] {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(exec)) {
    return exec.endsWith('.js') || exec.endsWith('.cjs') ? [process.execPath, [exec]] : [exec, []];
  }
  return ['npx', ['-y', 'pnpm@10.34.9']];
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Like {@link run}, without blocking the event loop (so several can run at once). */
export function runAsync(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `pnpm pack` of every public package into `dir` (workspace: and catalog: ranges rewritten). */
export function packAll(dir: string): Record<PublicPackage, string> {
  const [pnpm, pre] = pnpmCommand();
  // One pnpm process for all of them (a pnpm start costs seconds).
  const filters = Object.keys(PUBLIC_PACKAGES).flatMap((name) => ['--filter', name]);
  run(pnpm, [...pre, '-r', ...filters, 'pack', '--pack-destination', dir], ROOT);
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (files.length !== Object.keys(PUBLIC_PACKAGES).length) {
    throw new Error(`expected one tarball per public package, got ${files.join(', ')}`);
  }
  const out = {} as Record<PublicPackage, string>;
  for (const name of Object.keys(PUBLIC_PACKAGES) as PublicPackage[]) {
    const prefix = `${name.slice(1).replace('/', '-')}-`;
    const file = files.find((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)));
    if (!file) {
      throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
    }
    out[name] = join(dir, file);
  }
  return out;
}
