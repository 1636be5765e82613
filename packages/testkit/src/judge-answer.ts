// Judging an answer: the server's answer read in the fields the case's expectation names, and one
// line per field that differs.
import type { Observation } from './case-result.js';
import type { CaseEndpoint } from './endpoints.js';
import { sameJson } from './same-json.js';
import type { Answer } from './send-request.js';

/** The answer in the fields the expectation names (status always). */
export function observe(answer: Answer, expected: Observation): Observation {
  const actual: Observation = { status: answer.status };
  const json = answer.json;
  if (expected.warning !== undefined && answer.warning !== null) {
    actual.warning = answer.warning;
  }
  const wantsAssignment =
    expected.after !== undefined &&
    ('number_of_allocations' in expected.after || 'adaptive_allocations' in expected.after);
  if (wantsAssignment && expected.after !== undefined && json?.assignment !== undefined) {
    const assignment = json.assignment;
    const after: NonNullable<Observation['after']> = {};
    if ('number_of_allocations' in expected.after) {
      after.number_of_allocations = assignment?.task_parameters?.number_of_allocations;
    }
    if ('adaptive_allocations' in expected.after) {
      after.adaptive_allocations = assignment?.adaptive_allocations ?? null;
    }
    actual.after = after;
  }
  const error = json?.error;
  if (typeof error === 'string') {
    actual.reason = error;
  } else if (error !== undefined && error !== null && typeof error === 'object') {
    const put = (field: keyof Observation, value: unknown) => {
      if (typeof value === 'string') {
        (actual as unknown as Record<string, unknown>)[field] = value;
      }
    };
    put('type', error.type);
    put('reason', error.reason);
    put('causedBy', error.caused_by?.type);
    put('causedByReason', error.caused_by?.reason);
    if (expected.rootCause !== undefined) {
      put('rootCause', error.root_cause?.[0]?.reason);
    }
  } else if (answer.status !== 200 && json === undefined && answer.text !== '') {
    actual.reason = answer.text.slice(0, 500);
  }
  return actual;
}

/** One line per field the expectation names that the answer does not match; none when it passes. */
export function compare(expected: Observation, actual: Observation, endpoint: CaseEndpoint): string[] {
  const out: string[] = [];
  if (expected.status !== actual.status) {
    out.push(`status: expected ${expected.status}, got ${actual.status}`);
  }
  for (const field of ['type', 'reason', 'causedBy', 'causedByReason', 'rootCause'] as const) {
    if (expected[field] !== undefined && expected[field] !== actual[field]) {
      out.push(
        `${field}: expected ${JSON.stringify(expected[field])}, got ${JSON.stringify(actual[field] ?? null)}`,
      );
    }
  }
  if (expected.warning !== undefined && !(actual.warning ?? '').includes(expected.warning)) {
    out.push(
      `warning: expected ${JSON.stringify(expected.warning)}, got ${JSON.stringify(actual.warning ?? null)}`,
    );
  }
  if (expected.after !== undefined) {
    for (const key of ['number_of_allocations', 'adaptive_allocations', 'assignment_state'] as const) {
      if (!(key in expected.after)) {
        continue;
      }
      const want = expected.after[key];
      const got = actual.after?.[key];
      if (!sameJson(want, got)) {
        out.push(`after.${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got ?? null)}`);
      }
    }
  }
  if (expected.schema !== undefined && actual.schema !== undefined && actual.schema !== expected.schema) {
    out.push(`schema: expected a body valid against the ${endpoint} response schema, got ${actual.schema}`);
  }
  return out;
}
