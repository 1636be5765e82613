import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describe('package shape', () => {
  it('is publint-clean', async () => {
    const { messages } = await publint({ pkgDir, strict: true, level: 'warning', pack: 'npm' });
    expect(messages).toEqual([]);
  });

  it('exports ESM with types next to the JS', async () => {
    const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['./rules']).toEqual({ types: './dist/rules.d.ts', default: './dist/rules.js' });
    const mod = await import('@mldeploy/core');
    const rules = await import('@mldeploy/core/rules');
    expect(rules.checkUpdateRequest).toBe(mod.checkUpdateRequest);
  });
});
