// Client: the per-call cost of `@mldeploy/client` updateDeployment against raw `fetch` making the
// same request to the same mock server, and against the official `@elastic/elasticsearch` 9.4
// client (`client.ml.updateTrainedModelDeployment`). Calls are sequential (one in flight), so the
// difference is the client's own work per call: checks, headers, response validation.

import { performance } from 'node:perf_hooks';
import { Client } from '@elastic/elasticsearch';
import { createClient } from '@mldeploy/client';
import { fmt, median } from './measure.mjs';
import { startServer } from './servers.mjs';

const ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';

/** Mean ms per call of `call(i)` over `count` sequential calls. */
async function timeCalls(call, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await call(i);
  }
  return (performance.now() - start) / count;
}

/** Runs the client benchmarks; answers table rows. */
export async function runClient({ quick = false } = {}) {
  // A 9.x cluster: the official 9.4 client asks for `compatible-with=9`.
  const mock = await startServer('mock', ['-', '9.2.0']);
  const es = new Client({ node: mock.url });
  try {
    const client = createClient({ node: mock.url });
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
    };
    const calls = quick ? 50 : 300;
    const rounds = quick ? 2 : 7;
    for (const call of Object.values(subjects)) {
      await timeCalls(call, calls); // warm-up: connections, JIT, compiled validators
    }
    const samples = { fetch: [], client: [], es: [] };
    const names = Object.keys(subjects);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length];
        samples[name].push(await timeCalls(subjects[name], calls));
      }
    }
    const t = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
    const row = (name, label) => {
      const ratio = t[name] / t.fetch;
      const delta = (t[name] - t.fetch) * 1000;
      return {
        benchmark: 'client',
        subject: `${label}: ${fmt(t[name] * 1000, 'µs')}/call (${delta >= 0 ? '+' : '−'}${fmt(Math.abs(delta), 'µs')})${name === 'client' ? `, ${(t.client / t.es).toFixed(2)}x the official client` : ''}`,
        baseline: `raw \`fetch\`: ${fmt(t.fetch * 1000, 'µs')}/call`,
        ratio,
        ratioText: `${ratio.toFixed(2)}x time`,
        target: '',
        met: null,
      };
    };
    return [
      row('client', '`@mldeploy/client` updateDeployment'),
      row('es', '`@elastic/elasticsearch` 9.4 `ml.updateTrainedModelDeployment`'),
    ];
  } finally {
    await es.close();
    await mock.stop();
  }
}
