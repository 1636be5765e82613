// The mock's simulated time. Everything that moves on its own (convergence of allocations, the
// adaptive scaler, `wait_for` of `_start`, injected latency) reads this clock, so tests can step
// time instead of sleeping. See docs/contract-testing.md ("Stepping time").

/** A source of simulated time that can be moved forward. */
export interface Clock {
  /** Milliseconds since the epoch, as the mock sees them. */
  now(): number;
  /** Resolves once simulated time reached `now() + ms`. */
  sleep(ms: number): Promise<void>;
  /** Moves simulated time forward by `ms` (wakes every sleeper whose time came). */
  advance(ms: number): void;
  /** How many sleepers wait for simulated time (for tests that step it). */
  pending(): number;
  /** `manual`: time stands still until advanced; `system`: wall time plus whatever was advanced. */
  readonly mode: 'manual' | 'system';
}

interface Sleeper {
  at: number;
  wake: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

class SteppedClock implements Clock {
  #offset = 0;
  #manualNow: number;
  #sleepers = new Set<Sleeper>();

  constructor(
    readonly mode: 'manual' | 'system',
    start: number,
  ) {
    this.#manualNow = start;
  }

  now(): number {
    return this.mode === 'manual' ? this.#manualNow : Date.now() + this.#offset;
  }

  sleep(ms: number): Promise<void> {
    const wait = Math.max(0, ms);
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        at: this.now() + wait,
        wake: () => {
          if (sleeper.timer !== undefined) {
            clearTimeout(sleeper.timer);
          }
          this.#sleepers.delete(sleeper);
          resolve();
        },
        timer: undefined,
      };
      this.#sleepers.add(sleeper);
      if (this.mode === 'system') {
        sleeper.timer = setTimeout(sleeper.wake, wait);
      } else if (wait === 0) {
        sleeper.wake();
      }
    });
  }

  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`advance takes a non-negative number of milliseconds, got [${ms}]`);
    }
    if (this.mode === 'manual') {
      this.#manualNow += ms;
    } else {
      this.#offset += ms;
    }
    const t = this.now();
    for (const sleeper of [...this.#sleepers].sort((a, b) => a.at - b.at)) {
      if (sleeper.at <= t) {
        sleeper.wake();
      }
    }
  }

  pending(): number {
    return this.#sleepers.size;
  }
}

/** Wall-clock time that {@link Clock.advance} can still push forward (the default). */
export function systemClock(): Clock {
  return new SteppedClock('system', 0);
}

/** Time that stands still at `start` (default: now) until advanced. */
export function manualClock(start: number = Date.now()): Clock {
  return new SteppedClock('manual', start);
}
