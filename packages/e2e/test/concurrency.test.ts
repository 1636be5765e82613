import { ApiError, createClient, type MlDeployClient } from '@mldeploy/client';
import type { SeedDocument } from '@mldeploy/mock-server';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { describe, expect, it } from 'vitest';
import {
  convergenceProblems,
  routesOf,
  type StatsEntry,
  stateProblems,
  statsProblems,
} from './helpers/invariants.js';
import { makeSeed } from './helpers/mock.js';
import { E2E_SEED, prng } from './helpers/seeded.js';

// Many clients updating, starting and stopping at once through @mldeploy/client, while a sampler
// reads /_mock/state and _stats and checks the cluster's invariants throughout; then no
// acknowledged write may be lost. The mock's clock is manual: the in-process sampler steps it
// between requests, so routes converge during the run, and the end steps it past convergence
// instead of sleeping.

const WORKERS = 20;
const OPS_PER_WORKER = 25;
const CONVERGE_MS = 150;
/** How far the in-process sampler steps the simulated clock each time it runs. */
const STEP_MS = 5;
const POOL = Array.from({ length: 8 }, (_, i) => `c-${i}`);
const SEED = makeSeed({
  nodes: 4,
  processors: 8,
  convergeMs: CONVERGE_MS,
  deployments: [
    { id: 'c-0', allocations: 1 },
    { id: 'c-1', allocations: 2 },
    { id: 'c-2', allocations: 1, threads: 2 },
    { id: 'c-3', allocations: 3 },
  ],
});

type Kind = 'update' | 'adaptive-on' | 'adaptive-off' | 'start' | 'stop';

/** One write as a client saw it. */
interface Write {
  id: string;
  kind: Kind;
  n?: number;
  threads?: 1 | 2;
  sentAt: number;
  doneAt: number;
  acked: boolean;
}

/** Answers Elasticsearch gives to a legal request that loses a race: none of them is a failure. */
const EXPECTED_CODES = new Set([
  'DEPLOYMENT_NOT_FOUND',
  'DEPLOYMENT_NOT_STARTED',
  'DEPLOYMENT_ALREADY_STARTED',
  'DEPLOYMENT_ID_EXISTS',
  'INSUFFICIENT_RESOURCES',
  'ADAPTIVE_ALLOCATIONS_ENABLED',
]);

/** Whether the final state shows the write's own effect. */
function showsEffect(state: SeedDocument, w: Write): boolean {
  const d = state.deployments.find((x) => x.deployment_id === w.id);
  switch (w.kind) {
    case 'stop':
      return d === undefined;
    case 'start':
      return d !== undefined && d.number_of_allocations === w.n && d.threads_per_allocation === w.threads;
    case 'update':
      return d !== undefined && d.number_of_allocations === w.n;
    case 'adaptive-on':
      return d?.adaptive_allocations?.enabled === true;
    case 'adaptive-off':
      return d !== undefined && (d.adaptive_allocations ?? null) === null;
  }
}

