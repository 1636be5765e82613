import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The published files are what a browser bundle loads: none may import a Node built-in or undici
// statically (undici is loaded with an opaque dynamic import, only for TLS options).
const dist = new URL('../../dist/', import.meta.url).pathname;

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

describe('the browser path', () => {
  it('has no static Node-only import', () => {
    const files = jsFiles(dist);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map(
        (m) => m[1],
      );
      expect(
        imports.filter((s) => s?.startsWith('node:') || s === 'undici'),
        file,
      ).toEqual([]);
    }
  });
});
