// What `scripts/generate.mjs` writes: the endpoint tables, the precompiled validators and the JSON
// Schema and OpenAPI documents, all derived from the definitions under src/endpoints/ and the
// TypeBox schemas. The tests compare these with the files on disk.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFINITIONS } from '../src/endpoints/definitions.generated.js';
import { jsonSchemas, openApiDocument } from '../src/openapi.js';
import { desiredStateJsonSchema } from '../src/schemas/desired-state.js';
import { caseEndpoints, definitionsIndex, lightTable } from './endpoint-tables.js';
import { generateFirstIssue, generateStandalone } from './standalone.js';

/** The command that rewrites the generated files. */
export const GENERATE_COMMAND = 'pnpm --filter @mldeploy/core gen';

/** The index of the definitions, relative to the package root (generate.mjs writes it first). */
export const DEFINITIONS_INDEX = 'src/endpoints/definitions.generated.ts';

/** Every generated file, by path relative to the package root, with its content. */
export function generatedFiles(root = fileURLToPath(new URL('..', import.meta.url))): Record<string, string> {
  const files: Record<string, string> = {
    [DEFINITIONS_INDEX]: definitionsIndex(readdirSync(`${root}/src/endpoints`)),
    'src/endpoints/table.generated.ts': lightTable(DEFINITIONS),
    '../testkit/src/case-endpoints.generated.ts': caseEndpoints(DEFINITIONS),
    'src/validate/standalone.generated.ts': generateStandalone(),
    'src/validate/first-issue.generated.ts': generateFirstIssue(),
  };
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    files[`schema/${file}`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  files['schema/desired-state.json'] = `${JSON.stringify(desiredStateJsonSchema(), null, 2)}\n`;
  files['schema/openapi.json'] = `${JSON.stringify(openApiDocument(), null, 2)}\n`;
  return files;
}
