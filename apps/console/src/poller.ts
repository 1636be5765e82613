/** How often to refresh: fast while something converges, slowly (or never, with 0) otherwise. */
export interface PollerOptions {
  fastMs: number;
  slowMs: number;
}

/**
 * Runs `task` again and again: after `fastMs` when it answered true (something is converging),
 * after `slowMs` otherwise. One run at a time; paused while the tab is hidden.
 */
export class Poller {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;

  constructor(
    private readonly task: () => Promise<boolean>,
    private readonly options: PollerOptions,
  ) {
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && !this.#stopped) {
        void this.now();
      }
    });
  }

  /** Starts polling with an immediate run. */
  start(): Promise<void> {
    this.#stopped = false;
    return this.now();
  }

  /** Stops polling; a run in progress finishes but schedules nothing. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /**
   * Runs the task now and schedules the next run. During a run it asks for one more right after it,
   * since that run may have read the state before the change that prompted this call.
   */
  now(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  private async run(): Promise<void> {
    let converging = false;
    do {
      this.#again = false;
      try {
        converging = await this.task();
      } catch {
        converging = false; // The task reports its own errors; keep polling slowly.
      }
    } while (this.#again && !this.#stopped);
    if (this.#stopped) {
      return;
    }
    const interval = converging ? this.options.fastMs : this.options.slowMs;
    if (interval > 0 && !document.hidden) {
      this.#timer = setTimeout(() => void this.now(), interval);
    }
  }
}
