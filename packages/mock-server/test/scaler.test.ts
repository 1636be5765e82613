import { describe, expect, it } from 'vitest';
import { KalmanFilter1d } from '../src/kalman.js';
import { AdaptiveAllocationsScaler, type IntervalStats } from '../src/scaler.js';
import { AdaptiveAllocationsScalerService, type DeploymentReading } from '../src/scaler-service.js';

// The estimator and the decision, measurement for measurement, with the cases of Elasticsearch's
// KalmanFilter1dTests and AdaptiveAllocationsScalerTests (docs/scaler.md).

const stats = (successCount: number, pendingCount: number, failedCount: number, inferenceTime: number) =>
  ({ successCount, pendingCount, failedCount, inferenceTime }) satisfies IntervalStats;

describe('KalmanFilter1d', () => {
  it('takes the first measurement as it is, then narrows its error on equal values', () => {
    const filter = new KalmanFilter1d(100, false);
    expect(filter.hasValue()).toBe(false);
    filter.add(42, 9, false);
    expect([filter.estimate(), filter.error(), filter.lower(), filter.upper()]).toEqual([42, 3, 39, 45]);
    let previous = filter.error();
    for (let i = 0; i < 20; i += 1) {
      filter.add(42, 9, false);
      expect(filter.estimate()).toBe(42);
      expect(filter.error()).toBeLessThan(previous);
      previous = filter.error();
    }
  });

  it('lags behind increasing values, then settles close to the last one', () => {
    const filter = new KalmanFilter1d(100, false);
    filter.add(10, 1, false);
    let previous = filter.estimate();
    for (let value = 11; value < 20; value += 1) {
      filter.add(value, 1, false);
      expect(filter.estimate()).toBeGreaterThan(previous);
      expect(filter.estimate()).toBeLessThan(value);
      previous = filter.estimate();
    }
    for (let i = 0; i < 20; i += 1) {
      filter.add(20, 1, false);
    }
    expect(filter.estimate()).toBeGreaterThan(19);
    expect(filter.estimate()).toBeLessThan(20);
  });

  it('meets a big jump halfway without detection, almost whole with it', () => {
    const plain = new KalmanFilter1d(100, false);
    const detecting = new KalmanFilter1d(100, true);
    const told = new KalmanFilter1d(100, false);
    for (const f of [plain, detecting, told]) {
      f.add(0, 100, false);
      f.add(0, 1, false);
      expect(f.estimate()).toBe(0);
    }
    plain.add(100, 1, false);
    detecting.add(100, 1, false);
    told.add(100, 1, true);
    expect(plain.estimate()).toBeGreaterThan(49);
    expect(plain.estimate()).toBeLessThan(51);
    for (const f of [detecting, told]) {
      expect(f.estimate()).toBeGreaterThan(99);
      expect(f.estimate()).toBeLessThan(100);
    }
  });
});

describe('AdaptiveAllocationsScaler', () => {
  it('scales up with the load and gradually down without it', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    // 1 allocation handles 500 requests × 20 ms in 10 s; the rest needs a second one.
    scaler.process(stats(500, 100, 100, 0.02), 10, 1);
    expect(scaler.scale()).toBe(2);
    scaler.process(stats(800, 100, 50, 0.025), 10, 2);
    expect(scaler.scale()).toBe(3);
    scaler.process(stats(1000, 0, 0, 0.025), 10, 3);
    expect(scaler.scale()).toBeUndefined();
    // No load: one allocation fewer every other interval.
    const none = stats(0, 0, 0, Number.NaN);
    scaler.process(none, 10, 3);
    expect(scaler.scale()).toBeUndefined();
    scaler.process(none, 10, 3);
    expect(scaler.scale()).toBe(2);
    scaler.process(none, 10, 2);
    expect(scaler.scale()).toBeUndefined();
    scaler.process(none, 10, 2);
    expect(scaler.scale()).toBe(1);
  });

  it('does not oscillate around the thresholds', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    const decisions: Array<number | undefined> = [];
    for (const [count, n] of [
      [880, 1],
      [880, 1],
      [920, 1],
      [950, 1],
      [980, 1],
      [980, 2],
      [880, 2],
      [880, 2],
    ] as const) {
      scaler.process(stats(count, 0, 0, 0.01), 10, n);
      decisions.push(scaler.scale());
    }
    expect(decisions).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      2,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps within min and max', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    scaler.setMinMaxNumberOfAllocations(2, 5);
    scaler.process(stats(0, 0, 0, 0.01), 10, 1);
    expect(scaler.scale()).toBe(2);
    scaler.process(stats(0, 0, 0, 0.01), 10, 2);
    expect(scaler.scale()).toBeUndefined();
    scaler.process(stats(100, 10_000, 1000, 0.01), 10, 2);
    expect(scaler.scale()).toBe(5);
    scaler.process(stats(500, 10_000, 1000, 0.01), 10, 5);
    expect(scaler.scale()).toBeUndefined();
    for (let i = 0; i < 3; i += 1) {
      scaler.process(stats(0, 0, 0, 0.01), 10, 5);
    }
    expect(scaler.scale()).toBe(2);
  });

  it('stops at 32 allocations while max is unset', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    scaler.process(stats(1_000_000, 10_000_000, 1, 0.05), 10, 1);
    expect(scaler.scale()).toBe(32);
    scaler.setMinMaxNumberOfAllocations(2, 77);
    expect(scaler.scale()).toBe(77);
  });

  it('scales to zero after 15 minutes without requests, not a second earlier', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    const busy = stats(1, 0, 0, 0.05);
    const idle = stats(0, 0, 0, 0.05);
    for (let i = 0; i < 3600; i += 1) {
      scaler.process(busy, 1, 1);
      expect(scaler.scale()).toBeUndefined();
    }
    for (let i = 0; i < 900; i += 1) {
      scaler.process(idle, 1, 1);
      expect(scaler.scale()).toBeUndefined();
    }
    scaler.process(busy, 1, 1);
    expect(scaler.scale()).toBeUndefined();
    for (let i = 0; i < 900; i += 1) {
      scaler.process(idle, 1, 1);
      expect(scaler.scale()).toBeUndefined();
    }
    scaler.process(idle, 1, 1);
    expect(scaler.scale()).toBe(0);
    for (let i = 0; i < 900; i += 1) {
      scaler.process(idle, 1, 0);
      expect(scaler.scale()).toBeUndefined();
    }
  });

  it('never scales to zero while min is set', () => {
    const scaler = new AdaptiveAllocationsScaler('d', 1);
    scaler.setMinMaxNumberOfAllocations(1, undefined);
    for (let i = 0; i < 3600; i += 1) {
      scaler.process(stats(0, 0, 0, 0.05), 1, 1);
      expect(scaler.scale()).toBeUndefined();
    }
  });
});

