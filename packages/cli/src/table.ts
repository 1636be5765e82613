import { visibleLength } from './colors.js';

/** Renders rows under a header as aligned columns separated by two spaces. */
export function renderTable(header: string[], rows: string[][], styleHeader = (s: string) => s): string {
  const widths = header.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [styleHeader(line(header)), ...rows.map(line)].join('\n');
}
