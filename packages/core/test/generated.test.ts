import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATE_COMMAND, generatedFiles } from '../scripts/generated-files.js';

const root = new URL('../', import.meta.url);
const files = generatedFiles();

describe('generated files (written by scripts/generate.mjs, only compared here)', () => {
  it.each(Object.keys(files))('%s is up to date', (path) => {
    let current: string | undefined;
    try {
      current = readFileSync(new URL(path, root), 'utf8');
    } catch {
      current = undefined;
    }
    // Not toBe: a mismatch must not print a 5,000-line diff, and `vitest -u` must not rewrite it.
    if (current !== files[path]) {
      expect.fail(`${path} is stale or missing: run \`${GENERATE_COMMAND}\``);
    }
  });

  it('leaves no schema file that is no longer generated', () => {
    const extra = readdirSync(new URL('schema/', root)).filter((name) => !(`schema/${name}` in files));
    expect(extra, `remove them with \`${GENERATE_COMMAND}\``).toEqual([]);
  });
});
