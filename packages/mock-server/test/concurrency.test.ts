import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });

/** 20 deployments of one model on 4 nodes of 32 processors. */
function crowded(): SeedDocument {
  const seed = defaultSeed();
  seed.cluster.converge_ms = 50;
  seed.nodes = [1, 2, 3, 4].map((i) => ({
    id: `node-${i}`,
    name: `ml-node-${i}`,
    processors: 32,
    memory_bytes: 64 * 1024 ** 3,
  }));
  const base = seed.deployments[0];
  if (!base) {
    throw new Error('no example deployment');
  }
  seed.deployments = Array.from({ length: 20 }, (_, i) => ({ ...base, deployment_id: `d-${i}` }));
  return seed;
}

function checkInvariants(state: SeedDocument): void {
  const used = new Map<string, number>();
  for (const d of state.deployments) {
    for (const [node, r] of Object.entries(d.routing_table ?? {})) {
      used.set(node, (used.get(node) ?? 0) + r.target_allocations * d.threads_per_allocation);
      expect(r.current_allocations).toBeGreaterThanOrEqual(0);
    }
  }
  for (const node of state.nodes) {
    expect(used.get(node.id) ?? 0, node.id).toBeLessThanOrEqual(node.processors);
  }
}

describe('concurrent updates', () => {
  it('end in a consistent state with every acknowledged write kept', async () => {
    await mock.server.reset(crowded());
    // Each deployment gets a burst of concurrent updates; the server applies them one at a time.
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const id = `d-${i % 20}`;
        const n = 1 + (i % 7);
        return call(mock.url, 'POST', `/_ml/trained_models/${id}/deployment/_update`, {
          body: JSON.stringify({ number_of_allocations: n }),
        }).then((reply) => ({ id, n, reply }));
      }),
    );
    for (const { reply } of replies) {
      expect([200, 429]).toContain(reply.status);
    }
    const state = mock.server.state();
    checkInvariants(state);
    // The last acknowledged number per deployment is what the state holds: writes are serialised
    // in arrival order, and every accepted answer shows the state right after its own write.
    for (const d of state.deployments) {
      const accepted = replies.filter((r) => r.id === d.deployment_id && r.reply.status === 200);
      const numbers = accepted.map(
        (r) => r.reply.json.assignment.task_parameters.number_of_allocations as number,
      );
      expect(numbers).toContain(d.number_of_allocations);
      expect(
        accepted.every((r) => r.reply.json.assignment.task_parameters.number_of_allocations === r.n),
      ).toBe(true);
    }
    const stats = (await call(mock.url, 'GET', '/_ml/trained_models/_stats')).json;
    for (const entry of stats.trained_model_stats.filter(
      (e: { deployment_stats?: unknown }) => e.deployment_stats,
    )) {
      const d = state.deployments.find((x) => x.deployment_id === entry.deployment_stats.deployment_id);
      expect(entry.deployment_stats.number_of_allocations).toBe(d?.number_of_allocations);
    }
    // One convergence time later (simulated), every route holds its target.
    mock.server.advance(50);
    for (const d of mock.server.state().deployments) {
      for (const r of Object.values(d.routing_table ?? {})) {
        expect(r.current_allocations).toBe(r.target_allocations);
      }
    }
  });
});
