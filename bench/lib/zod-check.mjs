// The same rules written the way most TypeScript projects would: zod 4 schemas (strict objects,
// coercion of numeric strings, `null` bounds read as -1, the validate() rules as a refinement), on
// top of `JSON.parse`, with zod's issues mapped to Elasticsearch's envelope.
import { z } from 'zod';

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

const JavaInt = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\s*[+-]?[0-9]+\s*$/)
      .transform(Number),
  ])
  .transform(Math.trunc)
  .pipe(z.number().min(INT_MIN).max(INT_MAX));
const Bound = z.union([JavaInt, z.null().transform(() => -1)]);
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const TimeValue = z.string().regex(/^\s*(-1|0|[+-]?[0-9]+\s*(nanos|micros|ms|s|m|h|d))\s*$/i);

const Adaptive = z.strictObject({
  enabled: Bool.optional(),
  min_number_of_allocations: Bound.optional(),
  max_number_of_allocations: Bound.optional(),
});

/** Rules that need more than one field: validate()'s messages, in Elasticsearch's order. */
function rules(body, ctx) {
  const n = body.number_of_allocations ?? body.model_threads;
  const a = body.adaptive_allocations;
  if (n !== undefined) {
    if (n < 1) {
      ctx.addIssue({ code: 'custom', message: '[number_of_allocations] must be a positive integer' });
    }
    if (a?.enabled === true) {
      ctx.addIssue({
        code: 'custom',
        message: '[number_of_allocations] cannot be set if adaptive allocations is enabled',
      });
    }
  }
  if (a) {
    const min = a.min_number_of_allocations;
    const max = a.max_number_of_allocations;
    const hasMin = min !== undefined && min !== -1;
    const hasMax = max !== undefined && max !== -1;
    if (hasMin && min < 0) {
      ctx.addIssue({
        code: 'custom',
        message: '[min_number_of_allocations] must be a non-negative integer or null',
      });
    }
    if (hasMax && max < 1) {
      ctx.addIssue({
        code: 'custom',
        message: '[max_number_of_allocations] must be a positive integer or null',
      });
    }
    if (hasMin && hasMax && min > max) {
      ctx.addIssue({
        code: 'custom',
        message: '[min_number_of_allocations] must not be larger than [max_number_of_allocations]',
      });
    }
  }
}

const UpdateBody = z
  .strictObject({
    model_id: z.string().optional(),
    number_of_allocations: JavaInt.optional(),
    model_threads: JavaInt.optional(),
    adaptive_allocations: Adaptive.nullable().optional(),
    timeout: TimeValue.optional(),
  })
  .superRefine(rules);

function fail(type, reason) {
  return {
    ok: false,
    error: { status: 400, body: { error: { root_cause: [{ type, reason }], type, reason }, status: 400 } },
  };
}

/** Maps zod's first structural issue (or every custom one) to Elasticsearch's error. */
function toEsError(issues) {
  const custom = issues.filter((i) => i.code === 'custom');
  if (custom.length > 0 && custom.length === issues.length) {
    return fail(
      'action_request_validation_exception',
      `Validation Failed: ${custom.map((i, k) => `${k + 1}: ${i.message};`).join('')}`,
    );
  }
  const first = issues.find((i) => i.code !== 'custom');
  const field = first.path.join('.');
  if (first.code === 'unrecognized_keys') {
    return fail('x_content_parse_exception', `unknown field [${first.keys[0]}]`);
  }
  return fail('x_content_parse_exception', `failed to parse field [${field}]`);
}

/** `checkUpdateRequest` for a body (no query), in zod. */
export function zodCheckUpdateRequest(raw) {
  if (raw.body === undefined || raw.body.length === 0) {
    return fail('parse_exception', 'request body is required');
  }
  let doc;
  try {
    doc = JSON.parse(raw.body);
  } catch (e) {
    return fail('x_content_parse_exception', e.message);
  }
  const parsed = UpdateBody.safeParse(doc);
  if (!parsed.success) {
    return toEsError(parsed.error.issues);
  }
  const body = parsed.data;
  if (body.model_id !== undefined && body.model_id !== raw.modelId) {
    return {
      ok: false,
      error: {
        status: 400,
        body: {
          error: {
            type: 'status_exception',
            reason: `Inconsistent model_id; '${body.model_id}' specified in the body differs from '${raw.modelId}' specified as a URL argument`,
          },
          status: 400,
        },
      },
    };
  }
  return { ok: true, value: body };
}

const Positive = z.int().min(1).max(INT_MAX);
const ShapeBound = z.int().min(-1).max(INT_MAX).nullable();

/** `validateUpdateBody`'s shape rules in zod: types, ranges and unknown keys, no coercion. */
export const ZodUpdateBodyShape = z.strictObject({
  number_of_allocations: Positive.optional(),
  adaptive_allocations: z
    .strictObject({
      enabled: z.boolean().optional(),
      min_number_of_allocations: ShapeBound.optional(),
      max_number_of_allocations: ShapeBound.optional(),
    })
    .nullable()
    .optional(),
  model_id: z.string().optional(),
  model_threads: Positive.optional(),
  timeout: z.string().optional(),
});

/** The shape check in zod, answering `{ ok, value } | { ok: false, issues }` like core's validators. */
export function zodValidateUpdateBody(body) {
  const r = ZodUpdateBodyShape.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: r.error.issues };
}
