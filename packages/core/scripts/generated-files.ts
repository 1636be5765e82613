// What `scripts/generate.mjs` writes: the precompiled validators and the JSON Schema and OpenAPI
// documents, all derived from the TypeBox schemas. The tests compare these with the files on disk.
import { jsonSchemas, openApiDocument } from '../src/openapi.js';
import { desiredStateJsonSchema } from '../src/schemas/desired-state.js';
import { generateFirstIssue, generateStandalone } from './standalone.js';

/** The command that rewrites the generated files. */
export const GENERATE_COMMAND = 'pnpm --filter @mldeploy/core gen';

/** Every generated file, by path relative to the package root, with its content. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {
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
