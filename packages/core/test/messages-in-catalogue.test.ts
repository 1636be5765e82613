import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every message core answers is written in src/errors/messages.ts. This scan fails when a rule
// module writes one of Elasticsearch's message shapes itself (comments aside).
const SHAPES =
  /must be|cannot be|failed to parse|unknown field|unrecognized parameter|Validation Failed|does not support|No enum constant|Inconsistent |Deprecated field/;

function sources(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(new URL(`${entry.name}/`, dir))
      : entry.name.endsWith('.ts')
        ? [new URL(entry.name, dir)]
        : [],
  );
}

describe('messages', () => {
  it('are written only in the errors catalogue', () => {
    const offenders: string[] = [];
    for (const file of sources(new URL('../src/', import.meta.url))) {
      if (/\/src\/(errors|schemas|validate)\//.test(file.pathname)) {
        continue;
      }
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line
          .replace(/\/\*.*?\*\//g, '')
          .replace(/\/\/.*$/, '')
          .replace(/^\s*\*.*$/, '');
        const literals = code.match(/'[^']*'|`[^`]*`|"[^"]*"/g) ?? [];
        if (literals.some((literal) => SHAPES.test(literal))) {
          offenders.push(`${file.pathname.replace(/.*\/src\//, 'src/')}:${i + 1}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
