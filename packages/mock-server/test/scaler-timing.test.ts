// The adaptive scaler's timing (issue 22; docs/scaler.md): a route's own start time, the hold on
// scale-downs after a node started (hasRecentObservedScaleUp), and the scale-to-zero time by
// version and cluster setting (AdaptiveAllocationsScalerService, #128914). Over real HTTP, on the
// manual clock.
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { adaptive, call, UPDATE } from './helpers.js';

const NOW = Date.parse('2026-11-30T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: NOW });

const NODE_1 = 'f_r7TSMFTZORrEA-7ccBdQ';
const NODE_2 = 'uckeG3R8TLe2MMNBQ6AGrw';
const MINUTE = 60_000;
const json = (body: unknown) => ({ body: JSON.stringify(body) });

function seed(change: (s: SeedDocument) => void = () => {}): SeedDocument {
  const s = defaultSeed();
  change(s);
  return s;
}

async function deploymentStats() {
  const reply = await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`);
  expect(reply.status).toBe(200);
  return reply.json.trained_model_stats[0].deployment_stats;
}

const numberOf = async (): Promise<number> => (await deploymentStats()).number_of_allocations;

describe("a route's start time", () => {
  it('is when that route started, for a node the scaler added', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.adaptive_allocations = adaptive(1, 4);
        }
      }),
    );
    const seededStart = Date.parse(defaultSeed().deployments[0]?.start_time ?? '');
    const load = await call(
      mock.url,
      'POST',
      '/_mock/load',
      json({ deployment_id: SEEDED_ID, rate: 100, inference_time_ms: 30 }),
    );
    expect(load.status).toBe(200);
    mock.server.advance(20_000);
    expect(await numberOf()).toBe(4);
    mock.server.advance(10_000);
    const stats = await deploymentStats();
    const byNode = new Map<string, { start_time?: number }>(
      stats.nodes.map((n: { node: Record<string, unknown>; start_time?: number }) => [
        Object.keys(n.node)[0],
        n,
      ]),
    );
    expect(byNode.get(NODE_1)?.start_time).toBe(seededStart);
    const added = byNode.get(NODE_2)?.start_time ?? 0;
    expect(added).toBeGreaterThanOrEqual(NOW + 20_000);
    expect(added).toBeLessThanOrEqual(NOW + 30_000);
  });
});

describe('hasRecentObservedScaleUp', () => {
  it('holds a scale-down while a node started within the cooldown, then lets it through', async () => {
    await mock.server.reset(seed((s) => (s.cluster.converge_ms = 0)));
    // A user adds a second allocation (on the other node), then turns adaptive allocations on.
    expect((await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 2 }))).status).toBe(200);
    const adaptive = await call(
      mock.url,
      'POST',
      UPDATE,
      json({
        adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
      }),
    );
    expect(adaptive.status).toBe(200);
    // No load: one allocation is enough, but the second node's process started just now.
    mock.server.advance(4 * MINUTE);
    expect(await numberOf()).toBe(2);
    mock.server.advance(2 * MINUTE);
    expect(await numberOf()).toBe(1);
  });
});

describe('scale to zero (xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time)', () => {
  const idle = (version: string, change: (s: SeedDocument) => void = () => {}) =>
    seed((s) => {
      s.cluster.version = version;
      s.cluster.scaler_interval_ms = MINUTE;
      const d = s.deployments[0];
      if (d) {
        d.adaptive_allocations = { enabled: true, max_number_of_allocations: 4 };
      }
      change(s);
    });

  it('waits 24 hours from 9.1 by default', async () => {
    await mock.server.reset(idle('9.4.0'));
    mock.server.advance(60 * MINUTE);
    expect(await numberOf()).toBe(1);
    // More than 24 hours without requests, measured from the second trigger.
    mock.server.advance(23 * 60 * MINUTE);
    expect(await numberOf()).toBe(1);
    mock.server.advance(3 * MINUTE);
    expect(await numberOf()).toBe(0);
  });

  it('waits 15 minutes before 9.1', async () => {
    await mock.server.reset(idle('9.0.0'));
    mock.server.advance(14 * MINUTE);
    expect(await numberOf()).toBe(1);
    mock.server.advance(3 * MINUTE);
    expect(await numberOf()).toBe(0);
  });

  it('follows the cluster setting, 15 minutes at least', async () => {
    await mock.server.reset(idle('9.4.0', (s) => (s.cluster.scale_to_zero_time = '30m')));
    mock.server.advance(29 * MINUTE);
    expect(await numberOf()).toBe(1);
    mock.server.advance(3 * MINUTE);
    expect(await numberOf()).toBe(0);
    const tooShort = await call(mock.url, 'PUT', '/_mock/settings', json({ scale_to_zero_time: '10m' }));
    expect(tooShort.status).toBe(400);
    expect(tooShort.json.error.reason).toContain(
      'failed to parse value [10m] for setting [xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time], must be >= [15m]',
    );
    const set = await call(mock.url, 'PUT', '/_mock/settings', json({ scale_to_zero_time: '15m' }));
    expect(set.status).toBe(200);
    expect(set.json.cluster.scale_to_zero_time).toBe('15m');
  });

  it('has no setting before 9.1', async () => {
    const reply = await call(
      mock.url,
      'POST',
      '/_mock/reset',
      json(idle('9.0.0', (s) => (s.cluster.scale_to_zero_time = '30m'))),
    );
    expect(reply.status).toBe(400);
  });
});
