// Reading the repository's own source tree for the hygiene test: the files under each package's
// `src`, the relative imports between them and their cycles, which files are generated, and what
// `.gitattributes` says about a path. Pure functions over paths and texts, so the test can prove
// each check fires on a small made-up input before it runs it on the real tree.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/** Directories never walked: installed packages, build output, caches and reports. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  '.turbo',
  'reports',
  'test-artifacts',
  'coverage',
]);

/** Every file under `dir`, as a path relative to `root` with `/` separators, sorted. */
export function listFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) {
          walk(join(abs, entry.name));
        }
      } else if (entry.isFile()) {
        out.push(relative(root, join(abs, entry.name)).split('\\').join('/'));
      }
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/** The `src` directories of the workspace's packages and apps that have one, relative to `root`. */
export function sourceDirs(root: string): string[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => {
        const src = `${group}/${d.name}/src`;
        try {
          return readdirSync(join(root, src)).length > 0 ? [src] : [];
        } catch {
          return [];
        }
      }),
  );
}

/** Reads a file of the tree, by its path relative to `root`. */
export function readTreeFile(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

/** The number of lines of a text (a final newline does not start another line). */
export function lineCount(text: string): number {
  if (text === '') {
    return 0;
  }
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/**
 * True when a file says it is generated: named `*.generated.*`, or its leading comment (pragmas
 * such as `// @ts-nocheck` aside) starts with "Generated"/"@generated" or says "do not edit".
 */
export function isGenerated(file: string, text: string): boolean {
  if (/\.generated\.[a-z]+$/.test(file)) {
    return true;
  }
  const header: string[] = [];
  for (const line of text.split('\n').slice(0, 8)) {
    const comment = /^\s*(?:\/\/|\/\*+|\*|#)\s?(.*)$/.exec(line);
    if (comment === null) {
      break;
    }
    const words = (comment[1] as string).replace(/\*\/\s*$/, '').trim();
    if (!/^@ts-|^eslint|^biome-ignore/.test(words)) {
      header.push(words);
    }
  }
  return (
    /^(?:@generated|generated\b|this file (?:is|was) generated)/i.test(header[0] ?? '') ||
    /\bdo not edit\b/i.test(header.join(' '))
  );
}

/** The TypeScript and JavaScript sources of a list of files (declaration files aside). */
export function isScript(file: string): boolean {
  return /\.(?:[cm]?[jt]sx?)$/.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

// A static import or re-export with `from` (type-only ones included, across lines), or an import
// for its side effects. `import('…')` calls are lazy loads, evaluated later, and are not edges.
const FROM = /(?:^|[;}\n])\s*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g;
const BARE = /(?:^|[;}\n])\s*import\s*['"]([^'"]+)['"]/g;

/** The relative specifiers a source imports or re-exports from, in order of appearance. */
export function relativeImports(text: string): string[] {
  const found: Array<[number, string]> = [];
  for (const pattern of [FROM, BARE]) {
    for (const m of text.matchAll(pattern)) {
      const spec = m[1] as string;
      if (spec.startsWith('./') || spec.startsWith('../')) {
        found.push([m.index ?? 0, spec]);
      }
    }
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, spec]) => spec);
}

/**
 * The file a relative specifier names among `known` files (paths with `/`): as written, its `.js`
 * as `.ts`/`.tsx` (the project writes `.js` extensions), with an extension added, or an index.
 */
export function resolveImport(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const candidates = [
    base,
    ...(stem !== base ? [`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`] : []),
    `${base}.ts`,
    `${base}.tsx`,
    `${base}/index.ts`,
  ];
  return candidates.find((c) => known.has(c));
}

/** The import graph of some sources: each file's relative imports that name another of them. */
export function importGraph(sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const known = new Set(sources.keys());
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets = relativeImports(text)
      .map((spec) => resolveImport(file, spec, known))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles of a graph: its strongly connected components of more than one file, and
 * files that import themselves (Tarjan's algorithm). Each cycle is sorted, the list too.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    lowest.set(file, order.get(file) as number);
    path.push(file);
    onPath.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        lowest.set(file, Math.min(lowest.get(file) as number, lowest.get(next) as number));
      } else if (onPath.has(next)) {
        lowest.set(file, Math.min(lowest.get(file) as number, order.get(next) as number));
      }
    }
    if (lowest.get(file) !== order.get(file)) {
      return;
    }
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = path.pop() as string;
      onPath.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) {
      cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) {
    if (!order.has(file)) {
      visit(file);
    }
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** A `.gitattributes` pattern as a test of a path relative to the repository root. */
function attributePattern(pattern: string): RegExp {
  const anchored = pattern.replace(/\/$/, '').includes('/');
  const body = pattern
    .replace(/^\//, '')
    .split(/(\*\*\/|\/\*\*$|\*\*|\*|\?)/)
    .map((part) => {
      switch (part) {
        case '**/':
          return '(?:.*/)?';
        case '/**':
          return '/.*';
        case '**':
          return '.*';
        case '*':
          return '[^/]*';
        case '?':
          return '[^/]';
        default:
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
    })
    .join('');
  return new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
}

/**
 * Whether `.gitattributes` (its text) sets `attribute` on `file`: the last line whose pattern
 * matches decides (`attr` and `attr=true` set it; `-attr`, `!attr` and `attr=false` do not).
 */
export function hasAttribute(gitattributes: string, file: string, attribute: string): boolean {
  let set = false;
  for (const raw of gitattributes.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const [pattern, ...attrs] = line.split(/\s+/);
    if (pattern === undefined || !attributePattern(pattern).test(file)) {
      continue;
    }
    for (const attr of attrs) {
      if (attr === attribute || attr === `${attribute}=true`) {
        set = true;
      } else if (attr === `-${attribute}` || attr === `!${attribute}` || attr === `${attribute}=false`) {
        set = false;
      }
    }
  }
  return set;
}
