// `@mldeploy/testkit/vitest`: the lifecycle glue every suite that talks to a server needs. The
// server is passed in (e.g. the mock's startMockServer), so this kit depends on no package it tests.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A running server that can be closed. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Starts one server for the whole test file (in `beforeAll`) and closes it afterwards; reading
 * `server` before it started throws instead of handing out `undefined`.
 */
export function useServer<S extends Closable>(start: () => Promise<S>): { readonly server: S } {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) {
        throw new Error('server not started');
      }
      return server;
    },
  };
}

/** A port nothing listens on: bound on 127.0.0.1, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The package-shape checks every published package shares: publint-clean as npm would pack it,
 * ESM with types next to the JS, Node 20 or later, and its binaries (with their shebang).
 */
export function describePackageShape(pkgDir: string, options: { bin?: Record<string, string> } = {}): void {
  describe('package shape', () => {
    it('is publint-clean as npm would pack it', async () => {
      const { publint } = await import('publint');
      const { messages } = await publint({ pkgDir, strict: true, level: 'warning', pack: 'npm' });
      expect(messages).toEqual([]);
      // `npm pack` runs while every other package's suite runs too: room for a busy 2-core machine.
    }, 90_000);

    it('exports ESM with types next to the JS', () => {
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      expect(pkg.type).toBe('module');
      expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
      // require(esm) without a flag, which CJS consumers of these ESM-only packages rely on.
      expect(pkg.engines.node).toBe('>=20.19');
      expect(pkg.bin).toEqual(options.bin);
      for (const file of Object.values(options.bin ?? {})) {
        expect(readFileSync(join(pkgDir, file), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
      }
    });

    it('carries the metadata a provenance publish needs, and its licence text', () => {
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      expect(pkg.private).toBeUndefined();
      expect(pkg.license).toBe('Apache-2.0');
      expect(pkg.repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/mldeploy/mldeploy.git',
        directory: `packages/${basename(pkgDir)}`,
      });
      expect(pkg.homepage).toMatch(/^https:\/\//);
      expect(pkg.bugs.url).toMatch(/^https:\/\//);
      expect(pkg.keywords).toContain('elasticsearch');
      expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
      const licence = readFileSync(join(pkgDir, 'LICENSE'), 'utf8');
      expect(licence).toContain('Apache License');
      expect(licence).toContain('Version 2.0, January 2004');
      expect(licence).toContain('END OF TERMS AND CONDITIONS');
    });
  });
}
