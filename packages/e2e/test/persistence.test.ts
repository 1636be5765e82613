import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedDocument } from '@mldeploy/mock-server';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSeed, type SpawnedMock, spawnMock } from './helpers/mock.js';
import { E2E_SEED, prng } from './helpers/seeded.js';

// The real `mldeploy-mock` binary with --state-file: streams of updates, starts and stops, a
// SIGKILL in the middle of them, a restart on the same file. Every acknowledged write must be
// there; a write still in flight at the kill may or may not be.

const CYCLES = 3;
const UPDATED = ['p-0', 'p-1', 'p-2', 'p-3'];

const dir = mkdtempSync(join(tmpdir(), 'mldeploy-e2e-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(url: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5_000),
  });
}

/** What the streams know: per key, the last acknowledged value and the one in flight, if any. */
interface Known {
  acked?: number | 'present' | 'absent' | undefined;
  inFlight?: number | 'present' | 'absent' | undefined;
}

describe('persistence across SIGKILL', () => {
  it(`keeps every acknowledged write through ${CYCLES} kills in the middle of a stream`, async () => {
    const seedFile = join(dir, 'seed.json');
    const stateFile = join(dir, 'state.json');
    writeFileSync(
      seedFile,
      JSON.stringify(
        makeSeed({ nodes: 4, processors: 32, deployments: UPDATED.map((id) => ({ id, allocations: 1 })) }),
      ),
    );
    const args = ['--seed', seedFile, '--state-file', stateFile, '--converge-ms', '0', '--quiet'];
    const known = new Map<string, Known>([...UPDATED.map((id) => [id, { acked: 1 }] as const)]);
    let startCounter = 0;
    let totalAcked = 0;
    // Where each cycle's kill falls is drawn from the suites' seed.
    const random = prng(E2E_SEED);
    let onAck = () => {};
    const acknowledged = () => {
      totalAcked++;
      onAck();
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const mock: SpawnedMock = await spawnMock(args);
      try {
        // First, everything acknowledged before the last kill must be there.
        const state = (await (await fetch(`${mock.url}/_mock/state`)).json()) as SeedDocument;
        expect(lostWrites(state, known), `after restart ${cycle} (seed ${E2E_SEED})`).toEqual([]);
        settle(state, known);

        let stopping = false;
        const updater = async (id: string) => {
          let n = 1;
          while (!stopping) {
            n = (n % 4) + 1;
            const k = known.get(id) as Known;
            k.inFlight = n;
            try {
              const res = await post(mock.url, `/_ml/trained_models/${id}/deployment/_update`, {
                number_of_allocations: n,
              });
              await res.text();
              if (res.status === 200) {
                k.acked = n;
                acknowledged();
              }
            } catch {
              return; // killed: the outcome of the write in flight is unknown
            }
            k.inFlight = undefined;
          }
        };
        const starter = async () => {
          const started: string[] = [];
          while (!stopping) {
            // Start a new deployment; every third step, stop one started earlier.
            const stop = started.length > 0 && startCounter % 3 === 2;
            const id = stop ? (started.shift() as string) : `s-${startCounter}`;
            startCounter++;
            const k = known.get(id) ?? {};
            known.set(id, k);
            k.inFlight = stop ? 'absent' : 'present';
            try {
              const res = stop
                ? await post(mock.url, `/_ml/trained_models/${id}/deployment/_stop`)
                : await post(mock.url, `/_ml/trained_models/e2e-model/deployment/_start?deployment_id=${id}`);
              await res.text();
              if (res.status === 200) {
                k.acked = stop ? 'absent' : 'present';
                acknowledged();
                if (!stop) {
                  started.push(id);
                }
              }
            } catch {
              return;
            }
            k.inFlight = undefined;
          }
        };
        const ackedBefore = totalAcked;
        const killAfter = 20 + Math.floor(random() * 40);
        const enough = new Promise<void>((resolve) => {
          onAck = () => {
            if (totalAcked - ackedBefore >= killAfter) {
              resolve();
            }
          };
        });
        const streams = [...UPDATED.map(updater), starter()];
        // Kill after a drawn number of acknowledged writes, with every stream mid-write (or once
        // every stream has given up, which the count below then reports).
        await Promise.race([enough, Promise.all(streams)]);
        stopping = true;
        await mock.kill();
        await Promise.all(streams);
      } finally {
        await mock.kill();
      }
    }

    const mock = await spawnMock(args);
    try {
      const state = (await (await fetch(`${mock.url}/_mock/state`)).json()) as SeedDocument;
      expect(lostWrites(state, known), `after the last restart (seed ${E2E_SEED})`).toEqual([]);
    } finally {
      await mock.stop();
    }
    console.log(`${totalAcked} writes acknowledged, ${startCounter} starts and stops`);
    expect(totalAcked).toBeGreaterThan(CYCLES * 10);
  });
});

/** Deployments whose state matches neither their last acknowledged write nor the one in flight. */
function lostWrites(state: SeedDocument, known: Map<string, Known>): string[] {
  const problems: string[] = [];
  for (const [id, k] of known) {
    const d = state.deployments.find((x) => x.deployment_id === id);
    const actual: number | 'present' | 'absent' =
      d === undefined ? 'absent' : UPDATED.includes(id) ? d.number_of_allocations : 'present';
    const allowed = [k.acked ?? 'absent', ...(k.inFlight === undefined ? [] : [k.inFlight])];
    if (!allowed.includes(actual)) {
      problems.push(
        `[${id}] is ${actual}; acknowledged ${k.acked ?? 'nothing'}, in flight ${k.inFlight ?? 'nothing'}`,
      );
    }
  }
  return problems;
}

/** After a restart, what the file says is the truth: writes in flight at the kill are decided. */
function settle(state: SeedDocument, known: Map<string, Known>): void {
  for (const [id, k] of known) {
    const d = state.deployments.find((x) => x.deployment_id === id);
    k.acked = d === undefined ? 'absent' : UPDATED.includes(id) ? d.number_of_allocations : 'present';
    k.inFlight = undefined;
  }
}
