import { describe, expect, it } from 'vitest';
import { createColors, shouldColor } from './colors.js';
import { progressBar } from './progress-bar.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('aligns columns, ignoring colour escapes', () => {
    const c = createColors(true);
    const text = renderTable(
      ['A', 'BB'],
      [
        [c.green('xyz'), '1'],
        ['q', '22'],
      ],
    );
    expect(text.replaceAll('\u001b[32m', '').replaceAll('\u001b[39m', '')).toBe('A    BB\nxyz  1\nq    22');
  });
});

describe('progressBar', () => {
  it('fills in proportion and clamps', () => {
    expect(progressBar(1, 4, 8)).toBe('██░░░░░░');
    expect(progressBar(5, 4, 4)).toBe('████');
    expect(progressBar(0, 0, 4)).toBe('░░░░');
  });
});

describe('shouldColor', () => {
  it('follows --no-color, NO_COLOR, FORCE_COLOR, then the terminal', () => {
    expect(shouldColor({}, true, false)).toBe(true);
    expect(shouldColor({}, false, false)).toBe(false);
    expect(shouldColor({ TERM: 'dumb' }, true, false)).toBe(false);
    expect(shouldColor({ NO_COLOR: '1' }, true, false)).toBe(false);
    expect(shouldColor({ NO_COLOR: '' }, true, false)).toBe(true);
    expect(shouldColor({ FORCE_COLOR: '1' }, false, false)).toBe(true);
    expect(shouldColor({ FORCE_COLOR: '0' }, true, false)).toBe(false);
    expect(shouldColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false)).toBe(false);
    expect(shouldColor({ FORCE_COLOR: '1' }, true, true)).toBe(false);
  });
});
