// Placement through the capacity index decides exactly what the scan over every node decided.
// The scan is kept here, as the oracle: random clusters and random sequences of starts, updates,
// stops and clock steps must give the same routing tables, the same refusals and the same
// explanations with the cluster's indexed placement as with the scan.
import { estimateModelMemoryBytes } from '@mldeploy/core/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityIndex } from '../src/capacity-index.js';
import { Cluster } from '../src/cluster.js';
import { loadSeed, type SeedDocument, type SeedModel, type SeedNode } from '../src/index.js';

const MB = 1024 * 1024;

/** The memory one node needs for `allocations` of a model: core's estimate (this oracle checks placement). */
function memoryOnNode(model: SeedModel | undefined, allocations: number): number {
  return estimateModelMemoryBytes(model ?? { model_id: '', model_size_bytes: 0 }, allocations);
}

type Used = Map<string, { processors: number; memory: number }>;

/** Reservations of every deployment of a state read back, by route targets. */
function usedBy(seed: SeedDocument, except?: string): Used {
  const used: Used = new Map(seed.nodes.map((n) => [n.id, { processors: 0, memory: 0 }]));
  const models = new Map(seed.models.map((m) => [m.model_id, m]));
  for (const d of seed.deployments) {
    if (d.deployment_id === except) {
      continue;
    }
    for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
      const u = used.get(nodeId);
      if (u && r.target_allocations > 0) {
        u.processors += r.target_allocations * d.threads_per_allocation;
        u.memory += memoryOnNode(models.get(d.model_id), r.target_allocations);
      }
    }
  }
  return used;
}

/** The placement before the index: every allocation scans every node. */
function scanPlace(
  nodes: SeedNode[],
  used: Used,
  existing: Record<string, number>,
  threads: number,
  model: SeedModel | undefined,
  n: number,
): { routes: Map<string, number>; total: number; explanation: string } {
  const routes = new Map<string, number>();
  for (const [nodeId, target] of Object.entries(existing)) {
    if (target > 0 && used.has(nodeId)) {
      routes.set(nodeId, target);
    }
  }
  let total = [...routes.values()].reduce((s, x) => s + x, 0);
  const free = (node: SeedNode) => {
    const u = used.get(node.id) ?? { processors: 0, memory: 0 };
    return node.processors - u.processors - (routes.get(node.id) ?? 0) * threads;
  };
  const memoryFits = (node: SeedNode, allocations: number) => {
    const u = used.get(node.id) ?? { processors: 0, memory: 0 };
    return u.memory + memoryOnNode(model, allocations) <= node.memory_bytes;
  };
  let explanation = '';
  while (total < n) {
    let best: SeedNode | undefined;
    for (const node of nodes) {
      const here = routes.get(node.id) ?? 0;
      if (free(node) < threads || !memoryFits(node, here + 1)) {
        continue;
      }
      if (
        !best ||
        free(node) > free(best) ||
        (free(node) === free(best) && here > 0 && !routes.has(best.id))
      ) {
        best = node;
      }
    }
    if (!best) {
      explanation = nodes
        .map((node) => {
          const here = routes.get(node.id) ?? 0;
          if (free(node) < threads) {
            return `Could not assign (more) allocations on node [${node.name}]. Reason: This node has insufficient allocated processors. Available processors [${node.processors}], free processors [${Math.max(0, free(node))}], processors required for each allocation of this model [${threads}]`;
          }
          return `Could not assign (more) allocations on node [${node.name}]. Reason: This node has insufficient available memory. Available memory for ML [${node.memory_bytes}], memory required by existing job [${(used.get(node.id)?.memory ?? 0) + (here > 0 ? memoryOnNode(model, here) : 0)}], estimated memory required for this model [${memoryOnNode(model, here + 1)}]`;
        })
        .join('|');
      if (nodes.length === 0) {
        explanation = 'No ML nodes in the cluster';
      }
      break;
    }
    routes.set(best.id, (routes.get(best.id) ?? 0) + 1);
    total += 1;
  }
  return { routes, total, explanation };
}

const targets = (table: Record<string, { target_allocations: number }> | undefined) =>
  Object.fromEntries(
    Object.entries(table ?? {})
      .filter(([, r]) => r.target_allocations > 0)
      .map(([id, r]) => [id, r.target_allocations]),
  );

const GIB = 1024 * MB;

const arbNode = (i: number) =>
  fc.record({
    id: fc.constant(`node-${i}`),
    name: fc.constant(`node-${i}-name`),
    processors: fc.integer({ min: 1, max: 12 }),
    memory_bytes: fc.constantFrom(1 * GIB, 2 * GIB, 4 * GIB, 16 * GIB),
  });

