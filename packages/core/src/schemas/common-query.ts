import { Type } from '@sinclair/typebox';

/** Query parameters every Elasticsearch endpoint accepts (`CommonQueryParameters`). */
export const CommonQuery = {
  error_trace: Type.Optional(Type.Boolean({ description: 'Include the stack trace in errors.' })),
  filter_path: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Filter the response.' }),
  ),
  human: Type.Optional(Type.Boolean({ description: 'Human-readable values.' })),
  pretty: Type.Optional(Type.Boolean({ description: 'Pretty-print the JSON response.' })),
} as const;
