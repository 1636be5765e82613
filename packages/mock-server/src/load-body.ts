// The body of `POST /_mock/load` (control.ts) as a TypeBox schema, with its limits: what the
// control plane checks before the load simulation (load.ts) sees it. Messages are control.ts's.
import { type Static, Type } from '@sinclair/typebox';

/** The highest request rate a load may set (requests per second). */
export const MAX_LOAD_RATE = 1_000_000;
/** The longest inference time a load may set (an hour). */
export const MAX_INFERENCE_TIME_MS = 3_600_000;
/** The most steps a schedule may hold. */
export const MAX_SCHEDULE_STEPS = 1000;
/** The latest step of a schedule: a year after it is set. */
export const MAX_SCHEDULE_AT_MS = 365 * 24 * 3600 * 1000;

const Rate = Type.Number({ minimum: 0, maximum: MAX_LOAD_RATE });
const InferenceTime = Type.Number({ exclusiveMinimum: 0, maximum: MAX_INFERENCE_TIME_MS });

/** One step of a schedule: from `at_ms` after the load is set, this rate and inference time. */
export const LoadStep = Type.Object(
  {
    at_ms: Type.Integer({ minimum: 0, maximum: MAX_SCHEDULE_AT_MS }),
    rate: Rate,
    inference_time_ms: InferenceTime,
  },
  { additionalProperties: false },
);
export type LoadStep = Static<typeof LoadStep>;

/**
 * The body of `POST /_mock/load`: a deployment's request rate (requests per second) and inference
 * time (milliseconds per request on one allocation), or a schedule of them. A rate of 0 stops it.
 */
export const LoadBody = Type.Object(
  {
    deployment_id: Type.String({ minLength: 1 }),
    rate: Type.Optional(Rate),
    inference_time_ms: Type.Optional(InferenceTime),
    schedule: Type.Optional(Type.Array(LoadStep, { minItems: 1, maxItems: MAX_SCHEDULE_STEPS })),
  },
  { additionalProperties: false },
);
export type LoadBody = Static<typeof LoadBody>;
