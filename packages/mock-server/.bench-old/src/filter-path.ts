/**
 * `filter_path`: keep only the listed dotted paths (`*` matches within one key, `**` any depth),
 * with arrays filtered element by element, as Elasticsearch's response filtering does.
 */
export function filterPath(value: unknown, expression: string): unknown {
  const includes = expression
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith('-'))
    .map((s) => s.split('.'));
  if (includes.length === 0) {
    return value;
  }
  const out = pick(value, includes);
  return out === undefined ? {} : out;
}

function matches(pattern: string, key: string): boolean {
  if (!pattern.includes('*')) {
    return pattern === key;
  }
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(key);
}

function pick(value: unknown, paths: string[][]): unknown {
  if (paths.some((p) => p.length === 0)) {
    return value;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => pick(v, paths)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const next: string[][] = [];
    for (const [head, ...rest] of paths) {
      if (head === '**') {
        next.push(rest, [head, ...rest]);
      } else if (head !== undefined && matches(head, key)) {
        next.push(rest);
      }
    }
    if (next.length > 0) {
      const kept = pick(child, next);
      if (kept !== undefined) {
        out[key] = kept;
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
