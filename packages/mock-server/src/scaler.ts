// Elasticsearch's adaptive allocations scaler on the mock's simulated clock: the per-deployment
// estimator and decision (AdaptiveAllocationsScaler) and the periodic service that reads the
// deployment stats, turns them into per-interval measurements and applies its decisions with
// cooldowns (AdaptiveAllocationsScalerService). Every constant, and where the simulation differs
// from the server, is in docs/scaler.md.
import type { AdaptiveSettings } from '@mldeploy/core/rules';
import { KalmanFilter1d } from './kalman.js';

/** Scale up while the lower bound of the load per allocation is above this (AdaptiveAllocationsScaler). */
export const SCALE_UP_THRESHOLD = 0.9;
/** Scale down while the upper bound of the load per remaining allocation is below this. */
export const SCALE_DOWN_THRESHOLD = 0.85;
/** The most allocations the scaler asks for when `max_number_of_allocations` is unset. */
export const MAX_NUMBER_OF_ALLOCATIONS_SAFEGUARD = 32;
/** How often the service reads the stats (DEFAULT_TIME_INTERVAL_SECONDS); the seed's `scaler_interval_ms`. */
export const DEFAULT_SCALER_INTERVAL_MS = 10_000;
/** No scale-down this long after a scale-up (`xpack.ml.trained_models.adaptive_allocations.scale_cooldown_time`). */
export const SCALE_UP_COOLDOWN_MS = 5 * 60_000;
/** Scale to zero after this long without requests, when min is 0 or unset. */
export const SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS = 15 * 60_000;
/** Roughly how many measurements the estimators rest on (the last 15 minutes at 10 s). */
const SMOOTHING_FACTOR = 100;

/** What the service measures of one deployment over one interval (AdaptiveAllocationsScalerService.Stats). */
export interface IntervalStats {
  successCount: number;
  pendingCount: number;
  failedCount: number;
  /** Mean inference time in seconds of the successful requests, NaN when there were none. */
  inferenceTime: number;
}

const requestCount = (s: IntervalStats): number => s.successCount + s.pendingCount + s.failedCount;
const totalInferenceTime = (s: IntervalStats): number => s.successCount * s.inferenceTime;

function addStats(a: IntervalStats, b: IntervalStats): IntervalStats {
  const successCount = a.successCount + b.successCount;
  return {
    successCount,
    pendingCount: a.pendingCount + b.pendingCount,
    failedCount: a.failedCount + b.failedCount,
    inferenceTime:
      successCount > 0 ? (totalInferenceTime(a) + totalInferenceTime(b)) / successCount : Number.NaN,
  };
}

function subStats(a: IntervalStats, b: IntervalStats): IntervalStats {
  const successCount = Math.max(0, a.successCount - b.successCount);
  return {
    successCount,
    pendingCount: Math.max(0, a.pendingCount - b.pendingCount),
    failedCount: Math.max(0, a.failedCount - b.failedCount),
    inferenceTime:
      successCount > 0 ? (totalInferenceTime(a) - totalInferenceTime(b)) / successCount : Number.NaN,
  };
}

/**
 * Processes measured request counts and inference times of one deployment and decides whether
 * its number of allocations should go up or down (AdaptiveAllocationsScaler).
 */
export class AdaptiveAllocationsScaler {
  readonly #requestRate = new KalmanFilter1d(SMOOTHING_FACTOR, true);
  readonly #inferenceTime = new KalmanFilter1d(SMOOTHING_FACTOR, false);
  #timeWithoutRequestsSeconds = 0;
  #numberOfAllocations: number;
  #neededNumberOfAllocations: number;
  #min: number | undefined;
  #max: number | undefined;
  #dynamicsChanged = false;
  #lastMeasuredRequestRate: number | undefined;
  #lastMeasuredInferenceTime: number | undefined;
  #lastMeasuredQueueSize: number | undefined;

  constructor(
    readonly deploymentId: string,
    numberOfAllocations: number,
    private readonly scaleToZeroAfterNoRequestsSeconds: () => number = () =>
      SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS / 1000,
  ) {
    this.#numberOfAllocations = numberOfAllocations;
    this.#neededNumberOfAllocations = numberOfAllocations;
  }

