import type { SeedDocument } from '@mldeploy/mock-server';
import { useMockServer } from '@mldeploy/mock-server/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RawRequest, send } from './helpers/http.js';
import { stateProblems } from './helpers/invariants.js';
import { makeSeed } from './helpers/mock.js';
import { seeded } from './helpers/seeded.js';

// Seeds through the control endpoint `POST /_mock/reset` (the same loader reads --seed files and
// --state-file): a broken seed is refused with a 400 and leaves the state alone, an accepted one
// leaves a usable server whose state keeps the cluster's invariants.

const RUNS = Number(process.env.E2E_FUZZ_RUNS ?? 250);

const reset = (url: string, seed: unknown) =>
  send(url, {
    method: 'POST',
    path: '/_mock/reset',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(seed),
  });

/** A base seed: 3 nodes of 8 processors, 3 deployments, threads 1 and 2. */
const BASE = makeSeed({
  nodes: 3,
  processors: 8,
  deployments: [
    { id: 'd-0', allocations: 2 },
    { id: 'd-1', allocations: 1, threads: 2 },
    { id: 'd-2', allocations: 3 },
  ],
});

const KEYS = [
  'processors',
  'memory_bytes',
  'number_of_allocations',
  'threads_per_allocation',
  'state',
  'model_id',
  'deployment_id',
  'converge_ms',
  'version',
  'scaling_possible',
  'id',
  'model_size_bytes',
  'adaptive_allocations',
  'priority',
  'queue_capacity',
  'start_time',
  'max_assigned_allocations',
] as const;

/** One change to a seed: a field of the cluster, a node, a model or a deployment set to anything. */
const mutation = fc.record({
  section: fc.constantFrom('cluster', 'nodes', 'models', 'deployments', 'security'),
  index: fc.nat(3),
  key: fc.constantFrom(...KEYS),
  value: fc.oneof(
    fc.integer({ min: -2, max: 40 }),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(null, [], {}, '', 'started', 'starting', 'failed', 'low'),
  ),
});

/** Routing tables written into the seed: targets and currents that may or may not fit. */
const routingTables = fc.array(
  fc.record({
    deployment: fc.nat(2),
    node: fc.nat(2),
    current: fc.integer({ min: 0, max: 12 }),
    target: fc.integer({ min: 0, max: 12 }),
  }),
  { maxLength: 3 },
);

function apply(
  base: SeedDocument,
  mutations: Array<{ section: string; index: number; key: string; value: unknown }>,
  routes: Array<{ deployment: number; node: number; current: number; target: number }>,
): Record<string, unknown> {
  const seed = structuredClone(base) as unknown as Record<string, unknown>;
  for (const r of routes) {
    const d = (seed.deployments as Array<Record<string, unknown>>)[r.deployment];
    if (d) {
      const table = (d.routing_table ?? {}) as Record<string, unknown>;
      table[`node-${r.node}`] = {
        current_allocations: r.current,
        target_allocations: r.target,
        routing_state: 'started',
      };
      d.routing_table = table;
    }
  }
  for (const m of mutations) {
    const target = seed[m.section];
    if (Array.isArray(target) && target.length > 0) {
      (target[m.index % target.length] as Record<string, unknown>)[m.key] = m.value;
    } else if (target !== null && typeof target === 'object') {
      (target as Record<string, unknown>)[m.key] = m.value;
    }
  }
  return seed;
}

describe('seeds through POST /_mock/reset', () => {
  const mock = useMockServer({ convergeMs: 0 });

  it('refuses broken seeds with a 400 and no state change, and never fails or hangs on any seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 3 }), async (mutations) => {
        await mock.server.reset(BASE);
        const before = JSON.stringify(mock.server.state());
        const res = await reset(mock.server.url, apply(BASE, mutations, []));
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status !== 200) {
          expect(res.status).toBe(400);
          expect(JSON.stringify(mock.server.state())).toBe(before);
          return;
        }
        // Whatever was accepted must leave a server that answers every route without a 5xx.
        const first = mock.server.state().deployments[0]?.deployment_id ?? 'none';
        const requests: RawRequest[] = [
          { method: 'GET', path: '/' },
          { method: 'GET', path: '/_ml/trained_models' },
          { method: 'GET', path: '/_ml/trained_models/_stats' },
          {
            method: 'POST',
            path: `/_ml/trained_models/${encodeURIComponent(first)}/deployment/_update`,
            headers: { 'content-type': 'application/json' },
            body: '{"number_of_allocations":2}',
          },
          { method: 'POST', path: '/_ml/trained_models/e2e-model/deployment/_start?deployment_id=fresh' },
          { method: 'GET', path: '/_mock/state' },
        ];
        for (const req of requests) {
          const r = await send(mock.server.url, req);
          expect(r.status, `${req.method} ${req.path}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
        }
      }),
      seeded(RUNS),
    );
  });

  // The mock's README promises that a seed is checked for "allocations that do not fit". Seeds
  // with a `routing_table` are taken as they are: targets over a node's processors, or over the
  // deployment's own number_of_allocations, load without a word, and every later placement and
  // stats answer starts from an impossible cluster.
  it('accepts only seeds whose routing tables fit the nodes and the deployments', async () => {
    await fc.assert(
      fc.asyncProperty(routingTables, async (routes) => {
        await mock.server.reset(BASE);
        const res = await reset(mock.server.url, apply(BASE, [], routes));
        if (res.status === 200) {
          expect(stateProblems(mock.server.state()), JSON.stringify(routes)).toEqual([]);
        } else {
          expect(res.status, res.text).toBe(400);
        }
      }),
      seeded(Math.min(RUNS, 100)),
    );
  });

  it('refuses a routing table of 10 allocations on a node of 4 processors', async () => {
    const seed = makeSeed({ nodes: 1, processors: 4, deployments: [{ id: 'd-0', allocations: 1 }] });
    const table = { 'node-0': { current_allocations: 10, target_allocations: 10, routing_state: 'started' } };
    const res = await reset(mock.server.url, {
      ...seed,
      deployments: [{ ...seed.deployments[0], routing_table: table }],
    });
    expect(res.status, res.text).toBe(400);
  });
});
