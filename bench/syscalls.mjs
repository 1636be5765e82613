#!/usr/bin/env node
// System calls per answer of the mock and of the bench's bare `node:http` server, under the bench's
// update load (autocannon, 10 keep-alive connections, alternating 2 and 1 allocations): each
// server runs in its own process, `strace -c -f` is attached to it for a fixed number of answers,
// and the counts are divided by that number. Needs strace (Linux). See README.md.
//   node bench/syscalls.mjs [requests]        default 20,000 answers per server
import { spawn } from 'node:child_process';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import autocannon from 'autocannon';
import { startServer } from './lib/servers.mjs';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';
const path = pathFor(ENDPOINTS.update, { model_id: ID });
const HEADERS = { 'content-type': 'application/json' };
const requests = [2, 1].map((n) => ({
  method: 'POST',
  path,
  headers: HEADERS,
  body: JSON.stringify({ number_of_allocations: n }),
}));

const load = (url, amount) => autocannon({ url, connections: 10, pipelining: 1, amount, requests });

/** Runs `amount` answers against `server` with strace attached; answers the table of calls per answer. */
async function traced(server, label) {
  await load(server.url, 5000); // warm-up, untraced
  const strace = spawn('strace', ['-c', '-f', '-p', String(server.child.pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let report = '';
  strace.stderr.on('data', (d) => {
    report += d;
  });
  await new Promise((r) => setTimeout(r, 500)); // strace attaches
  const result = await load(server.url, REQUESTS);
  strace.kill('SIGINT');
  await new Promise((r) => strace.once('exit', r));
  const answers = result.requests.total;
  const calls = {};
  for (const line of report.split('\n')) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
    if (m && m[2] !== 'total') {
      calls[m[2]] = Number(m[1]) / answers;
    }
  }
  return { label, answers, calls };
}

const mock = await startServer('mock');
const bare = await startServer('bare');
try {
  const res = await fetch(`${mock.url}${path}`, { method: 'POST', headers: HEADERS, body: requests[0].body });
  const text = await res.text();
  const headers = {};
  for (const name of ['content-type', 'x-elastic-product']) {
    headers[name] = res.headers.get(name);
  }
  await bare.request({ canned: { status: res.status, headers, body: text } });
  const runs = [await traced(mock, 'mock'), await traced(bare, 'bare node:http')];
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.calls)))].sort(
    (a, b) => (runs[0].calls[b] ?? 0) - (runs[0].calls[a] ?? 0),
  );
  console.log(`| system call | ${runs.map((r) => `${r.label} (${r.answers} answers)`).join(' | ')} |`);
  console.log(`| --- | ${runs.map(() => '---').join(' | ')} |`);
  for (const name of names) {
    console.log(`| \`${name}\` | ${runs.map((r) => (r.calls[name] ?? 0).toFixed(3)).join(' | ')} |`);
  }
  const total = (r) => Object.values(r.calls).reduce((a, b) => a + b, 0);
  console.log(`| all | ${runs.map((r) => total(r).toFixed(3)).join(' | ')} |`);
} finally {
  await mock.stop();
  await bare.stop();
}
