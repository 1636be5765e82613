import { describe, expect, it } from 'vitest';
import { fitTable, outputWidth, truncate } from './fit-table.js';

describe('truncate', () => {
  it('cuts in the middle or at the end with one ellipsis, and leaves short text alone', () => {
    expect(truncate('abcdefghij', 5, 'middle')).toBe('ab…ij');
    expect(truncate('abcdefghij', 6, 'middle')).toBe('abc…ij');
    expect(truncate('abcdefghij', 5, 'end')).toBe('abcd…');
    expect(truncate('abc', 5, 'middle')).toBe('abc');
    expect(truncate('abcdef', 1)).toBe('…');
  });
});

describe('fitTable', () => {
  const columns = [
    { header: 'ID', shrink: 'middle' as const, min: 4, comfortable: 8, weight: 2 },
    { header: 'STATE' },
    { header: 'EXTRA', dropRank: 1 },
    { header: 'NODES', shrink: 'end' as const, min: 5 },
  ];
  const rows = [['a-long-identifier', 'started', 'x', 'node-1,node-2']];

  it('keeps everything when it fits', () => {
    const fitted = fitTable(columns, rows, 200);
    expect(fitted.kept).toEqual([0, 1, 2, 3]);
    expect(fitted.rows).toEqual(rows);
  });

  it('drops a droppable column before cramping the ids, then shrinks the widest against its weight', () => {
    // Natural: 17 + 7 + 5 + 13 + 3 gaps of 2 = 48.
    const fitted = fitTable(columns, rows, 40);
    expect(fitted.kept).toEqual([0, 1, 2, 3]);
    expect(fitted.rows[0]?.join('  ').length).toBeLessThanOrEqual(40);
    const narrow = fitTable(columns, rows, 28);
    expect(narrow.kept).toEqual([0, 1, 3]);
    expect(narrow.rows[0]?.join('  ').length).toBe(28);
    expect(narrow.rows[0]?.[0]).toMatch(/^a-lon?.*….*fier$/);
    expect(narrow.rows[0]?.[2]).toMatch(/…$/);
  });
});

describe('outputWidth', () => {
  it('takes COLUMNS, then the terminal (80 when it says nothing); a pipe has no width', () => {
    expect(outputWidth({ COLUMNS: '120' }, { isTTY: true, columns: 100 })).toBe(120);
    expect(outputWidth({}, { isTTY: true, columns: 100 })).toBe(100);
    expect(outputWidth({ COLUMNS: 'wide' }, { isTTY: false, columns: 100 })).toBe(Number.POSITIVE_INFINITY);
    expect(outputWidth({}, { isTTY: true })).toBe(80);
    expect(outputWidth({}, {})).toBe(Number.POSITIVE_INFINITY);
  });
});
