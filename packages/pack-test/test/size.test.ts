import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without declarations
import { BUDGETS, measure } from '../scripts/size.mjs';

type Sizes = Record<string, { minified: number; gzipped: number }>;

// The budgets are in scripts/size.mjs; raised on 2026-12-07 to the measured sizes plus about 10 %
// for the model lifecycle and inference endpoints' own validators and checks, then the client's and
// the console's for the client's node pool and tracing (README "Size budgets").

describe('size budgets (gzipped bytes; `pnpm size` prints the table)', () => {
  it('keeps every browser-facing bundle within its budget', async () => {
    const sizes = (await measure()) as Sizes;
    const budgets = BUDGETS as Record<string, number>;
    expect(Object.keys(sizes).sort()).toEqual(Object.keys(budgets).sort());
    for (const [name, size] of Object.entries(sizes)) {
      // Something was measured: an empty bundle would pass any budget.
      expect(size.gzipped, name).toBeGreaterThan(1024);
      expect(
        size.gzipped,
        `${name}: ${size.gzipped} B gzipped, budget ${budgets[name]} B`,
      ).toBeLessThanOrEqual(budgets[name] as number);
    }
  });
});
