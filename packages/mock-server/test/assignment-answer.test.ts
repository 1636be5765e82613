// The assignment answer's writer (assignment-answer.ts) writes exactly what `JSON.stringify`
// writes: for every deployment the view can show (any strings, escapes, lone surrogates, node ids
// that look like array indexes, optional fields present or not, adaptive settings) and for bodies
// of other shapes, which it leaves to `JSON.stringify`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentAnswer, assignmentAnswerText } from '../src/assignment-answer.js';
import type { Cluster, Deployment, Route } from '../src/cluster.js';
import { render } from '../src/http.js';
import type { SeedModel } from '../src/seed.js';

const FC = { seed: 4242, numRuns: 2000 };

/** Strings of every kind JSON escapes: quotes, backslashes, controls, surrogates (paired or not). */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udc00', 'é', 'a'),
  }),
);
/** Node ids, some of which look like array indexes (their keys come first in an object). */
const nodeId = fc.oneof(
  text,
  fc.nat({ max: 5000 }).map(String),
  fc.constantFrom('0', '01', '-1', '4294967295'),
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

describe('the assignment answer', () => {
  it('is written as JSON.stringify writes it, for every deployment the view can show', () => {
    fc.assert(
      fc.property(deployment, model, (d, m) => {
        const answer = assignmentAnswer(clusterWith(m), d);
        expect(answer.json?.(answer.body)).toBe(JSON.stringify(answer.body));
      }),
      FC,
    );
  });

  it('leaves bodies of other shapes to JSON.stringify', () => {
    fc.assert(
      fc.property(
        deployment,
        model,
        fc.constantFrom('task_parameters', 'routing_table', 'start_time', 'model_bytes', 'priority'),
        fc.jsonValue(),
        (d, m, field, replacement) => {
          const body = assignmentAnswer(clusterWith(m), d).body as { assignment: Record<string, unknown> };
          const inner = body.assignment.task_parameters as Record<string, unknown>;
          if (field in inner) {
            inner[field] = replacement;
          } else {
            body.assignment[field] = replacement;
          }
          expect(assignmentAnswerText(body)).toBe(JSON.stringify(body));
        },
      ),
      FC,
    );
    for (const body of [undefined, null, {}, { assignment: null }, { assignment: {} }, []]) {
      expect(assignmentAnswerText(body)).toBe(JSON.stringify(body));
    }
  });

  it('is rendered with the writer only when nothing reshapes the body', () => {
    fc.assert(
      fc.property(
        deployment,
        model,
        fc.constantFrom('', 'pretty', 'filter_path=assignment.task_parameters', 'format=yaml', 'error_trace'),
        (d, m, query) => {
          const answer = assignmentAnswer(clusterWith(m), d);
          const request = { method: 'POST', url: '/', path: '/', query, headers: {}, body: undefined };
          const plain = { status: answer.status, body: answer.body };
          expect(render(request, answer)).toEqual(render(request, plain));
        },
      ),
      { ...FC, numRuns: 300 },
    );
  });
});
