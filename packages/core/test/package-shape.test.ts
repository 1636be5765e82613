import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describePackageShape } from '@mldeploy/testkit/vitest';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

// The checks every published package shares (publint, ESM, engines, release metadata, LICENSE).
describePackageShape(pkgDir);

describe('package shape', () => {
  it('is publint-clean', async () => {
    const { messages } = await publint({ pkgDir, strict: true, level: 'warning', pack: 'npm' });
    expect(messages).toEqual([]);
    // `npm pack` runs while every other package's suite runs too: room for a busy 2-core machine.
  }, 90_000);

  it('exports ESM with types next to the JS', async () => {
    const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['./rules']).toEqual({ types: './dist/rules.d.ts', default: './dist/rules.js' });
    const mod = await import('@mldeploy/core');
    const rules = await import('@mldeploy/core/rules');
    expect(rules.checkUpdateRequest).toBe(mod.checkUpdateRequest);
    // One copy of every class: an error thrown through one entry is an instance for the other.
    expect(rules.ApiError).toBe(mod.ApiError);
    expect(pkg.exports['./validators']).toEqual({
      types: './dist/validators.d.ts',
      default: './dist/validators.js',
    });
    // The defaults and enums as plain data, for tools that must start fast (the CLI's help).
    expect(pkg.exports['./defaults']).toEqual({
      types: './dist/defaults.d.ts',
      default: './dist/defaults.js',
    });
    const defaults = await import('@mldeploy/core/defaults');
    expect(defaults.PRIORITIES).toEqual(rules.PRIORITIES);
    expect(defaults.DEFAULTS).toEqual(rules.DEFAULTS);
    const validators = await import('@mldeploy/core/validators');
    expect(validators.validateUpdateResponse).toBe(mod.validateUpdateResponse);
  });

  it('keeps the light entries free of TypeBox and AJV', () => {
    // Walks the built module graph from each entry and collects the packages it imports.
    for (const entry of ['dist/rules.js', 'dist/validators.js', 'dist/defaults.js']) {
      const seen = new Set<string>();
      const packages = new Set<string>();
      const queue = [resolve(pkgDir, entry)];
      while (queue.length > 0) {
        const file = queue.pop() as string;
        if (seen.has(file)) {
          continue;
        }
        seen.add(file);
        const source = readFileSync(file, 'utf8');
        for (const m of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
          const specifier = m[1] as string;
          if (specifier.startsWith('.')) {
            queue.push(resolve(dirname(file), specifier));
          } else {
            packages.add(specifier);
          }
        }
      }
      // The rules entry is bundled into one module (scripts/bundle-rules.mjs).
      // The defaults entry is plain data and imports nothing; the validators entry loads the
      // wrappers and the two generated modules (every issue, first issue), which list the
      // response validators by endpoint key: no endpoint table.
      expect(seen.size, entry).toBe(entry === 'dist/validators.js' ? 4 : 1);
      expect(
        [...packages].filter((p) => /typebox|ajv/.test(p)),
        entry,
      ).toEqual([]);
    }
  });
});
