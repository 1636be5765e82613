// The assignment answer's writer (assignment-answer.ts) writes exactly what `JSON.stringify` of
// the view writes: for every deployment (any strings, escapes, lone surrogates, node ids that look
// like array indexes or name the prototype, optional fields present or not, adaptive settings),
// also for deployments whose fields hold values of other types, which it leaves to `JSON.stringify`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentAnswer, assignmentAnswerText } from '../src/assignment-answer.js';
import type { Cluster, Deployment, Route } from '../src/cluster.js';
import { render } from '../src/http.js';
import type { SeedModel } from '../src/seed.js';
import { assignmentJson } from '../src/views.js';

const FC = { seed: 4242, numRuns: 2000 };

/** Strings of every kind JSON escapes: quotes, backslashes, controls, surrogates (paired or not). */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', 'é', 'a'),
  }),
);
/** Node ids an object would not keep in insertion order (array indexes first; `__proto__` not at all). */
const SPECIAL_IDS = ['0', '7', '3691', '4294967294', '__proto__'];
/** Node ids, some of which look like array indexes or name the prototype. */
const nodeId = fc.oneof(
  { arbitrary: text, weight: 3 },
  { arbitrary: fc.nat({ max: 5000 }).map(String), weight: 1 },
  {
    arbitrary: fc.constantFrom(...SPECIAL_IDS, '01', '-1', '1e3', '4294967295', '42949672950', 'constructor'),
    weight: 2,
  },
);
const count = fc.oneof(fc.nat({ max: 64 }), fc.integer(), fc.constantFrom(-0, 2 ** 53, 1.5, Number.NaN));

const route: fc.Arbitrary<[string, Route]> = fc.tuple(
  nodeId,
  fc.record({
    target: count,
    from: count,
    since: fc.nat(),
    current: count,
    state: fc.constantFrom('starting', 'started', 'stopping', 'stopped', 'failed'),
    reason: text,
  }),
);

const deployment: fc.Arbitrary<Deployment> = fc.record({
  deployment_id: text,
  model_id: text,
  number_of_allocations: count,
  threads_per_allocation: count,
  priority: fc.constantFrom('normal', 'low'),
  queue_capacity: count,
  cache_size: fc.option(text, { nil: undefined }),
  adaptive: fc.option(
    fc.record(
      {
        enabled: fc.boolean(),
        min_number_of_allocations: count,
        max_number_of_allocations: count,
      },
      { requiredKeys: [] },
    ),
    { nil: null },
  ),
  state: fc.constantFrom('started', 'starting', 'stopping', 'failed'),
  frozen: fc.boolean(),
  owned_by_inference_endpoint: fc.boolean(),
  referenced_by_ingest: fc.boolean(),
  routes: fc.array(route, { maxLength: 6 }).map((entries) => new Map(entries)),
  start_time: text,
  max_assigned_allocations: count,
  reason: fc.option(text, { nil: undefined }),
  scaledAt: fc.nat(),
});

const model: fc.Arbitrary<SeedModel | undefined> = fc.option(
  fc.record(
    {
      model_id: text,
      model_size_bytes: count,
      per_deployment_memory_bytes: count,
      per_allocation_memory_bytes: count,
    },
    { requiredKeys: ['model_id', 'model_size_bytes'] },
  ),
  { nil: undefined },
);

/** The one part of the cluster the view reads: the deployment's model. */
const clusterWith = (m: SeedModel | undefined) => ({ model: () => m }) as unknown as Cluster;

/** What the answer must write: the view, through `JSON.stringify`. */
const expected = (cluster: Cluster, d: Deployment) =>
  JSON.stringify({ assignment: assignmentJson(cluster, d) });

describe('the assignment answer', () => {
  it('is written as JSON.stringify writes the view, for every deployment', () => {
    fc.assert(
      fc.property(deployment, model, (d, m) => {
        const cluster = clusterWith(m);
        const answer = assignmentAnswer(cluster, d);
        expect(answer.json?.()).toBe(expected(cluster, d));
        expect(answer.body).toEqual({ assignment: assignmentJson(cluster, d) });
      }),
      FC,
    );
  });

  it('keeps node ids in the order an object keeps them', () => {
    const route: Route = { target: 1, from: 0, since: 0, current: 1, state: 'started', reason: '' };
    const base = fc.sample(deployment, { seed: 7, numRuns: 1 })[0] as Deployment;
    for (const special of SPECIAL_IDS) {
      for (const ids of [[special], ['node-a', special], [special, 'node-b', '12']]) {
        const d = { ...base, routes: new Map(ids.map((id) => [id, route])) };
        const cluster = clusterWith(undefined);
        expect(assignmentAnswer(cluster, d).json?.()).toBe(expected(cluster, d));
      }
    }
  });

  it('leaves deployments with values of other types to JSON.stringify', () => {
    const fields = [
      'deployment_id',
      'model_id',
      'number_of_allocations',
      'threads_per_allocation',
      'queue_capacity',
      'cache_size',
      'priority',
      'state',
      'start_time',
      'max_assigned_allocations',
      'reason',
    ] as const;
    const routeFields = ['current', 'target', 'state', 'reason'] as const;
    fc.assert(
      fc.property(
        deployment,
        model,
        fc.constantFrom(...fields, ...routeFields, 'model_size_bytes'),
        fc.oneof(fc.jsonValue(), fc.constant(undefined)),
        (d, m, field, replacement) => {
          // Values the types do not allow, put where the view reads them.
          const targets: object[] =
            field === 'model_size_bytes'
              ? m === undefined
                ? []
                : [m]
              : (routeFields as readonly string[]).includes(field)
                ? [...d.routes.values()]
                : [d];
          for (const target of targets) {
            (target as Record<string, unknown>)[field] = replacement;
          }
          const cluster = clusterWith(m);
          let want: string | Error;
          try {
            want = expected(cluster, d);
          } catch (e) {
            want = e as Error;
          }
          if (want instanceof Error) {
            expect(() => assignmentAnswerText(cluster, d)).toThrow();
          } else {
            expect(assignmentAnswerText(cluster, d)).toBe(want);
          }
        },
      ),
      FC,
    );
  });

  it('is rendered from the writer only when nothing reshapes the body, and identically', () => {
    fc.assert(
      fc.property(
        deployment,
        model,
        fc.constantFrom('', 'pretty', 'filter_path=assignment.task_parameters', 'format=yaml', 'error_trace'),
        (d, m, query) => {
          const cluster = clusterWith(m);
          const request = { method: 'POST', url: '/', path: '/', query, headers: {}, body: undefined };
          const eager = { status: 200, body: { assignment: assignmentJson(cluster, d) } };
          expect(render(request, assignmentAnswer(cluster, d))).toEqual(render(request, eager));
        },
      ),
      { ...FC, numRuns: 300 },
    );
  });
});
