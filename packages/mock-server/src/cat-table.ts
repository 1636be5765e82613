// The `_cat` text table as Elasticsearch's RestTable draws it: the columns `h` picks (names,
// aliases, `*` wildcards) or the default ones, sorted by `s` (`col:asc|desc`), values rendered
// with `bytes` and `time` units, one header line with `v`; or the same as JSON with `format=json`
// (every value a string). Columns and rows come from core (cat-trained-models).
import type { CatCell, CatColumn, CatRequest } from '@mldeploy/core/rules';

/** A rendered table: text or JSON. */
export type CatOutput =
  | { ok: true; json: Array<Record<string, string | null>> }
  | { ok: true; text: string }
  | { ok: false; unknownSortKey: string };

const UNITS: ReadonlyArray<[string, number]> = [
  ['pb', 1024 ** 5],
  ['tb', 1024 ** 4],
  ['gb', 1024 ** 3],
  ['mb', 1024 ** 2],
  ['kb', 1024],
];

/** Strings.format1Decimals: one decimal, truncated, dropped when zero. */
function oneDecimal(value: number, suffix: string): string {
  const whole = Math.trunc(value);
  const tenth = Math.trunc((value - whole) * 10);
  return tenth === 0 ? `${whole}${suffix}` : `${whole}.${tenth}${suffix}`;
}

/** ByteSizeValue.toString, or the unit `bytes` asks for (whole units). */
export function renderBytes(bytes: number, unit: string | undefined): string {
  const fixed: Record<string, number> = {
    b: 1,
    k: 1024,
    kb: 1024,
    m: 1024 ** 2,
    mb: 1024 ** 2,
    g: 1024 ** 3,
    gb: 1024 ** 3,
    t: 1024 ** 4,
    tb: 1024 ** 4,
    p: 1024 ** 5,
    pb: 1024 ** 5,
  };
  if (unit !== undefined && fixed[unit] !== undefined) {
    return String(Math.floor(bytes / fixed[unit]));
  }
  for (const [suffix, size] of UNITS) {
    if (bytes >= size) {
      return oneDecimal(bytes / size, suffix);
    }
  }
  return `${bytes}b`;
}

/** TimeValue.toString, or the unit `time` asks for (whole units). */
export function renderMillis(ms: number, unit: string | undefined): string {
  const fixed: Record<string, number> = {
    nanos: 1e-6,
    micros: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
  };
  if (unit !== undefined && fixed[unit] !== undefined) {
    return String(Math.floor(ms / fixed[unit]));
  }
  if (ms === 0) {
    return '0s';
  }
  for (const [suffix, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size) {
      return oneDecimal(ms / size, suffix);
    }
  }
  return `${ms}ms`;
}

/** Instant.toString: ISO-8601, without a zero fraction. */
export function renderInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function render(cell: CatCell, req: CatRequest): string | null {
  if (cell === null) {
    return null;
  }
  switch (cell.kind) {
    case 'bytes':
      return renderBytes(cell.value, req.bytes);
    case 'millis':
      return renderMillis(cell.value, req.time);
    case 'time':
      return renderInstant(cell.value);
    case 'number':
      return String(cell.value);
    default:
      return cell.value;
  }
}

function matches(column: CatColumn, key: string): boolean {
  if (key.includes('*')) {
    const re = new RegExp(
      `^${key
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return re.test(column.name) || column.aliases.some((a) => re.test(a));
  }
  return column.name === key || column.aliases.includes(key);
}

function compare(a: CatCell, b: CatCell): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  if (a.kind === 'text' || b.kind === 'text') {
    const x = String(a.value);
    const y = String(b.value);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.value - b.value;
}

/** Draws the table for the request. */
export function renderCatTable(
  columns: readonly CatColumn[],
  rows: readonly CatCell[][],
  req: CatRequest,
): CatOutput {
  const picked: number[] = [];
  // A header shows as it was asked for (an alias stays an alias); a wildcard shows column names.
  const display = new Map<number, string>();
  if (req.headers && req.headers.length > 0) {
    for (const key of req.headers) {
      columns.forEach((c, i) => {
        if (matches(c, key) && !picked.includes(i)) {
          picked.push(i);
          display.set(i, key.includes('*') ? c.name : key);
        }
      });
    }
  } else {
    columns.forEach((c, i) => {
      if (c.default) {
        picked.push(i);
      }
    });
  }
  const ordered = [...rows];
  if (req.sort && req.sort.length > 0) {
    const keys: Array<{ index: number; desc: boolean }> = [];
    for (const raw of req.sort) {
      const [name = '', direction] = raw.split(':');
      const index = columns.findIndex((c) => matches(c, name));
      if (index < 0) {
        return { ok: false, unknownSortKey: name };
      }
      keys.push({ index, desc: direction === 'desc' });
    }
    ordered.sort((x, y) => {
      for (const { index, desc } of keys) {
        const c = compare(x[index] ?? null, y[index] ?? null);
        if (c !== 0) {
          return desc ? -c : c;
        }
      }
      return 0;
    });
  }
  const cells = ordered.map((row) => picked.map((i) => render(row[i] ?? null, req)));
  if (req.format === 'json') {
    return {
      ok: true,
      json: cells.map((row) =>
        Object.fromEntries(picked.map((i, k) => [display.get(i) ?? columns[i]?.name ?? '', row[k] ?? null])),
      ),
    };
  }
  const lines: Array<Array<string | null>> = req.verbose
    ? [picked.map((i) => display.get(i) ?? columns[i]?.name ?? ''), ...cells]
    : cells;
  const widths = picked.map((_, k) => Math.max(0, ...lines.map((l) => [...(l[k] ?? '')].length)));
  const text = lines
    .map((line) =>
      line
        .map((value, k) => {
          const v = value ?? '';
          const pad = ' '.repeat((widths[k] ?? 0) - [...v].length);
          const right = columns[picked[k] ?? 0]?.align === 'right';
          return right ? pad + v : k === line.length - 1 ? v : v + pad;
        })
        .join(' ')
        .concat('\n'),
    )
    .join('');
  return { ok: true, text };
}
