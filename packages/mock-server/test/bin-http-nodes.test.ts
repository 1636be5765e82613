import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './helpers.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
  }
});

/** Spawns the binary and resolves with the nodes it prints once the last one is listed. */
function launch(args: string[], count: number): Promise<Array<{ name: string; url: string }>> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no node lines; output: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nodes = [...out.matchAll(/ {2}node (\S+) on (http:\/\/127\.0\.0\.1:\d+)\n/g)].map((m) => ({
        name: m[1] as string,
        url: m[2] as string,
      }));
      if (nodes.length === count) {
        clearTimeout(timer);
        resolve(nodes);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
}

describe('mldeploy-mock --http-nodes', () => {
  it('serves one cluster on N ports and lists them', async () => {
    const nodes = await launch(['--http-nodes', '3', '--quiet'], 3);
    expect(nodes.map((n) => n.name)).toEqual(['ml-node-1', 'ml-node-2', 'node-3']);
    for (const node of nodes) {
      expect((await call(node.url, 'GET', '/')).json.name).toBe(node.name);
    }
  }, 60_000);

  it('refuses a count below 1 or above 64 with one line', () => {
    for (const bad of ['0', '65', 'x']) {
      const run = spawnSync(process.execPath, [BIN, '--http-nodes', bad], { encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^mldeploy-mock: --http-nodes must be (an integer >= 1|at most 64), got \[/);
    }
  }, 60_000);
});
