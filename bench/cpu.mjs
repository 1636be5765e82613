// On-CPU time of each server's main thread per answer, mock against bare `node:http`, under the
// bench's update load (10 keep-alive connections, each alternating 2 and 1 allocations). On a
// shared machine throughput ratios swing with the load; the CPU a server spends per answer
// (`/proc/<pid>/task/<pid>/schedstat`, nanoseconds on CPU) moves much less. Linux only.
//   node bench/cpu.mjs [--rounds=5] [--requests=30000]
// Build first (`npx -y pnpm@10.34.9 build`). Prints one line per round and server, then the
// range and median of each.
import { readFileSync } from 'node:fs';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import autocannon from 'autocannon';
import { startServer } from './lib/servers.mjs';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const ROUNDS = arg('rounds', 5);
const REQUESTS = arg('requests', 30_000);

const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';
const PATH = pathFor(ENDPOINTS.update, { model_id: ID });
const HEADERS = { 'content-type': 'application/json' };
const REQUESTS_SENT = [
  { method: 'POST', path: PATH, headers: HEADERS, body: JSON.stringify({ number_of_allocations: 2 }) },
  { method: 'POST', path: PATH, headers: HEADERS, body: JSON.stringify({ number_of_allocations: 1 }) },
];

/** Nanoseconds the process's main thread has been on a CPU. */
function onCpu(pid) {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

async function run(server, requests) {
  const result = await autocannon({
    url: server.url,
    connections: 10,
    pipelining: 1,
    amount: requests,
    requests: REQUESTS_SENT,
  });
  const bad = result.errors + result.timeouts + result.non2xx;
  if (bad > 0) {
    throw new Error(`${bad} failed answers`);
  }
  return result;
}

async function measure(server) {
  const before = onCpu(server.child.pid);
  const result = await run(server, REQUESTS);
  const ns = onCpu(server.child.pid) - before;
  return { us: ns / 1000 / REQUESTS, rps: result.requests.average };
}

const mock = await startServer('mock');
const bare = await startServer('bare');
try {
  const res = await fetch(`${mock.url}${PATH}`, {
    method: 'POST',
    headers: HEADERS,
    body: REQUESTS_SENT[0].body,
  });
  const text = await res.text();
  const headers = {};
  for (const name of ['content-type', 'x-elastic-product']) {
    headers[name] = res.headers.get(name);
  }
  await bare.request({ canned: { status: res.status, headers, body: text } });
  await run(mock, 10_000);
  await run(bare, 10_000);
  const seen = { mock: [], bare: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['mock', 'bare'] : ['bare', 'mock'];
    for (const name of order) {
      const m = await measure(name === 'mock' ? mock : bare);
      seen[name].push(m.us);
      console.log(`round ${r + 1} ${name}: ${m.us.toFixed(1)} µs/answer on CPU, ${Math.round(m.rps)} req/s`);
    }
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  for (const name of ['mock', 'bare']) {
    const s = [...seen[name]].sort((a, b) => a - b);
    console.log(
      `${name}: ${s[0].toFixed(1)} to ${s[s.length - 1].toFixed(1)} µs/answer, median ${s[Math.floor(s.length / 2)].toFixed(1)}`,
    );
  }
  console.log(`load average ${load}`);
} finally {
  await mock.stop();
  await bare.stop();
}
