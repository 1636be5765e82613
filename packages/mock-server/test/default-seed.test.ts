// The built-in seed has one source, seeds/default.json (shipped, documented, what users copy); the
// code carries it as src/default-seed.generated.ts so that no file is read for it (the msw entry
// runs in browsers). These fail when the two drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultSeedModule,
  GENERATE_COMMAND,
  MODULE_FILE,
  SEED_FILE,
} from '../scripts/generate-default-seed.mjs';
import { DEFAULT_SEED } from '../src/default-seed.generated.js';
import { defaultSeed, loadSeed, SeedError } from '../src/index.js';

describe('the built-in seed, generated from seeds/default.json', () => {
  it('holds the data of seeds/default.json', () => {
    const file = JSON.parse(readFileSync(SEED_FILE, 'utf8'));
    expect(DEFAULT_SEED, `seeds/default.json changed: run \`${GENERATE_COMMAND}\``).toEqual(file);
    expect(defaultSeed()).toEqual(file);
  });

  it('is the module the generator writes, byte for byte', () => {
    // Not toBe: a stale file must name the command, not print the whole module twice.
    if (readFileSync(MODULE_FILE, 'utf8') !== defaultSeedModule()) {
      expect.fail(`src/default-seed.generated.ts is stale: run \`${GENERATE_COMMAND}\``);
    }
  });

  it('hands out copies: changing one changes neither the next nor what a reset returns to', () => {
    const first = defaultSeed();
    first.cluster.name = 'changed';
    first.deployments.length = 0;
    expect(defaultSeed().cluster.name).toBe(DEFAULT_SEED.cluster.name);
    expect(defaultSeed().deployments.length).toBeGreaterThan(0);
    expect(loadSeed({}).cluster.name).toBe('mldeploy-mock');
  });

  it('still reads a seed path in Node, and names a path it cannot read', () => {
    const path = new URL('../seeds/secured-demo.json', import.meta.url).pathname;
    expect(loadSeed(path).security.enabled).toBe(true);
    expect(() => loadSeed(`${path}.missing`)).toThrow(SeedError);
    expect(() => loadSeed(`${path}.missing`)).toThrow(/cannot read the file: ENOENT/);
  });
});
