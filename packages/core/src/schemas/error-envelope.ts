import { type Static, Type } from '@sinclair/typebox';

/** One cause in an Elasticsearch error (`ErrorCause`); unknown metadata keys are kept. */
export const ErrorCause = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        type: Type.String({ description: 'The exception type, e.g. status_exception.' }),
        reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        stack_trace: Type.Optional(Type.String()),
        caused_by: Type.Optional(Self),
        root_cause: Type.Optional(Type.Array(Self)),
        suppressed: Type.Optional(Type.Array(Self)),
      },
      { additionalProperties: true },
    ),
  { $id: 'ErrorCause', description: 'An Elasticsearch error cause.' },
);
export type ErrorCause = Static<typeof ErrorCause>;

/** The Elasticsearch error envelope: `{ error: { root_cause, type, reason, caused_by? }, status }`. */
export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object(
      {
        root_cause: Type.Array(Type.Ref(ErrorCause)),
        type: Type.String(),
        reason: Type.Union([Type.String(), Type.Null()]),
        caused_by: Type.Optional(Type.Ref(ErrorCause)),
        stack_trace: Type.Optional(Type.String()),
      },
      { additionalProperties: true },
    ),
    status: Type.Integer({ minimum: 100, maximum: 599 }),
  },
  { description: 'The error body Elasticsearch answers with.' },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

/** The routing layer's error form, where `error` is a plain string (405, unknown route). */
export const StringErrorBody = Type.Object(
  { error: Type.String(), status: Type.Integer({ minimum: 100, maximum: 599 }) },
  { additionalProperties: false, description: 'An error from the routing layer, with a string error.' },
);
export type StringErrorBody = Static<typeof StringErrorBody>;
