// The simulated cluster's parts, each on its own: the convergence walk and its next step, the
// converging set, the reducer, the inference endpoints' ownership check, and the load simulation
// driven through a host of plain objects (no cluster), which passes simulated time as an argument.
// The HTTP suites prove the parts together; these pin each seam.
import { PLACEMENT_MESSAGES } from '@mldeploy/core/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationsAt, Convergence, convergeTo, nextStepAt } from '../src/convergence.js';
import { type Deployment, newDeployment, type Route } from '../src/deployment.js';
import { InferenceEndpoints } from '../src/inference-endpoints.js';
import { type LoadHost, LoadSimulation } from '../src/load.js';
import { Placement, reduceAllocations } from '../src/placement.js';

const FC = { seed: 19, numRuns: 300 };

function deployment(routes: Record<string, Partial<Route>>, extra: Partial<Deployment> = {}): Deployment {
  const d = newDeployment(
    {
      deployment_id: 'd',
      model_id: 'm',
      number_of_allocations: 1,
      threads_per_allocation: 1,
      priority: 'normal',
      queue_capacity: 100,
    },
    undefined,
    0,
    'started',
  );
  for (const [nodeId, r] of Object.entries(routes)) {
    d.routes.set(nodeId, { target: 1, from: 1, since: 0, current: 1, state: 'started', reason: '', ...r });
  }
  return Object.assign(d, extra);
}

const arbRoute = fc
  .record({
    from: fc.nat(12),
    target: fc.nat(12),
    since: fc.integer({ min: 0, max: 5000 }),
    ms: fc.integer({ min: 1, max: 5000 }),
    dt: fc.integer({ min: 0, max: 6000 }),
  })
  .filter((x) => x.from !== x.target);

describe('the convergence walk', () => {
  it('takes its next step exactly where nextStepAt says, and not before', () => {
    fc.assert(
      fc.property(arbRoute, ({ from, target, since, ms, dt }) => {
        const d = deployment({ n: { from, target, since, current: from } });
        const r = d.routes.get('n') as Route;
        const t = since + dt;
        const now = allocationsAt(d, r, t, ms);
        const next = nextStepAt(d, r, t, ms);
        let first = Number.POSITIVE_INFINITY;
        for (let u = t + 1; u <= since + ms; u++) {
          if (allocationsAt(d, r, u, ms) !== now) {
            first = u;
            break;
          }
        }
        expect(next).toBe(first);
      }),
      FC,
    );
  });

  it('converges a deployment to a time and is due again no later than its next step', () => {
    fc.assert(
      fc.property(arbRoute, ({ from, target, since, ms, dt }) => {
        const d = deployment({
          n: { from, target, since, current: from, state: from > 0 ? 'started' : 'starting' },
        });
        const r = d.routes.get('n') as Route;
        const t = since + dt;
        const walked = allocationsAt(d, r, t, ms);
        const { settled, next } = convergeTo(d, t, ms);
        if (target === 0 && walked === 0) {
          expect(d.routes.has('n')).toBe(false);
          return;
        }
        expect(r.current).toBe(walked);
        expect(settled).toBe(walked === target);
        expect(d.max_assigned_allocations).toBeGreaterThanOrEqual(walked);
        if (walked > 0) {
          expect(r.state).toBe('started');
        }
        // Nothing changes between now and the time it is due again.
        if (settled) {
          expect(next).toBe(Number.POSITIVE_INFINITY);
        } else {
          expect(next).toBeLessThan(nextStepAt(d, r, t, ms));
          expect(next).toBeGreaterThanOrEqual(t);
        }
      }),
      FC,
    );
  });

  it('leaves a frozen deployment where the seed put it', () => {
    const d = deployment({ n: { from: 0, target: 3, current: 0, state: 'starting' } }, { frozen: true });
    const r = d.routes.get('n') as Route;
    expect(allocationsAt(d, r, 10_000, 100)).toBe(0);
    expect(nextStepAt(d, r, 0, 100)).toBe(Number.POSITIVE_INFINITY);
    const moving = new Convergence();
    moving.track(d);
    moving.advance(10_000, 100);
    expect(r.current).toBe(0);
  });
});

describe('the converging set', () => {
  it('converges a tracked deployment when it is due and forgets it once settled', () => {
    const d = deployment(
      { n: { from: 0, target: 4, since: 0, current: 0, state: 'starting' } },
      { state: 'starting' },
    );
    const r = d.routes.get('n') as Route;
    const moving = new Convergence();
    moving.track(d);
    moving.advance(0, 1000);
    expect(r.current).toBe(0);
    moving.advance(250, 1000);
    expect(r.current).toBe(1);
    expect(d.state).toBe('started');
    moving.advance(1000, 1000);
    expect(r.current).toBe(4);
    // Settled: a later change of the route is not seen until the deployment is tracked again.
    Object.assign(r, { from: 4, target: 0, since: 1000 });
    moving.advance(5000, 1000);
    expect(r.current).toBe(4);
    moving.track(d);
    moving.advance(5000, 1000);
    expect(d.routes.has('n')).toBe(false);
  });

  it('does not converge a forgotten deployment', () => {
    const d = deployment({ n: { from: 0, target: 2, since: 0, current: 0 } });
    const moving = new Convergence();
    moving.track(d);
    moving.forget(d);
    moving.advance(10_000, 100);
    expect(d.routes.get('n')?.current).toBe(0);
  });
});