  setMinMaxNumberOfAllocations(min: number | undefined, max: number | undefined): void {
    this.#min = min;
    this.#max = max;
  }

  /** Adds one interval's measurements. */
  process(stats: IntervalStats, timeIntervalSeconds: number, numberOfAllocations: number): void {
    this.#lastMeasuredQueueSize = stats.pendingCount;
    const count = requestCount(stats);
    if (count > 0) {
      this.#timeWithoutRequestsSeconds = 0;
    } else {
      this.#timeWithoutRequestsSeconds += timeIntervalSeconds;
    }
    // Requests as a Poisson process: the variance of the count is its mean (at least 1, as lower
    // counts cannot be measured), taken from the estimate rather than the biased measurement.
    const requestRate = count / timeIntervalSeconds;
    const rateEstimate = this.#requestRate.hasValue() ? this.#requestRate.estimate() : requestRate;
    const rateVariance = Math.max(1, rateEstimate * timeIntervalSeconds) / timeIntervalSeconds ** 2;
    this.#requestRate.add(requestRate, rateVariance, false);
    this.#lastMeasuredRequestRate = requestRate;

    if (count > 0 && !Number.isNaN(stats.inferenceTime)) {
      // An unknown distribution: a standard error equal to the mean, divided over the requests.
      const inferenceTime = stats.inferenceTime;
      const timeEstimate = this.#inferenceTime.hasValue() ? this.#inferenceTime.estimate() : inferenceTime;
      const timeVariance = timeEstimate ** 2 / count;
      this.#inferenceTime.add(inferenceTime, timeVariance, this.#dynamicsChanged);
      this.#lastMeasuredInferenceTime = inferenceTime;
    } else {
      this.#lastMeasuredInferenceTime = undefined;
    }
    this.#numberOfAllocations = numberOfAllocations;
    this.#dynamicsChanged = false;
  }

  resetTimeWithoutRequests(): void {
    this.#timeWithoutRequestsSeconds = 0;
  }

