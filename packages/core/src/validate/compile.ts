import type { Static, TSchema } from '@sinclair/typebox';
import { ajv } from './ajv.js';
import type { Validator } from './validators.js';

/**
 * A validator for any schema, compiled with AJV on first use. Core's own validators are
 * precompiled (see validators.ts); this is for schemas defined elsewhere. It never throws.
 */
export function compileValidator<S extends TSchema>(schema: S): Validator<Static<S>> {
  let check: ReturnType<typeof ajv.compile> | undefined;
  return (value) => {
    check ??= ajv.compile(schema);
    return check(value)
      ? { ok: true, value: value as Static<S> }
      : {
          ok: false,
          issues: (check.errors ?? []).map(({ instancePath, keyword, params, message }) => ({
            instancePath,
            keyword,
            params,
            message,
          })),
        };
  };
}