describe('AdaptiveAllocationsScalerService', () => {
  const reading = (inferenceCount: number, n: number, startTime = 0): DeploymentReading => ({
    deploymentId: 'd',
    numberOfAllocations: n,
    state: 'started',
    nodes: [
      {
        nodeId: 'node',
        starting: false,
        startTime,
        inferenceCount,
        pendingCount: 0,
        failedCount: 0,
        averageInferenceTimeMs: 50,
      },
    ],
  });
  const assignment = { deploymentId: 'd', adaptive: { enabled: true }, totalTargetAllocations: 1 };

  it('measures from the second trigger, on the deltas of the cumulative counts', () => {
    const service = new AdaptiveAllocationsScalerService();
    service.sync([assignment]);
    // 10 s at 100 requests per second of 50 ms: a load of 5 allocations, 6 under 0.9.
    expect(service.trigger(10_000, [reading(5000, 1)])).toEqual([]);
    expect(service.trigger(20_000, [reading(6000, 1)])).toEqual([{ deploymentId: 'd', from: 1, to: 6 }]);
  });

  it('holds a scale-down for the cooldown after a scale-up', () => {
    const service = new AdaptiveAllocationsScalerService();
    service.sync([assignment]);
    service.trigger(10_000, [reading(0, 1)]);
    expect(service.trigger(20_000, [reading(1000, 1)])).toEqual([{ deploymentId: 'd', from: 1, to: 6 }]);
    // The load is gone: the scaler wants fewer, the service waits five minutes from the scale-up.
    const wanted: number[] = [];
    for (let t = 30_000; t < 320_000; t += 10_000) {
      wanted.push(...service.trigger(t, [reading(1000, 6)]).map((d) => d.to));
    }
    expect(wanted).toEqual([]);
    expect(service.trigger(320_000, [reading(1000, 6)]).map((d) => d.to)).toEqual([1]);
  });

  it('holds a scale-down while a node process started within the cooldown', () => {
    const service = new AdaptiveAllocationsScalerService();
    service.sync([assignment]);
    service.trigger(10_000, [reading(0, 3, 5_000)]);
    expect(service.trigger(20_000, [reading(0, 3, 5_000)])).toEqual([]);
    expect(service.trigger(305_000, [reading(0, 3, 5_000)])).toEqual([{ deploymentId: 'd', from: 3, to: 1 }]);
  });

  it('forgets a deployment whose adaptive allocations are turned off', () => {
    const service = new AdaptiveAllocationsScalerService();
    service.sync([assignment]);
    expect(service.active).toBe(true);
    service.sync([{ ...assignment, adaptive: { enabled: false } }]);
    expect(service.active).toBe(false);
    expect(service.maybeStartAllocation('d', { enabled: false }, 0)).toBe(false);
    expect(service.maybeStartAllocation('d', { enabled: true, min_number_of_allocations: 1 }, 0)).toBe(false);
    expect(service.maybeStartAllocation('d', { enabled: true, min_number_of_allocations: 0 }, 0)).toBe(true);
  });
});