  /** The lower bound of the load: busy allocations the requests need (rate × inference time). */
  loadLower(): number {
    const rate = Math.max(0, this.#requestRate.lower());
    const time = Math.max(0, this.#inferenceTime.hasValue() ? this.#inferenceTime.lower() : 1);
    return rate * time;
  }

  /** The upper bound of the load. */
  loadUpper(): number {
    const rate = this.#requestRate.upper();
    const time = this.#inferenceTime.hasValue() ? this.#inferenceTime.upper() : 1;
    return rate * time;
  }

  /** The new number of allocations, or undefined to keep the current one. */
  scale(): number | undefined {
    if (!this.#requestRate.hasValue()) {
      return undefined;
    }
    const old = this.#numberOfAllocations;
    let n = old;
    const lower = this.loadLower();
    while (lower / n > SCALE_UP_THRESHOLD) {
      n += 1;
    }
    const upper = this.loadUpper();
    while (n > 1 && upper / (n - 1) < SCALE_DOWN_THRESHOLD) {
      n -= 1;
    }
    this.#neededNumberOfAllocations = n;
    if (this.#max === undefined) {
      n = Math.min(n, MAX_NUMBER_OF_ALLOCATIONS_SAFEGUARD);
    }
    if (this.#min !== undefined) {
      n = Math.max(n, this.#min);
    }
    if (this.#max !== undefined) {
      n = Math.min(n, this.#max);
    }
    if (
      (this.#min === undefined || this.#min === 0) &&
      this.#timeWithoutRequestsSeconds > this.scaleToZeroAfterNoRequestsSeconds()
    ) {
      n = 0;
      this.#neededNumberOfAllocations = 0;
    }
    this.#numberOfAllocations = n;
    if (n !== old) {
      this.#dynamicsChanged = true;
      return n;
    }
    return undefined;
  }

  /** What the scaler knows, for `GET /_mock/load` (the server's metrics of the same names). */
  describe(): ScalerView {
    return {
      deployment_id: this.deploymentId,
      number_of_allocations: this.#numberOfAllocations,
      needed_number_of_allocations: this.#neededNumberOfAllocations,
      measured_request_rate: this.#lastMeasuredRequestRate ?? null,
      estimated_request_rate: this.#requestRate.hasValue() ? this.#requestRate.estimate() : null,
      measured_inference_time_ms:
        this.#lastMeasuredInferenceTime === undefined ? null : this.#lastMeasuredInferenceTime * 1000,
      estimated_inference_time_ms: this.#inferenceTime.hasValue()
        ? this.#inferenceTime.estimate() * 1000
        : null,
      load_lower: this.#requestRate.hasValue() ? this.loadLower() : null,
      load_upper: this.#requestRate.hasValue() ? this.loadUpper() : null,
      queue_size: this.#lastMeasuredQueueSize ?? null,
      time_without_requests_ms: Math.round(this.#timeWithoutRequestsSeconds * 1000),
    };
  }
}

/** A scaler's state as `GET /_mock/load` shows it. */
export interface ScalerView {
  deployment_id: string;
  number_of_allocations: number;
  needed_number_of_allocations: number;
  measured_request_rate: number | null;
  estimated_request_rate: number | null;
  measured_inference_time_ms: number | null;
  estimated_inference_time_ms: number | null;
  load_lower: number | null;
  load_upper: number | null;
  queue_size: number | null;
  time_without_requests_ms: number;
}

/** One node entry of a deployment's stats, as the service reads it. */
export interface NodeReading {
  nodeId: string;
  /** The route is `starting` (a scale-up under way). */
  starting: boolean;
  /** When the node's process started (started routes only). */
  startTime: number | undefined;
  inferenceCount: number;
  pendingCount: number;
  /** error_count + timeout_count + rejected_execution_count. */
  failedCount: number;
  /** average_inference_time_ms, 0 when there is none. */
  averageInferenceTimeMs: number;
}

/** One deployment's stats, as the service reads them. */
export interface DeploymentReading {
  deploymentId: string;
  /** The requested number (`number_of_allocations` of the stats). */
  numberOfAllocations: number;
  state: string;
  nodes: NodeReading[];
}

/** A deployment as the service tracks it (the assignment's adaptive settings and targets). */
export interface ScalableAssignment {
  deploymentId: string;
  adaptive: AdaptiveSettings | null;
  totalTargetAllocations: number;
}

/** What the service decided for one deployment at one trigger. */
export interface ScaleDecision {
  deploymentId: string;
  from: number;
  to: number;
}

/**
 * The periodic part (AdaptiveAllocationsScalerService): keeps one scaler per deployment with
 * adaptive allocations enabled, turns cumulative stats into per-interval measurements, and
 * filters the scalers' decisions through the scale-up cooldown and the deployment's state.
 */
export class AdaptiveAllocationsScalerService {
  readonly #scalers = new Map<string, AdaptiveAllocationsScaler>();
  readonly #lastStats = new Map<string, Map<string, IntervalStats>>();
  readonly #lastScaleUp = new Map<string, number>();
  #lastStatsTime: number | undefined;

  constructor(
    private readonly options: { scaleUpCooldownMs: number; scaleToZeroAfterNoRequestsMs: number } = {
      scaleUpCooldownMs: SCALE_UP_COOLDOWN_MS,
      scaleToZeroAfterNoRequestsMs: SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS,
    },
  ) {}

  /** Whether any deployment has a scaler (the server only schedules itself then). */
  get active(): boolean {
    return this.#scalers.size > 0;
  }

  scaler(deploymentId: string): AdaptiveAllocationsScaler | undefined {
    return this.#scalers.get(deploymentId);
  }

  scalers(): IterableIterator<AdaptiveAllocationsScaler> {
    return this.#scalers.values();
  }

  /** Follows the assignments (updateAutoscalers, on every cluster change). */
  sync(assignments: Iterable<ScalableAssignment>): void {
    const present = new Set<string>();
    for (const a of assignments) {
      present.add(a.deploymentId);
      if (a.adaptive?.enabled === true) {
        let scaler = this.#scalers.get(a.deploymentId);
        if (!scaler) {
          scaler = new AdaptiveAllocationsScaler(
            a.deploymentId,
            a.totalTargetAllocations,
            () => this.options.scaleToZeroAfterNoRequestsMs / 1000,
          );
          this.#scalers.set(a.deploymentId, scaler);
        }
        scaler.setMinMaxNumberOfAllocations(
          a.adaptive.min_number_of_allocations,
          a.adaptive.max_number_of_allocations,
        );
      } else {
        this.#scalers.delete(a.deploymentId);
        this.#lastStats.delete(a.deploymentId);
      }
    }
    // A deployment not given (gone, or no longer adaptive) loses its scaler and its last stats.
    for (const id of [...this.#scalers.keys()]) {
      if (!present.has(id)) {
        this.#scalers.delete(id);
        this.#lastStats.delete(id);
      }
    }
  }

  /**
   * One trigger at `now` (processDeploymentStats) over the stats of the deployments that have a
   * scaler: the decisions to apply, in the order taken. The first trigger only records the stats.
   */
  trigger(now: number, readings: Iterable<DeploymentReading>): ScaleDecision[] {
    const interval = this.#lastStatsTime === undefined ? undefined : (now - this.#lastStatsTime) / 1000;
    this.#lastStatsTime = now;
    const recent = new Map<string, IntervalStats>();
    const numbers = new Map<string, number>();
    const states = new Map<string, string>();
    const observedScaleUp = new Set<string>();
    for (const reading of readings) {
      const id = reading.deploymentId;
      numbers.set(id, reading.numberOfAllocations);
      states.set(id, reading.state);
      let last = this.#lastStats.get(id);
      if (!last) {
        last = new Map();
        this.#lastStats.set(id, last);
      }
      for (const node of reading.nodes) {
        const next: IntervalStats = {
          successCount: node.inferenceCount,
          pendingCount: node.pendingCount,
          failedCount: node.failedCount,
          inferenceTime: node.averageInferenceTimeMs / 1000,
        };
        const previous = last.get(node.nodeId);
        last.set(node.nodeId, next);
        if (previous) {
          const delta = subStats(next, previous);
          const sum = recent.get(id);
          recent.set(id, sum ? addStats(sum, delta) : delta);
        }
        // A route starting, or a process started within the cooldown: a scale-up someone made.
        if (node.starting) {
          observedScaleUp.add(id);
        }
        if (node.startTime !== undefined && now < node.startTime + this.options.scaleUpCooldownMs) {
          observedScaleUp.add(id);
        }
      }
    }
    if (interval === undefined) {
      return [];
    }
    const decisions: ScaleDecision[] = [];
    for (const [id, stats] of recent) {
      const scaler = this.#scalers.get(id);
      const current = numbers.get(id);
      if (!scaler || current === undefined) {
        continue;
      }
      scaler.process(stats, interval, current);
      const n = scaler.scale();
      if (n === undefined) {
        continue;
      }
      const lastUp = this.#lastScaleUp.get(id);
      const recentScaleUp = lastUp !== undefined && now < lastUp + this.options.scaleUpCooldownMs;
      if (n < current && (recentScaleUp || observedScaleUp.has(id))) {
        continue;
      }
      if (states.get(id) !== 'started') {
        continue;
      }
      if (n > current) {
        this.#lastScaleUp.set(id, now);
      }
      decisions.push({ deploymentId: id, from: current, to: n });
    }
    return decisions;
  }

  /**
   * An inference request found no started allocation (maybeStartAllocation): true when the
   * deployment scales from zero (adaptive, min 0 or unset), which then asks for one allocation.
   */
  maybeStartAllocation(deploymentId: string, adaptive: AdaptiveSettings | null, now: number): boolean {
    if (adaptive?.enabled !== true || (adaptive.min_number_of_allocations ?? 0) !== 0) {
      return false;
    }
    this.#lastScaleUp.set(deploymentId, now);
    this.#scalers.get(deploymentId)?.resetTimeWithoutRequests();
    return true;
  }
}
