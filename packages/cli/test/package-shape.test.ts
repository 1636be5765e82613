import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describe('package shape', () => {
  it('is publint-clean as npm would pack it', async () => {
    const { messages } = await publint({ pkgDir, strict: true, level: 'warning', pack: 'npm' });
    expect(messages).toEqual([]);
  });

  it('exports ESM with types next to the JS', () => {
    const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.bin).toEqual({ mldeploy: './dist/bin.js' });
    expect(readFileSync(`${pkgDir}/dist/bin.js`, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
