import { readFileSync } from 'node:fs';
import { compileValidator, START_DEFAULTS } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import {
  defaultSeed,
  loadSeed,
  SEED_DEFAULTS,
  SeedDocumentSchema,
  SeedError,
  seedSchema,
} from '../src/index.js';

describe('the seed model', () => {
  it('fills what a seed leaves out with core defaults', () => {
    const seed = loadSeed({
      nodes: [{ id: 'n1', processors: 4 }],
      models: [{ model_id: 'm' }],
      deployments: [{ deployment_id: 'm' }],
    });
    expect(seed.deployments[0]).toMatchObject({
      model_id: 'm',
      number_of_allocations: 1,
      threads_per_allocation: START_DEFAULTS.threads_per_allocation,
      queue_capacity: START_DEFAULTS.queue_capacity,
      priority: 'normal',
      state: 'started',
    });
    expect(seed.nodes[0]).toEqual({ id: 'n1', name: 'n1', processors: 4, memory_bytes: 16 * 1024 ** 3 });
  });

  it('writes the defaults into the JSON Schema', () => {
    const deployment = seedSchema.properties.deployments.items.properties;
    expect(deployment.queue_capacity.default).toBe(START_DEFAULTS.queue_capacity);
    expect(deployment.threads_per_allocation.default).toBe(SEED_DEFAULTS.threads_per_allocation);
  });

  it('ships the built-in seed as seeds/default.json, a complete document', () => {
    const file = JSON.parse(readFileSync(new URL('../seeds/default.json', import.meta.url), 'utf8'));
    expect(defaultSeed()).toEqual(file);
    expect(compileValidator(SeedDocumentSchema)(file).ok).toBe(true);
    expect(loadSeed(file)).toEqual(file);
  });

  it("rejects values core's rules reject, naming the path", () => {
    const bad = {
      models: [{ model_id: 'm' }],
      deployments: [{ deployment_id: 'm', threads_per_allocation: 3 }],
    };
    expect(() => loadSeed(bad)).toThrow(SeedError);
    expect(() => loadSeed(bad)).toThrow('/deployments/0/threads_per_allocation');
    expect(() => loadSeed({ deployments: [{ deployment_id: 'x', priority: 'urgent' }] })).toThrow(
      '/deployments/0/priority',
    );
  });
});
