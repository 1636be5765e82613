import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SeedDocument } from '@mldeploy/mock-server';

// The in-process fixture (useMockServer, SEEDED_ID, seedWith) is `@mldeploy/mock-server/testing`.

/** The mock server's real binary, as `mldeploy-mock` runs it. */
export const MOCK_BIN = fileURLToPath(
  new URL('../../node_modules/@mldeploy/mock-server/dist/bin.js', import.meta.url),
);

/** A mock server running as its own process (the `mldeploy-mock` binary). */
export interface SpawnedMock {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL, no goodbye; resolves once it exited. */
  kill(): Promise<void>;
}

/** Spawns `mldeploy-mock --port 0 ...args` and resolves once it prints the address it listens on. */
export function spawnMock(args: string[], timeoutMs = 15_000): Promise<SpawnedMock> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MOCK_BIN, '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    const end = (signal: NodeJS.Signals) => async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(force);
      }
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mldeploy-mock did not start within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ url: m[1], child, stderr: () => err, stop: end('SIGTERM'), kill: end('SIGKILL') });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`mldeploy-mock exited (${code ?? signal}) before listening: ${err}`));
    });
  });
}

/** A seed with `nodes` ML nodes of `processors` each and one small model with `deployments`. */
export function makeSeed(options: {
  nodes: number;
  processors: number;
  deployments: Array<{ id: string; allocations: number; threads?: number }>;
  convergeMs?: number;
}): SeedDocument {
  return {
    cluster: {
      name: 'e2e',
      version: '8.19.0',
      scaling_possible: false,
      converge_ms: options.convergeMs ?? 0,
    },
    nodes: Array.from({ length: options.nodes }, (_, i) => ({
      id: `node-${i}`,
      name: `ml-node-${i}`,
      processors: options.processors,
      memory_bytes: 64 * 1024 ** 3,
    })),
    models: [{ model_id: 'e2e-model', model_size_bytes: 1_000_000, model_type: 'pytorch' }],
    deployments: options.deployments.map((d) => ({
      deployment_id: d.id,
      model_id: 'e2e-model',
      number_of_allocations: d.allocations,
      threads_per_allocation: d.threads ?? 1,
      priority: 'normal',
      queue_capacity: 10_000,
      state: 'started',
    })),
    security: { enabled: false, users: [], api_keys: [] },
  };
}
