// A handler's `check` reads the request alone (handlers.ts), so the same request text always
// checks the same way; clients send the same few requests again and again. An endpoint's check can
// remember the requests it accepted, as the adapter remembers routes (route-cache.ts): parsing and
// validating an `_update` body costs more than looking it up. See docs/architecture.md ("The
// mock's hot path").
import type { CheckResult } from '@mldeploy/core/rules';

/** How many accepted requests each remembered check keeps; when full, it starts over. */
const REMEMBERED_CHECKS = 256;
/** Requests whose body is longer than this are checked every time. */
const MAX_BODY_LENGTH = 1024;

/**
 * `check`, remembering the last accepted requests by everything it reads: `partsOf` answers the
 * body, then two more parts (for `_update`: the query and the model id). A remembered request is
 * shared by every later identical one, so it is frozen: an `act` that changed it would throw.
 * Refusals are not kept (each answer builds its own error).
 */
export function rememberedCheck<Q, R>(
  check: (request: Q) => CheckResult<R>,
  partsOf: (request: Q) => readonly [body: string, second: string, third: string],
): (request: Q) => CheckResult<R> {
  // body → second → third → the accepted request: each lookup hashes one string, without joining them.
  let accepted = new Map<string, Map<string, Map<string, CheckResult<R>>>>();
  let size = 0;
  return (request) => {
    const [body, second, third] = partsOf(request);
    if (body.length > MAX_BODY_LENGTH) {
      return check(request);
    }
    const known = accepted.get(body)?.get(second)?.get(third);
    if (known !== undefined) {
      return known;
    }
    const result = check(request);
    if (result.ok) {
      if (size >= REMEMBERED_CHECKS) {
        accepted = new Map();
        size = 0;
      }
      let bySecond = accepted.get(body);
      if (bySecond === undefined) {
        bySecond = new Map();
        accepted.set(body, bySecond);
      }
      let byThird = bySecond.get(second);
      if (byThird === undefined) {
        byThird = new Map();
        bySecond.set(second, byThird);
      }
      byThird.set(third, deepFreeze(result));
      size += 1;
    }
    return result;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
