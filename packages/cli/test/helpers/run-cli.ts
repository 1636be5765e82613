import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary the tests spawn. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** What a run of the binary gave. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Flags for node itself, before the script (e.g. `--import` a loader hook). */
  nodeArgs?: string[];
}

/** A temp HOME with no config file, so a developer's own config never leaks into a test. */
export const cleanHome = mkdtempSync(join(tmpdir(), 'mldeploy-home-'));

/**
 * Spawns `node dist/bin.js …` asynchronously (the mock server runs in this process, so a
 * synchronous spawn would deadlock) with a clean environment: no Elastic variables, no colour,
 * JSON output unless the test's flags or environment say otherwise.
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const base: Record<string, string | undefined> = {
    // The suites read the one JSON document a run prints, asked for as a script asks for it; the
    // human default (also when piped) is tested with this removed (test/server/output-mode.test.ts).
    MLDEPLOY_OUTPUT: 'json',
    PATH: process.env.PATH,
    HOME: cleanHome,
    XDG_CONFIG_HOME: undefined,
    SYSTEMROOT: process.env.SYSTEMROOT,
  };
  const env = Object.fromEntries(
    Object.entries({ ...base, ...options.env }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A parsed `--json` document; tests read whatever paths they check. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions navigate arbitrary JSON
type Json = any;

/** Parses the single JSON document a `--json` run printed. */
export function jsonOf(result: CliResult): { ok: boolean; data?: Json; error?: Json } {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** Writes a config file into a fresh temp folder and returns its path. */
export function writeConfig(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'mldeploy-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}
