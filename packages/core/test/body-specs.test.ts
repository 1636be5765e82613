// Each request body is declared twice: the strict parser spec the rules run (light, no TypeBox)
// and the TypeBox schema the documents and validators come from. This test ties them together:
// same field names, aliases marked `deprecated` with the preferred field's type, same value types.
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { STOP_BODY_PARSER } from '../src/rules/check-other-requests.js';
import { START_BODY_PARSER } from '../src/rules/check-start-request.js';
import { ADAPTIVE_PARSER, UPDATE_BODY_PARSER } from '../src/rules/check-update-request.js';
import type { FieldKind, ObjectSpec } from '../src/rules/internal/object-parser.js';
import { AdaptiveAllocationsRequest } from '../src/schemas/adaptive-allocations.js';
import { StartDeploymentBody } from '../src/schemas/start-deployment.js';
import { StopDeploymentBody } from '../src/schemas/stop-deployment.js';
import { UpdateDeploymentBody } from '../src/schemas/update-deployment.js';

type Json = 'integer' | 'string' | 'boolean' | 'object' | 'null';

/** The JSON types a parser field takes (a coerced numeric string aside). */
function kindTypes(kind: FieldKind): Json[] {
  switch (kind.kind) {
    case 'int':
      return ['integer'];
    case 'intOrNull':
      return ['integer', 'null'];
    case 'boolean':
      return ['boolean'];
    case 'string':
      return ['string'];
    case 'byteSize':
      return ['integer', 'string'];
    case 'object':
      return ['object'];
    case 'objectOrNull':
      return ['null', 'object'];
    case 'custom':
      throw new Error('custom fields have no declared type');
  }
}

/** The JSON types a schema admits. */
function schemaTypes(schema: TSchema): Json[] {
  const out = new Set<Json>();
  const visit = (s: Record<string, unknown>) => {
    if (Array.isArray(s.anyOf)) {
      for (const member of s.anyOf) {
        visit(member);
      }
      return;
    }
    if ('const' in s) {
      out.add(typeof s.const === 'number' ? 'integer' : (typeof s.const as Json));
      return;
    }
    out.add(s.type as Json);
  };
  visit(schema as unknown as Record<string, unknown>);
  return [...out].sort();
}

function objectMember(schema: TSchema): TSchema {
  const s = schema as unknown as { anyOf?: TSchema[]; type?: string };
  return s.anyOf?.find((m) => (m as { type?: string }).type === 'object') ?? schema;
}

function compare(spec: ObjectSpec, schema: TSchema): void {
  const properties = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  expect(schema.additionalProperties, spec.name).toBe(false);
  const names = spec.fields.flatMap((f) => f.names);
  expect([...names].sort(), `${spec.name}: field names`).toEqual(Object.keys(properties).sort());
  for (const field of spec.fields) {
    const [preferred, ...aliases] = field.names;
    const main = properties[preferred ?? ''];
    expect(main, `${spec.name}.${preferred}`).toBeDefined();
    if (!main) {
      continue;
    }
    expect((main as { deprecated?: boolean }).deprecated, `${preferred} is not deprecated`).toBeUndefined();
    expect(schemaTypes(main), `${spec.name}.${preferred}: types`).toEqual([...kindTypes(field.type)].sort());
    for (const alias of aliases) {
      const aliasSchema = properties[alias];
      expect((aliasSchema as { deprecated?: boolean }).deprecated, `${alias} is deprecated`).toBe(true);
      expect(schemaTypes(aliasSchema as TSchema), `${alias}: types of ${preferred}`).toEqual(
        schemaTypes(main),
      );
    }
    if (field.type.kind === 'object' || field.type.kind === 'objectOrNull') {
      compare(field.type.parser, objectMember(main));
    }
  }
}

describe('parser specs and body schemas', () => {
  it.each([
    ['_update', UPDATE_BODY_PARSER, UpdateDeploymentBody],
    ['_start', START_BODY_PARSER, StartDeploymentBody],
    ['_stop', STOP_BODY_PARSER, StopDeploymentBody],
    ['adaptive allocations', ADAPTIVE_PARSER, AdaptiveAllocationsRequest],
  ] as const)('agree for %s', (_name, spec, schema) => {
    compare(spec, schema);
  });

  it('notices a drift', () => {
    const drifted: ObjectSpec = {
      ...STOP_BODY_PARSER,
      fields: [...STOP_BODY_PARSER.fields, { names: ['extra'], type: { kind: 'int' } }],
    };
    expect(() => compare(drifted, StopDeploymentBody)).toThrow(/field names/);
  });
});
