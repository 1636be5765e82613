import { checkDesiredState, desiredStateJsonSchema } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';

const issuesOf = (document: unknown) => {
  const result = checkDesiredState(document);
  return result.ok ? [] : result.issues.map(({ path, message }) => ({ path, message }));
};

describe('checkDesiredState', () => {
  it('accepts the two forms of an entry', () => {
    const document = {
      deployments: [
        { id: 'a', number_of_allocations: 3 },
        {
          id: 'b',
          adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 },
        },
        { id: 'c', number_of_allocations: 2, adaptive_allocations: { enabled: false } },
      ],
    };
    expect(checkDesiredState(document)).toEqual({ ok: true, value: document });
  });

  it("reports Elasticsearch's exact message for a value its rules reject, at the field", () => {
    const result = checkDesiredState({
      deployments: [
        { id: 'ok', number_of_allocations: 1 },
        { id: 'zero', number_of_allocations: 0 },
        {
          id: 'range',
          adaptive_allocations: { enabled: true, min_number_of_allocations: 5, max_number_of_allocations: 2 },
        },
        { id: 'both', number_of_allocations: 2, adaptive_allocations: { enabled: true } },
      ],
    });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: ['deployments', 1, 'number_of_allocations'],
        message: 'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
      },
      {
        path: ['deployments', 2, 'adaptive_allocations', 'min_number_of_allocations'],
        message:
          'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
      },
      {
        path: ['deployments', 3, 'number_of_allocations'],
        message:
          'Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled;',
      },
    ]);
    expect(issues[0]?.error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('rejects unknown fields, wrong types and missing ids, where they are', () => {
    expect(
      issuesOf({
        deployments: [
          { id: 'a', number_of_allocation: 3 },
          { id: 'b', number_of_allocations: 0 },
        ],
        extra: 1,
      }),
    ).toEqual([
      { path: ['extra'], message: 'unknown field [extra] in [document]; known fields: $schema, deployments' },
      {
        path: ['deployments', 0, 'number_of_allocation'],
        message:
          'unknown field [number_of_allocation] in [deployments[0]]; known fields: id, number_of_allocations, adaptive_allocations',
      },
      {
        path: ['deployments', 1, 'number_of_allocations'],
        message: 'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
      },
    ]);
    expect(
      issuesOf({
        deployments: [
          { number_of_allocations: 'three' },
          { id: 'b', adaptive_allocations: { enabled: 'yes', max: 2 } },
        ],
      }),
    ).toEqual([
      { path: ['deployments', 0], message: '[id] is required in [deployments[0]]' },
      {
        path: ['deployments', 0, 'number_of_allocations'],
        message: '[number_of_allocations] must be an integer (at most 2147483647), got [three]',
      },
      {
        path: ['deployments', 1, 'adaptive_allocations', 'enabled'],
        message: '[enabled] must be true or false, got [yes]',
      },
      {
        path: ['deployments', 1, 'adaptive_allocations', 'max'],
        message:
          'unknown field [max] in [adaptive_allocations]; known fields: enabled, min_number_of_allocations, max_number_of_allocations',
      },
    ]);
    expect(issuesOf([])).toEqual([{ path: [], message: '[document] must be an object' }]);
    expect(issuesOf({ deployments: { id: 'a' } })).toEqual([
      { path: ['deployments'], message: '[deployments] must be a list' },
    ]);
    expect(issuesOf({ deployments: [{ id: 'a', number_of_allocations: 1.5 }] })).toHaveLength(1);
  });

  it('rejects a deployment listed twice, and an entry that states nothing', () => {
    expect(
      issuesOf({
        deployments: [
          { id: 'a', number_of_allocations: 1 },
          { id: 'b' },
          { id: 'a', number_of_allocations: 2 },
        ],
      }),
    ).toEqual([
      {
        path: ['deployments', 1],
        message: 'deployment [b] states neither [number_of_allocations] nor [adaptive_allocations]',
      },
      { path: ['deployments', 2, 'id'], message: 'deployment [a] is listed twice (first as deployments[0])' },
    ]);
  });
});

describe('the desired-state JSON Schema', () => {
  // test/generated.test.ts checks that schema/desired-state.json is this schema, written by `pnpm gen`.
  it('is the TypeBox schema as an editor reads it', () => {
    const schema = desiredStateJsonSchema();
    expect(schema).toMatchObject({
      $id: 'https://mldeploy.dev/schema/desired-state.json',
      required: ['deployments'],
      additionalProperties: false,
    });
  });
});