const arbModel = (i: number) =>
  fc.record(
    {
      model_id: fc.constant(`model-${i}`),
      model_size_bytes: fc.constantFrom(10 * MB, 100 * MB, 400 * MB),
      per_deployment_memory_bytes: fc.constantFrom(0, 50 * MB),
      per_allocation_memory_bytes: fc.constantFrom(0, 20 * MB, 300 * MB),
    },
    { requiredKeys: ['model_id', 'model_size_bytes'] },
  );

type Op =
  | { kind: 'start'; model: number; id: number; n: number; threads: number }
  | { kind: 'update'; id: number; n: number }
  | { kind: 'stop'; id: number }
  | { kind: 'advance'; ms: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('start' as const),
    model: fc.nat(2),
    id: fc.nat(7),
    n: fc.integer({ min: 1, max: 12 }),
    threads: fc.constantFrom(1, 2, 4),
  }),
  fc.record({ kind: fc.constant('update' as const), id: fc.nat(7), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('update' as const), id: fc.nat(7), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('stop' as const), id: fc.nat(7) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 400, 5000) }),
);

const arbCluster = fc
  .record({
    nodeCount: fc.integer({ min: 0, max: 9 }),
    modelCount: fc.integer({ min: 1, max: 3 }),
    scaling: fc.boolean(),
    convergeMs: fc.constantFrom(0, 1000),
  })
  .chain(({ nodeCount, modelCount, scaling, convergeMs }) =>
    fc.record({
      nodes: fc.tuple(...Array.from({ length: nodeCount }, (_, i) => arbNode(i))),
      models: fc.tuple(...Array.from({ length: modelCount }, (_, i) => arbModel(i))),
      scaling: fc.constant(scaling),
      convergeMs: fc.constant(convergeMs),
      // Deployments in the seed, without routing tables: placed at load.
      seeded: fc.array(
        fc.record({
          model: fc.nat(modelCount - 1),
          n: fc.integer({ min: 1, max: 6 }),
          threads: fc.constantFrom(1, 2),
          state: fc.constantFrom('started' as const, 'starting' as const, 'failed' as const),
        }),
        { maxLength: 5 },
      ),
      ops: fc.array(arbOp, { minLength: 1, maxLength: 40 }),
    }),
  );

