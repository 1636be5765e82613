import {
  ALLOCATION_STATES,
  type ASSIGNMENT_STATES,
  DEFAULTS,
  type DeploymentAllocationState,
  type DeploymentAssignmentState,
  jsonSchemas,
  openApiDocument,
  PRIORITIES,
  type ROUTING_STATES,
  type RoutingState,
  type TrainingPriority,
} from '@mldeploy/core';
import { describe, expect, expectTypeOf, it } from 'vitest';

type Props = Record<string, { default?: unknown; anyOf?: Array<{ const?: unknown }> }>;
const props = (file: string): Props =>
  (jsonSchemas()[file] as { properties: Props } | undefined)?.properties ?? {};

describe('defaults and enums, defined once', () => {
  it('types each schema enum as exactly its array', () => {
    expectTypeOf<TrainingPriority>().toEqualTypeOf<(typeof PRIORITIES)[number]>();
    expectTypeOf<RoutingState>().toEqualTypeOf<(typeof ROUTING_STATES)[number]>();
    expectTypeOf<DeploymentAssignmentState>().toEqualTypeOf<(typeof ASSIGNMENT_STATES)[number]>();
    expectTypeOf<DeploymentAllocationState>().toEqualTypeOf<(typeof ALLOCATION_STATES)[number]>();
  });

  it('builds the schema enums from the arrays', () => {
    const start = props('start-trained-model-deployment.query.json');
    expect(start.priority?.anyOf?.map((m) => m.const)).toEqual([...PRIORITIES]);
    expect(start.wait_for?.anyOf?.map((m) => m.const)).toEqual([...ALLOCATION_STATES]);
  });

  it('writes every default into the JSON Schema files', () => {
    const start = props('start-trained-model-deployment.query.json');
    for (const [name, value] of Object.entries(DEFAULTS.start)) {
      expect(start[name]?.default, `_start ${name}`).toBe(value);
    }
    const startBody = props('start-trained-model-deployment.body.json');
    expect(startBody.queue_capacity?.default).toBe(10_000);
    const update = props('update-trained-model-deployment.query.json');
    expect(update.timeout?.default).toBe('30s');
    expect(update.master_timeout?.default).toBe('30s');
    expect(update.number_of_allocations?.default).toBeUndefined();
    const stop = props('stop-trained-model-deployment.query.json');
    expect([stop.allow_no_match?.default, stop.force?.default]).toEqual([true, false]);
    for (const file of ['get-trained-models-stats.query.json', 'get-trained-models.query.json']) {
      const list = props(file);
      expect([list.allow_no_match?.default, list.from?.default, list.size?.default], file).toEqual([
        true,
        0,
        100,
      ]);
    }
  });

  it('writes the defaults into the OpenAPI parameters', () => {
    const text = JSON.stringify(openApiDocument());
    expect(text).toContain('"name":"queue_capacity"');
    const doc = openApiDocument() as {
      paths: Record<
        string,
        { post?: { parameters: Array<{ name: string; schema: { default?: unknown } }> } }
      >;
    };
    const start = Object.entries(doc.paths).find(([p]) => p.endsWith('/deployment/_start'))?.[1];
    const queue = start?.post?.parameters.find((p) => p.name === 'queue_capacity');
    expect(queue?.schema.default).toBe(10_000);
  });
});
