import { describe, expect, it } from 'vitest';
import { MAX_SAMPLES, plot, record, type Sample } from './chart.js';
import type { DeploymentView } from './deployment-view.js';

const s = (t: number, current: number, target: number, load = 0): Sample => ({ t, current, target, load });

describe('plot', () => {
  it('spreads samples over the width by time and scales allocations from 0 to the largest', () => {
    const p = plot([s(1000, 1, 4), s(2000, 2, 4), s(5000, 4, 4)], 100, 40);
    expect(p.top).toBe(4);
    expect(p.current).toBe('0.0,30.0 25.0,20.0 100.0,0.0');
    expect(p.target).toBe('0.0,0.0 25.0,0.0 100.0,0.0');
    expect(p.load).toBeUndefined();
  });

  it('draws a single sample as a level line across the box', () => {
    const p = plot([s(7, 1, 2)], 80, 20);
    expect(p.current).toBe('0,10.0 80,10.0');
    expect(p.target).toBe('0,0.0 80,0.0');
  });

  it('draws load on its own scale once it rises above 0', () => {
    const p = plot([s(0, 1, 1, 0), s(10, 1, 1, 600), s(20, 1, 1, 300)], 20, 10);
    expect(p.loadTop).toBe(600);
    expect(p.load).toBe('0.0,10.0 10.0,0.0 20.0,5.0');
  });

  it('keeps at least 1 as the top, so zero allocations sit on the axis', () => {
    expect(plot([s(0, 0, 0), s(1, 0, 0)], 10, 10).current).toBe('0.0,10.0 10.0,10.0');
  });
});

describe('record', () => {
  it('appends samples and drops the oldest beyond the cap', () => {
    const v = { current: 1, target: 2, load: 3 } as DeploymentView;
    const samples: Sample[] = [];
    for (let t = 0; t < MAX_SAMPLES + 5; t++) {
      record(samples, v, t);
    }
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples[0]).toEqual({ t: 5, current: 1, target: 2, load: 3 });
    expect(samples.at(-1)?.t).toBe(MAX_SAMPLES + 4);
  });
});
