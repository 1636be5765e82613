// A one-dimensional Kalman filter with manoeuvre detection, as Elasticsearch's adaptive
// allocations scaler estimates request rates and inference times with it (KalmanFilter1d).
// See docs/scaler.md.

/** Estimates the mean and standard error of a series of measurements. */
export class KalmanFilter1d {
  #value = Number.MAX_VALUE;
  #variance = Number.MAX_VALUE;
  #dynamicsChangedLastTime = false;

  /**
   * @param smoothingFactor roughly how many recent measurements the estimate rests on (100 in the scaler)
   * @param autodetectDynamicsChange whether a measurement 10 standard errors off is taken as a change
   */
  constructor(
    readonly smoothingFactor: number,
    readonly autodetectDynamicsChange: boolean,
  ) {}

  /** Adds a measurement; `dynamicsChangedExternal` says the measured quantity may have changed. */
  add(value: number, variance: number, dynamicsChangedExternal: boolean): void {
    let dynamicsChanged: boolean;
    if (!this.hasValue()) {
      dynamicsChanged = true;
      this.#value = value;
      this.#variance = variance;
    } else {
      let processVariance = variance / this.smoothingFactor;
      dynamicsChanged = dynamicsChangedExternal || this.#detectDynamicsChange(value, variance);
      if (dynamicsChanged || this.#dynamicsChangedLastTime) {
        // A likely change of what is measured: extra noise in the dynamics for this step.
        processVariance = value ** 2;
      }
      const gain = (this.#variance + processVariance) / (this.#variance + processVariance + variance);
      this.#value += gain * (value - this.#value);
      this.#variance = (1 - gain) * (this.#variance + processVariance);
    }
    this.#dynamicsChangedLastTime = dynamicsChanged;
  }

  hasValue(): boolean {
    return this.#value < Number.MAX_VALUE && this.#variance < Number.MAX_VALUE;
  }

  /** The estimated mean. */
  estimate(): number {
    return this.#value;
  }

  /** The standard error of the estimate. */
  error(): number {
    return Math.sqrt(this.#variance);
  }

  /** The lower bound of the one-standard-error interval. */
  lower(): number {
    return this.#value - this.error();
  }

  /** The upper bound of the one-standard-error interval. */
  upper(): number {
    return this.#value + this.error();
  }

  #detectDynamicsChange(value: number, variance: number): boolean {
    return (
      this.hasValue() &&
      this.autodetectDynamicsChange &&
      Math.abs(value - this.#value) ** 2 / (variance + this.#variance) > 100
    );
  }
}