describe('placement through the capacity index', () => {
  it('gives the same routing tables, refusals and explanations as scanning every node', () => {
    fc.assert(
      fc.property(arbCluster, ({ nodes, models, scaling, convergeMs, seeded, ops }) => {
        let time = 1_700_000_000_000;
        const seed = loadSeed({
          cluster: { converge_ms: convergeMs, scaling_possible: scaling, scaler_interval_ms: 0 },
          nodes,
          models,
          deployments: seeded.map((s, i) => ({
            deployment_id: `seeded-${i}`,
            model_id: `model-${s.model}`,
            number_of_allocations: s.n,
            threads_per_allocation: s.threads,
            state: s.state,
          })),
        });
        const cluster = new Cluster(seed, () => time);

        // Load: deployments placed one after the other, in the seed's order.
        const loaded = cluster.toSeed();
        const used = usedBy({ ...loaded, deployments: [] });
        for (const d of loaded.deployments) {
          const model = loaded.models.find((m) => m.model_id === d.model_id);
          if (d.state !== 'started' && d.state !== 'starting') {
            expect(targets(d.routing_table)).toEqual({});
            continue;
          }
          const wanted = scanPlace(
            loaded.nodes,
            used,
            {},
            d.threads_per_allocation,
            model,
            d.number_of_allocations,
          );
          expect(targets(d.routing_table)).toEqual(Object.fromEntries(wanted.routes));
          expect(d.reason).toBe(wanted.total < d.number_of_allocations ? wanted.explanation : undefined);
          for (const [nodeId, target] of wanted.routes) {
            const u = used.get(nodeId);
            if (u) {
              u.processors += target * d.threads_per_allocation;
              u.memory += memoryOnNode(model, target);
            }
          }
        }

        for (const op of ops) {
          if (op.kind === 'advance') {
            time += op.ms;
            continue;
          }
          const before = cluster.toSeed();
          if (op.kind === 'stop') {
            cluster.stop(`dep-${op.id}`, { allow_no_match: true, force: true });
            continue;
          }
          if (op.kind === 'start') {
            const id = `dep-${op.id}`;
            const model = before.models.find((m) => m.model_id === `model-${op.model}`);
            const wanted = scanPlace(before.nodes, usedBy(before), {}, op.threads, model, op.n);
            const result = cluster.start({
              model_id: `model-${op.model}`,
              deployment_id: id,
              number_of_allocations: op.n,
              threads_per_allocation: op.threads,
              queue_capacity: 1024,
              priority: 'normal',
              timeout: '30s',
              wait_for: 'started',
              warnings: [],
            });
            if (before.deployments.some((d) => d.deployment_id === id) || before.models.length <= op.model) {
              expect(result.ok).toBe(false);
              continue;
            }
            const refused = !scaling && wanted.total < op.n;
            expect(result.ok).toBe(!refused);
            if (!result.ok) {
              if (wanted.total === 0) {
                expect(JSON.stringify(result.error.body)).toContain(
                  JSON.stringify(wanted.explanation).slice(1, -1),
                );
              }
              expect(cluster.toSeed().deployments).toEqual(before.deployments);
              continue;
            }
            const after = cluster.toSeed().deployments.find((d) => d.deployment_id === id);
            expect(targets(after?.routing_table)).toEqual(Object.fromEntries(wanted.routes));
            expect(after?.reason).toBe(wanted.total < op.n ? wanted.explanation : undefined);
            continue;
          }
          const id = `dep-${op.id}`;
          const d = before.deployments.find((x) => x.deployment_id === id);
          const result = cluster.update({
            deployment_id: id,
            number_of_allocations: op.n,
            source: 'body',
            timeout: '30s',
            master_timeout: '30s',
            warnings: [],
          });
          if (d?.state !== 'started' || op.n <= d.number_of_allocations) {
            // Not an increase: no placement to compare.
            continue;
          }
          const model = before.models.find((m) => m.model_id === d.model_id);
          const wanted = scanPlace(
            before.nodes,
            usedBy(before, id),
            targets(d.routing_table),
            d.threads_per_allocation,
            model,
            op.n,
          );
          const refused = !scaling && wanted.total < op.n;
          expect(result.ok).toBe(!refused);
          const after = cluster.toSeed().deployments.find((x) => x.deployment_id === id);
          if (refused) {
            expect(after).toEqual(d);
            continue;
          }
          expect(targets(after?.routing_table)).toEqual(Object.fromEntries(wanted.routes));
          expect(after?.reason).toBe(wanted.total < op.n ? wanted.explanation : undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('CapacityIndex', () => {
  const nodes = Array.from({ length: 37 }, (_, i) => ({
    id: `n${i}`,
    name: `n${i}`,
    processors: 8 + (i % 5),
    memory_bytes: (1 + (i % 3)) * GIB,
  }));

  /** The best node by scanning: most free processors, first on a tie, among those that fit. */
  function scanBest(index: CapacityIndex, masked: Set<number>, processors: number, memory: number): number {
    let best = -1;
    let bestFree = Number.NEGATIVE_INFINITY;
    nodes.forEach((node, i) => {
      const used = index.reserved(i);
      const free = node.processors - used.processors;
      if (
        !masked.has(i) &&
        free >= processors &&
        node.memory_bytes - used.memory >= memory &&
        free > bestFree
      ) {
        best = i;
        bestFree = free;
      }
    });
    return best;
  }

  it('finds the node a scan finds after any reservations, releases and masks', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('add' as const),
              node: fc.nat(36),
              processors: fc.integer({ min: -4, max: 6 }),
              memory: fc.integer({ min: -2, max: 3 }).map((x) => x * 256 * MB),
            }),
            fc.record({ kind: fc.constant('mask' as const), node: fc.nat(36) }),
            fc.record({ kind: fc.constant('unmask' as const), node: fc.nat(36) }),
            fc.record({
              kind: fc.constant('query' as const),
              processors: fc.integer({ min: 0, max: 12 }),
              memory: fc.integer({ min: 0, max: 12 }).map((x) => x * 256 * MB),
            }),
          ),
          { maxLength: 200 },
        ),
        (steps) => {
          const index = new CapacityIndex(nodes);
          const masked = new Set<number>();
          for (const step of steps) {
            if (step.kind === 'add') {
              index.add(`n${step.node}`, step.processors, step.memory);
            } else if (step.kind === 'mask') {
              index.mask(step.node);
              masked.add(step.node);
            } else if (step.kind === 'unmask') {
              index.unmask(step.node);
              masked.delete(step.node);
            } else {
              expect(index.best(step.processors, step.memory)).toBe(
                scanBest(index, masked, step.processors, step.memory),
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores reservations on nodes it does not know', () => {
    const index = new CapacityIndex(nodes.slice(0, 2));
    index.add('elsewhere', 100, 100);
    expect(index.best(1, 0)).toBe(1);
    expect(index.position('elsewhere')).toBe(-1);
  });
});
