// Starting servers in child processes, and the seeds they load.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVE = new URL('./serve.mjs', import.meta.url).pathname;

/** Forks `serve.mjs` and resolves once it is ready: `{ url, memory, child, send, stop }`. */
export function startServer(mode, args = []) {
  return new Promise((resolve, reject) => {
    const child = fork(SERVE, [mode, ...args], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const onExit = (code) => reject(new Error(`server (${mode}) exited with ${code} before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve({
        ...m,
        child,
        /** Sends a message and resolves with the child's next message. */
        request(message) {
          return new Promise((res) => {
            child.once('message', res);
            child.send(message);
          });
        },
        stop() {
          return new Promise((res) => {
            if (child.exitCode !== null) {
              res();
              return;
            }
            child.once('exit', () => res());
            child.send('stop');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          });
        },
      });
    });
  });
}

/** The id of the i-th bench deployment. */
export const deploymentId = (i) => `bench-deployment-${String(i).padStart(5, '0')}`;

/**
 * A seed with `count` started deployments of one small model, 1 allocation × 1 thread each, on
 * enough 64-processor nodes to leave room for every deployment to grow to 2 allocations.
 */
export function makeSeed(count) {
  const perNode = 32;
  const nodeCount = Math.max(2, Math.ceil(count / perNode));
  return {
    cluster: { name: 'bench', version: '8.19.0', scaling_possible: false, converge_ms: 3000 },
    nodes: Array.from({ length: nodeCount }, (_, i) => ({
      id: `bench-node-${i}`,
      name: `bench-node-${i}`,
      processors: 64,
      memory_bytes: 1024 ** 4,
    })),
    models: [{ model_id: 'bench-model', model_size_bytes: 1_000_000, model_type: 'pytorch' }],
    deployments: Array.from({ length: count }, (_, i) => ({
      deployment_id: deploymentId(i),
      model_id: 'bench-model',
      number_of_allocations: 1,
      threads_per_allocation: 1,
      priority: 'normal',
      queue_capacity: 10_000,
      state: 'started',
    })),
    security: { enabled: false, users: [], api_keys: [] },
  };
}

/** Writes `makeSeed(count)` to `dir` and answers its path. */
export function writeSeed(dir, count) {
  const path = join(dir, `seed-${count}.json`);
  writeFileSync(path, JSON.stringify(makeSeed(count)));
  return path;
}
