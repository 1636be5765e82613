import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, sleep } from '../../src/internal/backoff.js';

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and a cap', () => {
    expect(backoffDelay(0, () => 0.999)).toBe(99);
    expect(backoffDelay(3, () => 0.5)).toBe(400);
    expect(backoffDelay(20, () => 0.999)).toBe(3996);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });
});

describe('sleep (on fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves once the time has passed, not before', async () => {
    let done = false;
    const pending = sleep(5000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);
  });

  it('rejects as soon as the signal aborts, and leaves no timer behind', async () => {
    const controller = new AbortController();
    const pending = sleep(5000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for a signal that is already aborted', async () => {
    await expect(sleep(5000, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
    expect(vi.getTimerCount()).toBe(0);
  });
});
