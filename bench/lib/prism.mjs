// Mock vs Prism: the same update request, on loopback with keep-alive (autocannon, 10 connections,
// bounded runs), against the mock server and against Prism 5 (`@stoplight/prism-cli`, the OpenAPI
// mock most teams would reach for) serving core's OpenAPI document in its default static mode,
// with its per-request log lines turned off (`-v warn`) so that logging is not what is measured.
// Prism is optional: when it is not installed or does not start, the row says why and the rest of
// the bench runs on.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt } from './measure.mjs';
import { startServer } from './servers.mjs';

const PRISM = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url));
const OPENAPI = fileURLToPath(new URL('../../packages/core/schema/openapi.json', import.meta.url));
const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';
const PATH = `/_ml/trained_models/${ID}/deployment/_update`;
const START_TIMEOUT_MS = 60_000;

/** Requests/s of one bounded autocannon run; fails on any error, timeout or non-2xx answer. */
async function rps(url, seconds, label) {
  const result = await autocannon({
    url,
    connections: 10,
    pipelining: 1,
    duration: seconds,
    requests: [1, 2].map((n) => ({
      method: 'POST',
      path: PATH,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number_of_allocations: n }),
    })),
  });
  const bad = result.errors + result.timeouts + result.non2xx;
  if (bad > 0) {
    throw new Error(
      `${label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return result.requests.total / seconds;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Prism on a free loopback port; resolves `{ url, stop }` once it answers, or rejects. */
async function startPrism() {
  if (!existsSync(PRISM)) {
    throw new Error('@stoplight/prism-cli is not installed');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'warn', OPENAPI], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Prism exited with ${child.exitCode}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
    }
    try {
      const res = await fetch(`${url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"number_of_allocations":1}',
      });
      await res.text();
      if (res.ok) {
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`Prism did not answer within ${START_TIMEOUT_MS / 1000} s`);
}

/** Runs the Prism comparison; answers table rows. */
export async function runPrism({ quick = false } = {}) {
  let prism;
  try {
    prism = await startPrism();
  } catch (e) {
    process.stderr.write(`bench: prism row skipped: ${e.message}\n`);
    return [
      {
        benchmark: 'mock vs Prism',
        subject: 'mock update req/s, 10 keep-alive connections',
        baseline: "Prism 5 serving core's OpenAPI document",
        ratio: null,
        ratioText: `skipped: ${e.message}`,
        target: '≥ 10x',
        met: null,
      },
    ];
  }
  const mock = await startServer('mock');
  try {
    const seconds = quick ? 1 : 3;
    await rps(mock.url, 1, 'mock warm-up');
    await rps(prism.url, 1, 'Prism warm-up');
    const samples = { mock: [], prism: [] };
    for (let r = 0; r < (quick ? 1 : 2); r++) {
      samples.mock.push(await rps(mock.url, seconds, 'mock'));
      samples.prism.push(await rps(prism.url, seconds, 'Prism'));
    }
    const best = (values) => Math.max(...values);
    const m = best(samples.mock);
    const p = best(samples.prism);
    const ratio = m / p;
    return [
      {
        benchmark: 'mock vs Prism',
        subject: `mock update req/s, 10 keep-alive connections, ${seconds} s: ${fmt(m, '')} req/s`,
        baseline: `Prism 5 (static examples, \`-v warn\`) serving core's OpenAPI document: ${fmt(p, '')} req/s`,
        ratio,
        ratioText: `${ratio.toFixed(1)}x throughput`,
        target: '≥ 10x',
        met: ratio >= 10,
      },
    ];
  } finally {
    await mock.stop();
    await prism.stop();
  }
}
