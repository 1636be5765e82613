import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from '../../src/internal/backoff.js';

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and a cap', () => {
    expect(backoffDelay(0, () => 0.999)).toBe(99);
    expect(backoffDelay(3, () => 0.5)).toBe(400);
    expect(backoffDelay(20, () => 0.999)).toBe(3996);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });
});

describe('sleep', () => {
  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(sleep(5000, controller.signal)).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
