import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_ID } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
  }
});

/** Spawns the binary and resolves with its URL once it prints the listening line. */
function launch(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; output: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('the mldeploy-mock binary', () => {
  it('prints help and its version', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--state-file <file>');
    const version = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('refuses unknown flags, bad numbers, hosts neither loopback nor every interface, and bad seeds with one clear line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeploy-mock-'));
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ nodes: [{ id: 'n1', processors: -1 }] }));
    const fifo = join(dir, 'pipe');
    spawnSync('mkfifo', [fifo]);
    for (const [args, message] of [
      [['--colour'], "Unknown option '--colour'"],
      [['--port', 'abc'], '--port must be an integer >= 0, got [abc]'],
      // A documentation address (RFC 5737): refused before anything listens.
      [
        ['--host', '192.0.2.1'],
        'listens on loopback or on every interface (0.0.0.0, ::) only; [192.0.2.1] is neither',
      ],
      [['--seed', seed], '/nodes/0/processors'],
      [['--seed', join(dir, 'missing.json')], 'cannot read the file'],
      [['--state-file', fifo], 'is not a regular file'],
    ] as const) {
      const run = spawnSync(process.execPath, [BIN, '--port', '0', ...args], { encoding: 'utf8' });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  }, 60_000); // six binaries spawned one after another: bounded, and slow on a loaded machine

  it('prints no every-interface notice on loopback (the notice itself: listen-notice.test.ts)', async () => {
    const { child, output } = await launch(['--host', '127.0.0.1', '--quiet']);
    // The listening line is the first; anything printed right after it on start arrives with it or
    // before the first request's answer, so one request flushes it.
    const url = /listening on (\S+)/.exec(output())?.[1] as string;
    await call(url, 'GET', '/');
    expect(output()).toMatch(/^mldeploy-mock listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    child.kill('SIGTERM');
    await exited(child);
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('refuses a bad --clock or --journal-size with one clear line', () => {
    for (const [args, message] of [
      [['--clock', 'sundial'], '--clock must be system or manual, got [sundial]'],
      [['--journal-size', 'many'], '--journal-size must be an integer >= 0, got [many]'],
    ] as const) {
      const run = spawnSync(process.execPath, [BIN, '--port', '0', ...args], { encoding: 'utf8' });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('logs one line per request, never credentials, and closes on SIGTERM', async () => {
    const { child, url, output } = await launch([]);
    await call(url, 'GET', '/', { headers: { authorization: 'ApiKey c2VjcmV0LWtleQ==' } });
    await call(url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    // Each line is written once its answer went out; after a graceful exit every line is there.
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/ GET \/ 200 [\d.]+ms$/);
    expect(lines[2]).toContain(`POST ${UPDATE} 200`);
    expect(lines[3]).toBe('mldeploy-mock: SIGTERM, closing');
    expect(output()).not.toContain('c2VjcmV0LWtleQ');
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('is silent with --quiet', async () => {
    const { child, url, output } = await launch(['--quiet']);
    expect((await call(url, 'GET', '/')).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output().trim().split('\n')).toEqual([
      expect.stringMatching(/^mldeploy-mock listening on /),
      'mldeploy-mock: SIGINT, closing',
    ]);
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('keeps every acknowledged update in --state-file across a SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeploy-mock-'));
    const stateFile = join(dir, 'state.json');
    const first = await launch(['--quiet', '--state-file', stateFile, '--converge-ms', '0']);
    let acknowledged = 0;
    for (let n = 2; n <= 12; n++) {
      const reply = await call(first.url, 'POST', UPDATE, {
        body: JSON.stringify({ number_of_allocations: n }),
      });
      expect(reply.status).toBe(200);
      acknowledged = n;
    }
    first.child.kill('SIGKILL');
    await exited(first.child);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.deployments[0].number_of_allocations).toBe(acknowledged);
    const second = await launch(['--quiet', '--state-file', stateFile]);
    const stats = await call(second.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`);
    expect(stats.json.trained_model_stats[0].deployment_stats.number_of_allocations).toBe(acknowledged);
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine
});
