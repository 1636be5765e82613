// Convergence looks only at deployments whose routes change by now (a queue by due time), yet every
// read must show each route exactly where the convergence rule puts it at that moment:
// current = from + trunc((target - from) * min(1, (now - since) / converge_ms)), routes that reach
// 0 of 0 gone, and max_assigned_allocations the largest total any read has seen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster.js';
import { loadSeed, type SeedDocument } from '../src/index.js';

interface Leg {
  from: number;
  since: number;
  target: number;
}

const at = (leg: Leg, t: number, ms: number) =>
  leg.from + Math.trunc((leg.target - leg.from) * (ms <= 0 ? 1 : Math.min(1, (t - leg.since) / ms)));

const arbOp = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), id: fc.nat(5), n: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }),
  fc.record({ kind: fc.constant('converge' as const), ms: fc.constantFrom(0, 7, 1000, 3000) }),
);

describe('convergence through the due queue', () => {
  it('shows every route where the convergence rule puts it, at every read', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(7, 1000, 3000),
        fc.array(arbOp, { minLength: 1, maxLength: 60 }),
        (convergeMs, ops) => {
          let time = 1_700_000_000_000;
          let ms: number = convergeMs;
          const seed = loadSeed({
            cluster: { converge_ms: ms, scaling_possible: false, scaler_interval_ms: 0 },
            nodes: Array.from({ length: 4 }, (_, i) => ({ id: `n${i}`, processors: 8 })),
            models: [{ model_id: 'm', model_size_bytes: 1024 }],
            deployments: Array.from({ length: 6 }, (_, i) => ({
              deployment_id: `d${i}`,
              model_id: 'm',
              number_of_allocations: 1,
              state: 'started',
            })),
          });
          const cluster = new Cluster(seed, () => time);
          const legs = new Map<string, Map<string, Leg>>();
          const maxSeen = new Map<string, number>();
          const check = (state: SeedDocument) => {
            for (const d of state.deployments) {
              const mine = legs.get(d.deployment_id) ?? new Map<string, Leg>();
              const table = d.routing_table ?? {};
              let total = 0;
              for (const [nodeId, leg] of mine) {
                const current = at(leg, time, ms);
                const route = table[nodeId];
                if (leg.target === 0 && current === 0) {
                  expect(route).toBeUndefined();
                  continue;
                }
                expect(route?.current_allocations).toBe(current);
                expect(route?.target_allocations).toBe(leg.target);
                total += current;
              }
              for (const nodeId of Object.keys(table)) {
                expect(mine.has(nodeId)).toBe(true);
              }
              const max = Math.max(maxSeen.get(d.deployment_id) ?? 0, total);
              maxSeen.set(d.deployment_id, max);
              expect(d.max_assigned_allocations).toBe(max);
            }
          };
          // Seeded started deployments are placed at load, already converged.
          for (const d of cluster.toSeed().deployments) {
            const mine = new Map<string, Leg>();
            for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
              mine.set(nodeId, { from: r.current_allocations, since: time, target: r.target_allocations });
            }
            legs.set(d.deployment_id, mine);
            maxSeen.set(d.deployment_id, d.max_assigned_allocations ?? 0);
          }
          for (const op of ops) {
            if (op.kind === 'advance') {
              time += op.ms;
              check(cluster.toSeed());
              continue;
            }
            if (op.kind === 'converge') {
              // A new converge time applies to every leg still on its way, from its start; arrived legs stay.
              check(cluster.toSeed());
              for (const mine of legs.values()) {
                for (const [nodeId, leg] of mine) {
                  if (at(leg, time, ms) === leg.target) {
                    mine.set(nodeId, { from: leg.target, since: time, target: leg.target });
                  }
                }
              }
              cluster.configure({ converge_ms: op.ms });
              ms = op.ms;
              check(cluster.toSeed());
              continue;
            }
            const id = `d${op.id}`;
            const before = cluster.toSeed().deployments.find((d) => d.deployment_id === id);
            check(cluster.toSeed());
            const result = cluster.update({
              deployment_id: id,
              number_of_allocations: op.n,
              source: 'body',
              timeout: '30s',
              master_timeout: '30s',
              warnings: [],
            });
            const after = cluster.toSeed().deployments.find((d) => d.deployment_id === id);
            if (result.ok && before && after) {
              const mine = legs.get(id) ?? new Map<string, Leg>();
              const beforeTable = before.routing_table ?? {};
              for (const [nodeId, r] of Object.entries(after.routing_table ?? {})) {
                const old = beforeTable[nodeId];
                if (!old || old.target_allocations !== r.target_allocations) {
                  mine.set(nodeId, {
                    from: old?.current_allocations ?? 0,
                    since: time,
                    target: r.target_allocations,
                  });
                }
              }
              for (const [nodeId, leg] of mine) {
                if (
                  !(nodeId in (after.routing_table ?? {})) &&
                  !(leg.target === 0 && at(leg, time, ms) === 0)
                ) {
                  // Retargeted to 0 and already there: the route is gone.
                  mine.set(nodeId, { from: 0, since: time, target: 0 });
                }
              }
              legs.set(id, mine);
            }
            check(cluster.toSeed());
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
