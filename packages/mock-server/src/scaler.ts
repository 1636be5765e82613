// Elasticsearch's adaptive allocations scaler on the mock's simulated clock: the per-deployment
// estimator and decision (AdaptiveAllocationsScaler); the periodic service that drives it is
// scaler-service.ts. Every constant, and where the simulation differs from the server, is in
// docs/scaler.md.
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
