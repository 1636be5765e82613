// Client: `@mldeploy/client` updateDeployment against the official `@elastic/elasticsearch` clients
// (9.4 and 8.19, `client.ml.updateTrainedModelDeployment`) making the same request to the same mock
// server, and raw `fetch` for reference. Two shapes: sequential calls (one in flight, so the
// difference is each client's own work per call: checks, headers, response validation, the HTTP
// path) and 10 concurrent callers sharing one client (calls/s).

import { performance } from 'node:perf_hooks';
import { Client } from '@elastic/elasticsearch';
import { createClient } from '@mldeploy/client';
import { Client as Client8 } from 'es8';
import { collect, fmt, median } from './measure.mjs';
import { startServer } from './servers.mjs';

const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';
const CALLERS = 10;

/** Mean ms per call of `call(i)` over `count` sequential calls. */
async function timeCalls(call, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await call(i);
  }
  return (performance.now() - start) / count;
}

/** Calls per second of `count` calls made by {@link CALLERS} callers, each waiting for its answer. */
async function timeConcurrent(call, count) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let i = next++; i < count; i = next++) {
        await call(i);
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/** Medians of each subject's samples, measured in rotating order round by round, each after a full GC. */
async function interleaved(subjects, measure, rounds) {
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      collect();
      samples[name].push(await measure(subjects[name]));
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

/** Runs the client benchmarks; answers table rows. */
export async function runClient({ quick = false } = {}) {
  // A 9.x cluster: the official 9.4 client asks for `compatible-with=9`, 8.19 for `=8`; 9.x takes both.
  const mock = await startServer('mock', ['-', '9.2.0']);
  const es = new Client({ node: mock.url });
  const es8 = new Client8({ node: mock.url });
  const client = createClient({ node: mock.url });
  try {
    const url = `${mock.url}/_ml/trained_models/${ID}/deployment/_update`;
    // Each call flips the deployment between 1 and 2 allocations, so every call is a real update.
    const subjects = {
      fetch: async (i) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ number_of_allocations: 1 + (i % 2) }),
        });
        if (!res.ok) {
          throw new Error(`fetch: ${res.status} ${await res.text()}`);
        }
        await res.json();
      },
      client: (i) => client.updateDeployment(ID, { number_of_allocations: 1 + (i % 2) }),
      es: (i) => es.ml.updateTrainedModelDeployment({ model_id: ID, number_of_allocations: 1 + (i % 2) }),
      es8: (i) => es8.ml.updateTrainedModelDeployment({ model_id: ID, number_of_allocations: 1 + (i % 2) }),
    };
    const calls = quick ? 50 : 300;
    const concurrentCalls = quick ? 200 : 2000;
    for (const call of Object.values(subjects)) {
      await timeCalls(call, calls); // warm-up: connections, JIT, compiled validators
      await timeConcurrent(call, concurrentCalls / 4); // and the pools' extra connections
    }
    const t = await interleaved(subjects, (call) => timeCalls(call, calls), quick ? 2 : 7);
    const { fetch: _, ...concurrent } = subjects;
    const c = await interleaved(concurrent, (call) => timeConcurrent(call, concurrentCalls), quick ? 2 : 5);

    const us = (ms) => fmt(ms * 1000, 'µs');
    const official = { es: '`@elastic/elasticsearch` 9.4', es8: '`@elastic/elasticsearch` 8.19' };
    const rows = [];
    for (const name of ['es', 'es8']) {
      const ratio = t.client / t[name];
      rows.push({
        benchmark: 'client',
        subject: `\`@mldeploy/client\` updateDeployment, sequential: ${us(t.client)}/call`,
        baseline: `${official[name]} \`ml.updateTrainedModelDeployment\`: ${us(t[name])}/call`,
        ratio,
        ratioText: `${ratio.toFixed(2)}x time`,
        target: '≤ 1.0x',
        met: ratio <= 1,
      });
    }
    for (const name of ['es', 'es8']) {
      const ratio = c.client / c[name];
      rows.push({
        benchmark: 'client',
        subject: `\`@mldeploy/client\`, ${CALLERS} concurrent callers: ${Math.round(c.client)} calls/s`,
        baseline: `${official[name]}: ${Math.round(c[name])} calls/s`,
        ratio,
        ratioText: `${ratio.toFixed(2)}x throughput`,
        target: '≥ 1.0x',
        met: ratio >= 1,
      });
    }
    const ratio = t.fetch / t.es;
    rows.push({
      benchmark: 'client',
      subject: `raw \`fetch\` of the same request (Node's global fetch), sequential: ${us(t.fetch)}/call`,
      baseline: `${official.es}: ${us(t.es)}/call`,
      ratio,
      ratioText: `${ratio.toFixed(2)}x time`,
      target: '',
      met: null,
    });
    rows.push(await threeNodes(quick));
    return rows;
  } finally {
    await client.close();
    await es.close();
    await es8.close();
    await mock.stop();
  }
}

/** Both clients with a pool of three nodes of one mock (`httpNodes: 3`), sequential calls, round-robin. */
async function threeNodes(quick) {
  const mock = await startServer('mock', ['-', '9.2.0', '3']);
  const es = new Client({ nodes: mock.urls });
  const client = createClient({ nodes: mock.urls });
  try {
    const subjects = {
      client: (i) => client.updateDeployment(ID, { number_of_allocations: 1 + (i % 2) }),
      es: (i) => es.ml.updateTrainedModelDeployment({ model_id: ID, number_of_allocations: 1 + (i % 2) }),
    };
    const calls = quick ? 50 : 300;
    for (const call of Object.values(subjects)) {
      await timeCalls(call, calls);
    }
    const t = await interleaved(subjects, (call) => timeCalls(call, calls), quick ? 2 : 7);
    const us = (ms) => fmt(ms * 1000, 'µs');
    const ratio = t.client / t.es;
    return {
      benchmark: 'client',
      subject: `\`@mldeploy/client\` with 3 nodes (\`nodes\`), sequential: ${us(t.client)}/call`,
      baseline: `\`@elastic/elasticsearch\` 9.4 with the same 3 nodes: ${us(t.es)}/call`,
      ratio,
      ratioText: `${ratio.toFixed(2)}x time`,
      target: '≤ 1.0x',
      met: ratio <= 1,
    };
  } finally {
    await client.close();
    await es.close();
    await mock.stop();
  }
}
