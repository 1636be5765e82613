// The desired-state file of `mldeploy diff` and `mldeploy apply`: which deployments should have
// which allocations. The shape is mldeploy's own; the rules on the values are Elasticsearch's, by
// running each entry through `checkUpdateRequest` as the body of an `_update`.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { LIMITS } from '../defaults.js';
import type { EsError } from '../errors/envelope.js';
import { toJsonSchema } from '../openapi.js';
import { checkUpdateRequest } from '../rules/check-update-request.js';

const INT_MAX = LIMITS.max_int;

/** Adaptive allocations as a desired-state file states them: on or off, with optional bounds. */
export const DesiredAdaptiveAllocations = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether adaptive allocations should be on.' }),
    min_number_of_allocations: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: INT_MAX,
        description: 'The minimum the scaler may go down to; absent means no minimum.',
      }),
    ),
    max_number_of_allocations: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: INT_MAX,
        description: 'The maximum the scaler may go up to; absent means no maximum.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'The adaptive allocations settings the deployment should have, bounds included.',
  },
);
export type DesiredAdaptiveAllocations = Static<typeof DesiredAdaptiveAllocations>;

/** One deployment of a desired-state file: a fixed number of allocations, or adaptive settings. */
export const DesiredDeployment = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'The deployment id (as `mldeploy status` lists it).' }),
    number_of_allocations: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: INT_MAX,
        description:
          'The number of allocations the deployment should have; adaptive allocations are turned off if on.',
      }),
    ),
    adaptive_allocations: Type.Optional(DesiredAdaptiveAllocations),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['number_of_allocations'] }, { required: ['adaptive_allocations'] }],
    description: 'A deployment and the allocations it should have. Deployments not listed are left alone.',
  },
);
export type DesiredDeployment = Static<typeof DesiredDeployment>;

/** The desired-state file: `{ deployments: [...] }`, in YAML or JSON. */
export const DesiredState = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'The JSON Schema of this file, for editors.' })),
    deployments: Type.Array(DesiredDeployment, {
      description: 'The deployments to manage; each id at most once.',
    }),
  },
  {
    additionalProperties: false,
    description: 'The allocations some trained model deployments should have (mldeploy diff / apply).',
    examples: [
      {
        deployments: [
          { id: 'my-ner', number_of_allocations: 3 },
          {
            id: 'my-elser',
            adaptive_allocations: {
              enabled: true,
              min_number_of_allocations: 1,
              max_number_of_allocations: 8,
            },
          },
        ],
      },
    ],
  },
);
export type DesiredState = Static<typeof DesiredState>;

/** The JSON Schema document of the desired-state file (`schema/desired-state.json`). */
export function desiredStateJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://mldeploy.dev/schema/desired-state.json',
    title: 'mldeploy desired state',
    ...toJsonSchema(DesiredState),
  };
}

/** Where in the document something is: keys and list indexes, e.g. `['deployments', 0, 'id']`. */
export type DocumentPath = Array<string | number>;

/** One problem of a desired-state document. */
export interface DesiredStateIssue {
  /** The value the problem is about (the most precise one known). */
  path: DocumentPath;
  /** The message: Elasticsearch's exact reason for a rule of its own, else the file's rule. */
  message: string;
  /** Elasticsearch's error, when the problem is one it would answer for the `_update` body. */
  error?: EsError;
}

/** The document as typed desired state, or every problem found in it (in document order). */
export type DesiredStateResult =
  | { ok: true; value: DesiredState }
  | { ok: false; issues: DesiredStateIssue[] };

type Node = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The shape of a value against one of the schemas above: unknown fields, missing fields and types.
 * Minimums are left to Elasticsearch's rules, so the message is its own.
 */
