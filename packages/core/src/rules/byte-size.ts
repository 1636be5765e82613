// ByteSizeValue.toString(): the largest unit the value reaches, with one decimal cut (not rounded)
// and a trailing `.0` dropped (Strings.format1Decimals). The stats' `deployment_stats.cache_size`
// is written this way, while an assignment's `task_parameters.cache_size` keeps the exact `<n>b`.
// See docs/rules.md, "Byte sizes".

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1024 ** 5, 'pb'],
  [1024 ** 4, 'tb'],
  [1024 ** 3, 'gb'],
  [1024 ** 2, 'mb'],
  [1024, 'kb'],
];

/** `new ByteSizeValue(bytes).toString()`: `253.3mb` for 265632637 bytes, `1kb`, `512b`. */
export function byteSizeToString(bytes: number): string {
  for (const [size, suffix] of UNITS) {
    if (bytes >= size) {
      return format1Decimals(bytes / size, suffix);
    }
  }
  return format1Decimals(bytes, 'b');
}

function format1Decimals(value: number, suffix: string): string {
  const text = String(value);
  const dot = text.indexOf('.');
  if (dot === -1) {
    return `${text}${suffix}`;
  }
  const fraction = text.charAt(dot + 1);
  return fraction === '0'
    ? `${text.slice(0, dot)}${suffix}`
    : `${text.slice(0, dot + 1)}${fraction}${suffix}`;
}
