import type { TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { DEFINITIONS } from '../src/endpoints/definitions.generated.js';
import { ErrorCause, ErrorEnvelope, StringErrorBody } from '../src/schemas/error-envelope.js';
import { UpdateDeploymentBody } from '../src/schemas/update-deployment.js';
import { AJV_OPTIONS } from '../src/validate/ajv-options.js';
import { responseValidatorName } from '../src/validate/response-validator-name.js';

// ajv's standalone entry is CommonJS; under NodeNext its default export arrives wrapped.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as (ajv: Ajv, refs: Record<string, string>) => string;

/**
 * The schemas that get a precompiled validator reporting every issue, by export name: each
 * endpoint's response (named by {@link responseValidatorName}), and the error bodies.
 */
export const STANDALONE_SCHEMAS: Record<string, TSchema> = {
  ...Object.fromEntries(
    Object.entries(DEFINITIONS).map(([key, definition]) => [
      responseValidatorName(key),
      definition.response as TSchema,
    ]),
  ),
  validateErrorEnvelope: ErrorEnvelope,
  validateStringError: StringErrorBody,
};

/**
 * The schemas that get a precompiled validator stopping at the first issue (AJV's `allErrors:
 * false`), by export name: request bodies, which Elasticsearch too rejects at the first problem.
 * Without `allErrors`, AJV builds no error object past the first, so an ill-shaped body costs
 * about what a valid one does. The first issue is the one the every-issue validator reports first
 * (test/first-issue.test.ts checks it).
 */
export const FIRST_ISSUE_SCHEMAS: Record<string, TSchema> = {
  validateUpdateBody: UpdateDeploymentBody,
};

const ANNOTATIONS = new Set(['description', 'examples', 'title', '$comment', 'default', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/** A copy without annotations (they do not change validation and would only weigh on bundles). */
export function stripAnnotations(schema: unknown, inMap = false): unknown {
  if (Array.isArray(schema)) {
    return schema.map((s) => stripAnnotations(s));
  }
  if (typeof schema !== 'object' || schema === null) {
    return schema;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!inMap && ANNOTATIONS.has(key)) {
      continue;
    }
    out[key] = stripAnnotations(value, !inMap && SCHEMA_MAPS.has(key));
  }
  return out;
}

/**
 * The source of `src/validate/standalone.generated.ts`: AJV's standalone code for every schema in
 * {@link STANDALONE_SCHEMAS}, compiled with the same options as the runtime AJV instance, so the
 * packages that validate import no TypeBox and no AJV (and run no `new Function`).
 */
export function generateStandalone(): string {
  const byKey = Object.keys(DEFINITIONS).map((key) => `  ${key}: ${responseValidatorName(key)},`);
  return `${validatorModule(STANDALONE_SCHEMAS, true)}
/** Each endpoint's response validator, by endpoint key (the validators entry needs no table). */
export const RESPONSE_FUNCTIONS = {
${byKey.join('\n')}
};
`;
}

/**
 * The source of `src/validate/first-issue.generated.ts`: the same for {@link FIRST_ISSUE_SCHEMAS},
 * compiled with `allErrors: false` (a module of its own: AJV numbers its functions per instance).
 */
export function generateFirstIssue(): string {
  return validatorModule(FIRST_ISSUE_SCHEMAS, false);
}

function validatorModule(schemas: Record<string, TSchema>, allErrors: boolean): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, allErrors, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(stripAnnotations(ErrorCause) as object);
  // Structurally equal schemas (the update and start responses) share one compiled function;
  // the aliases are exported after AJV's code, which would otherwise emit the function twice.
  const refs: Record<string, string> = {};
  const aliases: string[] = [];
  const byShape = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    const stripped = stripAnnotations(schema) as object;
    const shape = JSON.stringify(stripped);
    const same = byShape.get(shape);
    if (same === undefined) {
      ajv.addSchema(stripped, name);
      byShape.set(shape, name);
      refs[name] = name;
    } else {
      aliases.push(`export const ${name} = ${same};`);
    }
  }
  let code = `${standaloneCode(ajv, refs)}\n${aliases.join('\n')}`;
  if (!allErrors) {
    // The first-issue validators hand their error object to the caller as the issue itself
    // (validators.ts, `firstIssueOnly`): without `schemaPath` it has exactly ValidationIssue's
    // fields, so no copy is made on the reject path.
    code = code.replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, '');
    if (code.includes('schemaPath')) {
      throw new Error('a first-issue validator still builds a schemaPath');
    }
  }
  if (/\brequire\(/.test(code)) {
    throw new Error('the standalone code needs an AJV runtime module; it would not be standalone');
  }
  return [
    '// @ts-nocheck',
    '// Generated by scripts/generate.mjs from the TypeBox schemas with AJV standalone code; do not',
    '// edit. `pnpm --filter @mldeploy/core gen` rewrites it, and the tests fail while it is stale.',
    code,
    '',
  ].join('\n');
}
