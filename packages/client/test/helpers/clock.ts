/**
 * A simulated clock for the client's `now` and `sleep` options: sleeping moves the clock on at once
 * instead of waiting, and every sleep is recorded, so tests step time rather than spend it.
 */
export interface VirtualClock {
  now: () => number;
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Every delay asked for, in order. */
  slept: number[];
  /** Called before each sleep returns (e.g. to abort, or to move a simulated cluster on). */
  onSleep?: (ms: number) => void | Promise<void>;
  /** Moves the clock on without a sleep (e.g. past a node's resurrection time). */
  advance: (ms: number) => void;
}

export function virtualClock(start = 1_000_000): VirtualClock {
  let t = start;
  const clock: VirtualClock = {
    now: () => t,
    slept: [],
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) {
        throw signal.reason;
      }
      clock.slept.push(ms);
      t += ms;
      await clock.onSleep?.(ms);
      if (signal?.aborted) {
        throw signal.reason;
      }
    },
  };
  return clock;
}
