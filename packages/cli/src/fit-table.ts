/** How one column of a table behaves when the table is wider than the terminal. */
export interface FitColumn {
  header: string;
  /** Shrinks with an ellipsis: in the middle (ids, whose ends both matter) or at the end. */
  shrink?: 'middle' | 'end';
  /** Narrowest a shrinking column gets. */
  min?: number;
  /** Width a shrinking column should keep before other columns are dropped instead. */
  comfortable?: number;
  /** Share of the width a shrinking column keeps against the others (default 1). */
  weight?: number;
  /** Columns that may be left out, dropped from the lowest rank up. */
  dropRank?: number;
}

const ELLIPSIS = '…';
const GAP = 2;

const len = (s: string) => [...s].length;

/** `s` cut to `width` characters with an ellipsis, in the middle or at the end. */
export function truncate(s: string, width: number, where: 'middle' | 'end' = 'end'): string {
  const chars = [...s];
  if (chars.length <= width) {
    return s;
  }
  if (width <= 1) {
    return ELLIPSIS.slice(0, width);
  }
  if (where === 'end') {
    return `${chars.slice(0, width - 1).join('')}${ELLIPSIS}`;
  }
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}${ELLIPSIS}${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/**
 * Fits plain-text rows into `width` columns (two spaces between columns): keeps every column when
 * the shrinking ones can stay comfortable, else drops droppable columns by rank; then shrinks the
 * shrinking columns (the widest against its weight first) with an ellipsis. Answers the kept
 * columns' indexes, the header and the cells; a row may still exceed `width` only when every
 * shrinking column is at its minimum.
 */
export function fitTable(
  columns: FitColumn[],
  rows: string[][],
  width: number,
): { kept: number[]; header: string[]; rows: string[][] } {
  const natural = columns.map((c, i) => Math.max(len(c.header), ...rows.map((r) => len(r[i] ?? ''))));
  const byRank = columns
    .map((c, i) => ({ i, rank: c.dropRank }))
    .filter((c): c is { i: number; rank: number } => c.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map((c) => c.i);
  const candidates = [columns.map((_, i) => i)];
  for (const [n] of byRank.entries()) {
    const dropped = new Set(byRank.slice(0, n + 1));
    candidates.push(columns.map((_, i) => i).filter((i) => !dropped.has(i)));
  }
  const fits = (kept: number[], widthOf: (i: number) => number) =>
    kept.reduce((sum, i) => sum + widthOf(i), 0) + GAP * (kept.length - 1) <= width;
  const comfortable = (i: number) => {
    const c = columns[i];
    return c?.shrink ? Math.min(natural[i] ?? 0, c.comfortable ?? c.min ?? 1) : (natural[i] ?? 0);
  };
  const kept =
    candidates.find((k) => fits(k, (i) => natural[i] ?? 0)) ??
    candidates.find((k) => fits(k, comfortable)) ??
    candidates[candidates.length - 1] ??
    [];

  const widths = [...natural];
  const total = () => kept.reduce((sum, i) => sum + (widths[i] ?? 0), 0) + GAP * (kept.length - 1);
  const shrinking = kept.filter((i) => columns[i]?.shrink);
  while (total() > width) {
    const candidatesLeft = shrinking.filter((i) => (widths[i] ?? 0) > (columns[i]?.min ?? 1));
    if (candidatesLeft.length === 0) {
      break;
    }
    const widest = candidatesLeft.reduce((a, b) =>
      (widths[b] ?? 0) / (columns[b]?.weight ?? 1) > (widths[a] ?? 0) / (columns[a]?.weight ?? 1) ? b : a,
    );
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const cell = (text: string, i: number) => {
    const c = columns[i];
    return c?.shrink ? truncate(text, widths[i] ?? 0, c.shrink) : text;
  };
  return {
    kept,
    header: kept.map((i) => cell(columns[i]?.header ?? '', i)),
    rows: rows.map((r) => kept.map((i) => cell(r[i] ?? '', i))),
  };
}

/**
 * The width human output should fit: `COLUMNS` when set to a positive number, else the terminal's
 * width; a pipe or a file has no width, so nothing is cut and `grep` finds every id whole.
 */
export function outputWidth(
  env: Record<string, string | undefined>,
  stdout: { isTTY?: boolean; columns?: number },
): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) {
    return fromEnv;
  }
  if (stdout.isTTY) {
    return stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
  }
  return Number.POSITIVE_INFINITY;
}
