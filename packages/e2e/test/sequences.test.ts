import type { SeedDocument } from '@mldeploy/mock-server';
import { useMockServer } from '@mldeploy/mock-server/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { esShapeProblems } from './helpers/es-shape.js';
import { type RawRequest, send } from './helpers/http.js';
import { type StatsEntry, stateProblems, statsProblems } from './helpers/invariants.js';
import { makeSeed } from './helpers/mock.js';
import { seeded } from './helpers/seeded.js';

// Random sequences of operations, one at a time, on a small and crowded cluster: every answer is
// Elasticsearch-shaped, every state in between keeps the invariants, stats agree with the state,
// and each answer says what happened (a 200 shows its effect, an error changes nothing). A failure
// shrinks to the shortest sequence that breaks a rule.

const RUNS = Number(process.env.E2E_FUZZ_RUNS ?? 250);
const IDS = ['q-0', 'q-1', 'q-2', 'q-3'];
const SEED = makeSeed({
  nodes: 3,
  processors: 6,
  deployments: [
    { id: 'q-0', allocations: 2 },
    { id: 'q-1', allocations: 1, threads: 2 },
  ],
});

type Op =
  | { kind: 'update'; id: string; n: number; query: boolean }
  | { kind: 'adaptive'; id: string; enabled: boolean | null; min?: number; max?: number }
  | { kind: 'start'; id: string; n: number; threads: 1 | 2 | 4 }
  | { kind: 'stop'; id: string }
  | { kind: 'scaling'; possible: boolean };

const id = fc.constantFrom(...IDS);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      id,
      n: fc.integer({ min: 1, max: 12 }),
      query: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        kind: fc.constant('adaptive' as const),
        id,
        enabled: fc.constantFrom(true, false, null),
        min: fc.integer({ min: 0, max: 3 }),
        max: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: ['kind', 'id', 'enabled'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      id,
      n: fc.integer({ min: 1, max: 6 }),
      threads: fc.constantFrom(1 as const, 2 as const, 4 as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const), id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('scaling' as const), possible: fc.boolean() }) },
);

function toRequest(o: Exclude<Op, { kind: 'scaling' }>): RawRequest {
  const json = { 'content-type': 'application/json' };
  switch (o.kind) {
    case 'update':
      return o.query
        ? {
            method: 'POST',
            path: `/_ml/trained_models/${o.id}/deployment/_update?number_of_allocations=${o.n}`,
          }
        : {
            method: 'POST',
            path: `/_ml/trained_models/${o.id}/deployment/_update`,
            headers: json,
            body: JSON.stringify({ number_of_allocations: o.n }),
          };
    case 'adaptive': {
      const settings =
        o.enabled === null
          ? null
          : {
              enabled: o.enabled,
              ...(o.min === undefined ? {} : { min_number_of_allocations: o.min }),
              ...(o.max === undefined ? {} : { max_number_of_allocations: o.max }),
            };
      return {
        method: 'POST',
        path: `/_ml/trained_models/${o.id}/deployment/_update`,
        headers: json,
        body: JSON.stringify({ adaptive_allocations: settings }),
      };
    }
    case 'start':
      return {
        method: 'POST',
        // A short wait: with scaling possible and no room, Elasticsearch waits for a node that
        // never comes and answers 408 at the timeout, leaving the deployment `starting`.
        path: `/_ml/trained_models/e2e-model/deployment/_start?deployment_id=${o.id}&number_of_allocations=${o.n}&threads_per_allocation=${o.threads}&timeout=100ms`,
      };
    case 'stop':
      return { method: 'POST', path: `/_ml/trained_models/${o.id}/deployment/_stop?force=true` };
  }
}

/** What a 200 must have done, and what an error must not have done. */
function effectProblems(
  o: Exclude<Op, { kind: 'scaling' }>,
  status: number,
  before: SeedDocument,
  after: SeedDocument,
): string[] {
  const was = before.deployments.find((d) => d.deployment_id === o.id);
  const is = after.deployments.find((d) => d.deployment_id === o.id);
  const label = `${JSON.stringify(o)} -> ${status}`;
  if (o.kind === 'start' && status === 408) {
    return was === undefined && is?.state === 'starting'
      ? []
      : [`${label} but the deployment is ${is?.state}`];
  }
  if (status !== 200) {
    return JSON.stringify(before.deployments) === JSON.stringify(after.deployments)
      ? []
      : [`${label} changed the state`];
  }
  switch (o.kind) {
    case 'update':
      return is?.number_of_allocations === o.n
        ? []
        : [`${label} but number_of_allocations is ${is?.number_of_allocations}`];
    case 'adaptive':
      if (o.enabled === null) {
        return (is?.adaptive_allocations ?? null) === null ? [] : [`${label} but adaptive settings remain`];
      }
      return is?.adaptive_allocations?.enabled === o.enabled ||
        (!o.enabled && is?.adaptive_allocations?.enabled === undefined)
        ? []
        : [`${label} but enabled is ${is?.adaptive_allocations?.enabled}`];
    case 'start':
      return was === undefined && is?.number_of_allocations === o.n && is.threads_per_allocation === o.threads
        ? []
        : [
            `${label} but the deployment is ${JSON.stringify(is && [is.number_of_allocations, is.threads_per_allocation])}`,
          ];
    case 'stop':
      return is === undefined ? [] : [`${label} but the deployment is still there`];
  }
}

describe('random sequences of operations', () => {
  const mock = useMockServer({ seed: SEED, convergeMs: 0 });

  it('keeps every invariant after every step and each answer tells what happened', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await mock.server.reset();
        const problems: string[] = [];
        for (const o of ops) {
          if (o.kind === 'scaling') {
            const res = await send(mock.server.url, {
              method: 'PUT',
              path: '/_mock/settings',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ scaling_possible: o.possible }),
            });
            expect(res.status).toBe(200);
            continue;
          }
          const before = mock.server.state();
          const req = toRequest(o);
          const res = await send(mock.server.url, req);
          const after = mock.server.state();
          problems.push(
            ...esShapeProblems(req, res),
            ...stateProblems(after),
            ...effectProblems(o, res.status, before, after),
          );
          const stats = JSON.parse(
            (await send(mock.server.url, { method: 'GET', path: '/_ml/trained_models/_stats' })).text,
          ) as { trained_model_stats: StatsEntry[] };
          problems.push(...statsProblems(stats.trained_model_stats));
          // Converged at once (converge 0): stats count what the routing tables hold.
          for (const d of after.deployments) {
            const current = Object.values(d.routing_table ?? {}).reduce(
              (s, r) => s + r.current_allocations,
              0,
            );
            const entry = stats.trained_model_stats.find(
              (e) => e.deployment_stats?.deployment_id === d.deployment_id,
            );
            const count = entry?.deployment_stats?.allocation_status?.allocation_count;
            if (d.state === 'started' && count !== current) {
              problems.push(
                `after ${JSON.stringify(o)}: [${d.deployment_id}] stats count ${count}, routes hold ${current}`,
              );
            }
          }
          if (problems.length > 0) {
            break;
          }
        }
        expect(problems).toEqual([]);
      }),
      seeded(Math.round(RUNS / 2)),
    );
  });
});