function checkShape(schema: TSchema, value: unknown, path: DocumentPath, name: string): DesiredStateIssue[] {
  const s = schema as Node;
  switch (s.type) {
    case 'object': {
      if (!isRecord(value)) {
        return [{ path, message: `[${name}] must be an object` }];
      }
      const properties = (s.properties ?? {}) as Record<string, TSchema>;
      const issues: DesiredStateIssue[] = [];
      for (const key of (s.required ?? []) as string[]) {
        if (!(key in value)) {
          issues.push({ path, message: `[${key}] is required in [${name}]` });
        }
      }
      for (const [key, child] of Object.entries(value)) {
        const childSchema = properties[key];
        if (childSchema === undefined) {
          issues.push({
            path: [...path, key],
            message: `unknown field [${key}] in [${name}]; known fields: ${Object.keys(properties).join(', ')}`,
          });
        } else {
          issues.push(...checkShape(childSchema, child, [...path, key], key));
        }
      }
      return issues;
    }
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => checkShape(s.items as TSchema, item, [...path, i], `${name}[${i}]`))
        : [{ path, message: `[${name}] must be a list` }];
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT_MAX
        ? []
        : [{ path, message: `[${name}] must be an integer (at most ${INT_MAX}), got [${String(value)}]` }];
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : [{ path, message: `[${name}] must be true or false, got [${String(value)}]` }];
    case 'string':
      return typeof value === 'string' && value.length >= ((s.minLength as number | undefined) ?? 0)
        ? []
        : [{ path, message: `[${name}] must be a non-empty string` }];
    default:
      return [];
  }
}

/** The field an Elasticsearch validation message names first, if the entry has it. */
function fieldPath(entry: Node, message: string): DocumentPath {
  const adaptive = isRecord(entry.adaptive_allocations) ? entry.adaptive_allocations : {};
  for (const match of message.matchAll(/\[([a-z_]+)\]/g)) {
    const name = match[1] ?? '';
    if (name in entry) {
      return [name];
    }
    if (name in adaptive) {
      return ['adaptive_allocations', name];
    }
  }
  return [];
}

/**
 * Checks a parsed desired-state document (YAML or JSON): its shape (unknown fields are rejected),
 * one entry per deployment id, each entry stating allocations, and each entry's values by
 * Elasticsearch's own `_update` rules (`checkUpdateRequest`), with Elasticsearch's exact messages.
 */
export function checkDesiredState(document: unknown): DesiredStateResult {
  // The document without its entries first, then entry by entry, so issues come in document order.
  const top =
    isRecord(document) && Array.isArray(document.deployments) ? { ...document, deployments: [] } : document;
  const issues = checkShape(DesiredState, top, [], 'document');
  if (issues.length > 0 && top === document) {
    return { ok: false, issues };
  }
  const entries = (document as { deployments: unknown[] }).deployments;
  const seen = new Map<string, number>();
  entries.forEach((value, i) => {
    const path: DocumentPath = ['deployments', i];
    const shape = checkShape(DesiredDeployment, value, path, `deployments[${i}]`);
    if (shape.length > 0) {
      issues.push(...shape);
      return;
    }
    const entry = value as DesiredDeployment;
    const first = seen.get(entry.id);
    if (first !== undefined) {
      issues.push({
        path: [...path, 'id'],
        message: `deployment [${entry.id}] is listed twice (first as deployments[${first}])`,
      });
      return;
    }
    seen.set(entry.id, i);
    if (entry.number_of_allocations === undefined && entry.adaptive_allocations === undefined) {
      issues.push({
        path,
        message: `deployment [${entry.id}] states neither [number_of_allocations] nor [adaptive_allocations]`,
      });
      return;
    }
    const { id, ...body } = entry;
    const checked = checkUpdateRequest({ modelId: id, body: JSON.stringify(body) });
    if (!checked.ok) {
      const error = checked.error.body.error;
      const message = typeof error === 'string' ? error : (error.reason ?? error.type);
      issues.push({ path: [...path, ...fieldPath(entry, message)], message, error: checked.error });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: document as DesiredState };
}
