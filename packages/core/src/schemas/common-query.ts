import { Type } from '@sinclair/typebox';
import { DEFAULTS } from '../defaults.js';

/** Query parameters every Elasticsearch endpoint accepts (`CommonQueryParameters`). */
export const CommonQuery = {
  error_trace: Type.Optional(Type.Boolean({ description: 'Include the stack trace in errors.' })),
  filter_path: Type.Optional(
    Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Filter the response.' }),
  ),
  human: Type.Optional(Type.Boolean({ description: 'Human-readable values.' })),
  pretty: Type.Optional(Type.Boolean({ description: 'Pretty-print the JSON response.' })),
} as const;

/** Paging and matching of the list endpoints (get stats, get models). */
export const ListQuery = {
  allow_no_match: Type.Optional(
    Type.Boolean({
      description: 'Answer 200 with no entries when an expression matches nothing.',
      default: DEFAULTS.list.allow_no_match,
    }),
  ),
  from: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Skip this many entries.', default: DEFAULTS.list.from }),
  ),
  size: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Return at most this many entries.',
      default: DEFAULTS.list.size,
    }),
  ),
} as const;
