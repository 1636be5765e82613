// The endpoint table is the one place an endpoint is defined: everything keyed by endpoint must
// hold every endpoint of it, and nothing else. (The mock's handlers are checked in the mock's own
// test/handlers-table.test.ts; the type checker names a missing one too.)
import { CASE_ENDPOINT_EFFECTS, CASE_ENDPOINTS } from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../src/endpoints/definitions.generated.js';
import { ENDPOINTS, type EndpointKey } from '../src/endpoints.js';
import { openApiDocument } from '../src/openapi.js';
import { ROUTES } from '../src/routes.js';
import { RESPONSE_VALIDATORS } from '../src/validate/validators.js';

const KEYS = Object.keys(ENDPOINTS).sort() as EndpointKey[];

describe('every endpoint of the table, everywhere it is keyed', () => {
  it('the light data, the definitions and the routes hold the same endpoints', () => {
    expect(Object.keys(DEFINITIONS).sort()).toEqual(KEYS);
    expect(ROUTES.map((r) => r.key).sort()).toEqual(KEYS);
  });

  it('each has a response validator', () => {
    expect(Object.keys(RESPONSE_VALIDATORS).sort()).toEqual(KEYS);
    for (const key of KEYS) {
      expect(RESPONSE_VALIDATORS[key], key).toBeTypeOf('function');
    }
  });

  it('each has an OpenAPI operation for every path template, with described path parameters', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { parameters: unknown[] }>>;
    for (const key of KEYS) {
      const endpoint = ENDPOINTS[key];
      for (const template of endpoint.paths) {
        const operation = paths[template]?.[endpoint.method.toLowerCase()];
        expect(operation, `${key} ${template}`).toBeDefined();
        const pathParams = (operation?.parameters ?? []).filter(
          (p) => (p as { in: string }).in === 'path',
        ) as Array<{ name: string; description: string }>;
        for (const p of pathParams) {
          expect(p.description, `${key} {${p.name}}`).toBe(DEFINITIONS[key].pathParams[p.name as never]);
          expect(p.description.length, `${key} {${p.name}}`).toBeGreaterThan(0);
        }
        const inTemplate = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(pathParams.map((p) => p.name)).toEqual(inTemplate);
      }
    }
  });

  it("each has a replay-safety class, and the testkit's restatement is core's table, key for key", () => {
    expect(Object.keys(CASE_ENDPOINTS).sort()).toEqual(KEYS);
    expect(Object.keys(CASE_ENDPOINT_EFFECTS).sort()).toEqual(KEYS);
    for (const key of KEYS) {
      const endpoint = ENDPOINTS[key];
      expect(CASE_ENDPOINTS[key], key).toEqual({ method: endpoint.method, paths: [...endpoint.paths] });
      expect(CASE_ENDPOINT_EFFECTS[key], key).toEqual({
        effect: endpoint.effect,
        replayOnDeployment: endpoint.replayOnDeployment,
        ...('notReplayedBecause' in endpoint ? { notReplayedBecause: endpoint.notReplayedBecause } : {}),
      });
      // A refusal to replay says why; a reason on a replayable endpoint would never be shown.
      expect('notReplayedBecause' in endpoint, key).toBe(!endpoint.replayOnDeployment);
    }
  });

  it('each path parameter of every template has its own description', () => {
    for (const key of KEYS) {
      const endpoint = ENDPOINTS[key];
      const named = new Set(endpoint.paths.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
      expect([...named].sort(), key).toEqual([...endpoint.pathParams].sort());
    }
  });
});