describe('concurrent clients', () => {
  const mock = useMockServer({ seed: SEED, clock: 'manual' });

  it(`keeps the cluster's invariants and every acknowledged write with ${WORKERS} clients × ${OPS_PER_WORKER} operations`, async () => {
    const seed = E2E_SEED;
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const problems: string[] = [];
    const writes: Write[] = [];
    const unexpected: string[] = [];
    const clients: MlDeployClient[] = Array.from({ length: WORKERS }, () =>
      createClient({
        node: mock.server.url,
        maxRetries: 0,
        responseValidation: 'strict',
        requestTimeout: 10_000,
      }),
    );

    // Each worker's operations are drawn up front from the seeded PRNG.
    const plans = clients.map(() =>
      Array.from({ length: OPS_PER_WORKER }, () => {
        const r = random();
        const id = pick(POOL);
        if (r < 0.45) {
          return { kind: 'update' as const, id, n: 1 + Math.floor(random() * 6) };
        }
        if (r < 0.5) {
          return { kind: 'adaptive-on' as const, id };
        }
        if (r < 0.55) {
          return { kind: 'adaptive-off' as const, id };
        }
        if (r < 0.7) {
          return {
            kind: 'start' as const,
            id,
            n: 1 + Math.floor(random() * 3),
            threads: pick([1, 2] as const),
          };
        }
        if (r < 0.82) {
          return { kind: 'stop' as const, id };
        }
        return { kind: 'stats' as const, id };
      }),
    );

    // Writes per deployment, sent and finished: two snapshots compare a deployment's convergence only
    // when no write to it was under way at the first or started before the second (a target can go
    // 2 -> 6 -> 2 between two samples, and the route then rightly converges down from above).
    const sent = new Map<string, number>();
    const finished = new Map<string, number>();
    const marks = () =>
      new Map([...sent].map(([id, n]) => [id, { sent: n, finished: finished.get(id) ?? 0 }]));
    const quiet = (
      before: ReturnType<typeof marks>,
      after: ReturnType<typeof marks>,
      routes: ReturnType<typeof routesOf>,
    ): ReturnType<typeof routesOf> => {
      const out: ReturnType<typeof routesOf> = new Map();
      for (const [key, value] of routes) {
        const id = key.slice(0, key.indexOf('@'));
        const b = before.get(id) ?? { sent: 0, finished: 0 };
        const a = after.get(id) ?? { sent: 0, finished: 0 };
        if (b.sent === b.finished && a.sent === b.sent) {
          out.set(key, value);
        }
      }
      return out;
    };

    const run = async (client: MlDeployClient, plan: (typeof plans)[number]) => {
      for (const op of plan) {
        if (op.kind === 'stats') {
          const stats = await client.getDeploymentStats();
          problems.push(...statsProblems(stats.trained_model_stats as StatsEntry[]));
          continue;
        }
        const w: Write = { id: op.id, kind: op.kind, sentAt: performance.now(), doneAt: 0, acked: false };
        if (op.kind === 'update' || op.kind === 'start') {
          w.n = op.n;
        }
        if (op.kind === 'start') {
          w.threads = op.threads;
        }
        sent.set(op.id, (sent.get(op.id) ?? 0) + 1);
        try {
          if (op.kind === 'update') {
            await client.updateDeployment(op.id, { number_of_allocations: op.n });
          } else if (op.kind === 'adaptive-on') {
            await client.updateDeployment(op.id, {
              adaptive_allocations: {
                enabled: true,
                min_number_of_allocations: 1,
                max_number_of_allocations: 4,
              },
            });
          } else if (op.kind === 'adaptive-off') {
            await client.updateDeployment(op.id, { adaptive_allocations: null });
          } else if (op.kind === 'start') {
            await client.startDeployment('e2e-model', {
              deployment_id: op.id,
              number_of_allocations: op.n,
              threads_per_allocation: op.threads,
              wait_for: 'starting',
            });
          } else {
            await client.stopDeployment(op.id, { force: true });
          }
          w.acked = true;
        } catch (e) {
          if (!(e instanceof ApiError) || !EXPECTED_CODES.has(e.code)) {
            unexpected.push(
              `${op.kind} ${op.id}: ${e instanceof ApiError ? `${e.code} ${e.status}` : ''} ${(e as Error).message}`,
            );
          }
        }
        finished.set(op.id, (finished.get(op.id) ?? 0) + 1);
        w.doneAt = performance.now();
        writes.push(w);
      }
    };

    // The sampler: state and stats, as often as the server answers, until the workers are done.
    let done = false;
    let samples = 0;
    const sampler = (async () => {
      let previous: { routes: ReturnType<typeof routesOf>; marks: ReturnType<typeof marks> } | undefined;
      while (!done) {
        const before = marks();
        const state = (await (await fetch(`${mock.server.url}/_mock/state`)).json()) as SeedDocument;
        const after = marks();
        problems.push(...stateProblems(state));
        const routes = routesOf(state);
        if (previous) {
          problems.push(
            ...convergenceProblems(
              quiet(previous.marks, after, previous.routes),
              quiet(previous.marks, after, routes),
            ),
          );
        }
        previous = { routes, marks: before };
        const stats = (await (await fetch(`${mock.server.url}/_ml/trained_models/_stats`)).json()) as {
          trained_model_stats: StatsEntry[];
        };
        problems.push(...statsProblems(stats.trained_model_stats));
        samples++;
      }
    })();

    // And in between, from inside the process: `state()` runs between two requests' handlers, so
    // it sees every intermediate state the event loop lets through, many times more often. Each
    // time it first steps simulated time, which is what moves convergence along.
    let previousInProcess:
      | { routes: ReturnType<typeof routesOf>; marks: ReturnType<typeof marks> }
      | undefined;
    let inProcessSamples = 0;
    const timer = setInterval(() => {
      mock.server.advance(STEP_MS);
      const now = marks();
      const state = mock.server.state();
      problems.push(...stateProblems(state));
      const routes = routesOf(state);
      if (previousInProcess) {
        const p = previousInProcess;
        problems.push(...convergenceProblems(quiet(p.marks, now, p.routes), quiet(p.marks, now, routes)));
      }
      previousInProcess = { routes, marks: now };
      inProcessSamples++;
    }, 2);

    await Promise.all(clients.map((c, i) => run(c, plans[i] ?? [])));
    done = true;
    clearInterval(timer);
    await sampler;

    expect(unexpected, `seed ${seed}`).toEqual([]);
    expect([...new Set(problems)], `seed ${seed}`).toEqual([]);
    console.log(
      `seed ${seed}: ${samples} HTTP and ${inProcessSamples} in-process samples, ${writes.filter((w) => w.acked).length}/${writes.length} writes acknowledged`,
    );
    // The run is short (about a second): a few HTTP samples and dozens from inside the process.
    expect(samples).toBeGreaterThanOrEqual(2);
    expect(inProcessSamples).toBeGreaterThanOrEqual(10);
    expect(writes.filter((w) => w.acked).length).toBeGreaterThan(50);

    // No lost acknowledged write. The last write applied to a deployment is one that no other
    // acknowledged write on it started after (a rejected write changes nothing); the final state
    // must show the effect of one of those candidates.
    const final = mock.server.state();
    const lost: string[] = [];
    for (const id of POOL) {
      const acked = writes.filter((w) => w.id === id && w.acked);
      if (acked.length === 0) {
        continue;
      }
      const candidates = acked.filter((w) => !acked.some((v) => v !== w && v.sentAt > w.doneAt));
      if (!candidates.some((w) => showsEffect(final, w))) {
        const d = final.deployments.find((x) => x.deployment_id === id);
        lost.push(
          `[${id}] shows none of ${candidates.map((w) => `${w.kind}${w.n ?? ''}`).join(', ')}: ${JSON.stringify(
            d
              ? {
                  n: d.number_of_allocations,
                  threads: d.threads_per_allocation,
                  adaptive: d.adaptive_allocations,
                }
              : 'absent',
          )}`,
        );
      }
    }
    expect(lost, `seed ${seed}`).toEqual([]);

    // Once everything has converged, stats and state tell the same story: simulated time is moved
    // past every convergence still under way rather than waited for.
    mock.server.advance(CONVERGE_MS * 2 + 50);
    const settled = mock.server.state();
    const stats = await (clients[0] as MlDeployClient).getDeploymentStats();
    for (const d of settled.deployments) {
      const routes = Object.values(d.routing_table ?? {});
      const current = routes.reduce((s, r) => s + r.current_allocations, 0);
      const target = routes.reduce((s, r) => s + r.target_allocations, 0);
      expect(current, `[${d.deployment_id}] converged`).toBe(target);
      const entry = (stats.trained_model_stats as StatsEntry[]).find(
        (e) => e.deployment_stats?.deployment_id === d.deployment_id,
      );
      expect(entry?.deployment_stats?.allocation_status?.allocation_count, `[${d.deployment_id}] stats`).toBe(
        current,
      );
      expect(entry?.deployment_stats?.number_of_allocations).toBe(d.number_of_allocations);
    }
    expect(stateProblems(settled)).toEqual([]);
  });
});