describe('placement', () => {
  it('reduces to n: whole routes smallest first, then from the largest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 6 }),
        fc.nat(40),
        (targets, k) => {
          const total = targets.reduce((s, x) => s + x, 0);
          const n = k % (total + 1);
          const d = deployment(
            Object.fromEntries(targets.map((target, i) => [`n${i}`, { target, current: target }])),
          );
          const reduced = reduceAllocations(d, n);
          expect([...reduced.values()].reduce((s, x) => s + x, 0)).toBe(n);
          for (const [nodeId, target] of reduced) {
            expect(target).toBeLessThanOrEqual(d.routes.get(nodeId)?.target ?? 0);
          }
        },
      ),
      FC,
    );
  });

  it("explains with core's messages why nothing fits", () => {
    const placement = new Placement();
    placement.reset([], () => undefined);
    const d = deployment({});
    expect(placement.place(d, 1, false)).toEqual({
      routes: new Map(),
      total: 0,
      explanation: PLACEMENT_MESSAGES.noMlNodes,
    });
    placement.reset([{ id: 'a', name: 'node-a', processors: 1, memory_bytes: 1e12 }], () => undefined);
    const two = { ...d, threads_per_allocation: 2 };
    expect(placement.place(two, 1, false).explanation).toBe(
      PLACEMENT_MESSAGES.insufficientProcessors('node-a', 1, 1, 2),
    );
  });
});

describe('inference endpoints', () => {
  const endpoints = new InferenceEndpoints();
  endpoints.reset([
    {
      inference_id: 'e5',
      task_type: 'text_embedding',
      service: 'elasticsearch',
      service_settings: { model_id: 'm', num_threads: 1, num_allocations: 1 },
    },
  ]);

  it('own the deployment of their id from 8.19, and a seeded deployment marked as owned', () => {
    expect(endpoints.ownsDeployment('8.19.0', 'e5', undefined)).toBe(true);
    expect(endpoints.ownsDeployment('8.18.0', 'e5', undefined)).toBe(false);
    expect(endpoints.ownsDeployment('8.19.0', 'other', undefined)).toBe(false);
    const owned = deployment({}, { owned_by_inference_endpoint: true });
    expect(endpoints.ownsDeployment('9.1.0', 'other', owned)).toBe(true);
  });
});

describe('the load simulation behind its host', () => {
  /** A host of plain objects: one deployment, and a record of the times it was called with. */
  function host(d: Deployment, scalerIntervalMs: number) {
    const calls: Array<[string, number]> = [];
    const h: LoadHost = {
      deployments: () => [d],
      scalable: () => (d.adaptive?.enabled ? [d] : []),
      convergeMs: () => 0,
      scalerIntervalMs: () => scalerIntervalMs,
      scaleToZeroMs: () => 15 * 60_000,
      convergeTo: (now) => {
        calls.push(['convergeTo', now]);
      },
      scaleTo: (_d, n, now) => {
        calls.push([`scaleTo ${n}`, now]);
        return false;
      },
    };
    return { h, calls };
  }

  it('serves a steady load on a started route, counted as the stats count it', () => {
    const d = deployment({ n: {} });
    const { h, calls } = host(d, 0);
    const sim = new LoadSimulation(h);
    sim.clear(0);
    sim.set(d, { deployment_id: 'd', rate: 10, inference_time_ms: 50 }, 0);
    sim.run(60_000);
    const counters = sim.nodeInference(d, 'n', d.routes.get('n') as Route, 60_000);
    expect(counters.inference_count).toBe(600);
    expect(counters.average_inference_time_ms).toBe(50);
    expect(counters.number_of_pending_requests).toBe(0);
    expect(calls).toEqual([]);
  });

  it('triggers the scaler at each interval and hands the host the time of each trigger', () => {
    const d = deployment(
      { n: {} },
      { adaptive: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 } },
    );
    const { h, calls } = host(d, 10_000);
    const sim = new LoadSimulation(h);
    sim.clear(0);
    sim.set(d, { deployment_id: 'd', rate: 100, inference_time_ms: 50 }, 0);
    sim.run(30_000);
    expect(calls.filter(([what]) => what === 'convergeTo').map(([, t]) => t)).toEqual([
      10_000, 20_000, 30_000,
    ]);
    // Every scaling request carries a trigger's time, never the clock's.
    for (const [what, t] of calls) {
      if (what.startsWith('scaleTo')) {
        expect([10_000, 20_000, 30_000]).toContain(t);
      }
    }
  });
});
