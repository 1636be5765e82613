// The answer of `_update` and `_start` (`{"assignment": …}`), with a writer of its JSON text that
// does not go through `JSON.stringify`: it is the mock's most frequent answer, and serialising it
// was the largest single cost of an update (docs/architecture.md, "The mock's hot path"). The
// writer knows the view's fields and their order (views.ts, `assignmentJson`); a seeded property
// test (test/assignment-answer.test.ts) proves its text equal to `JSON.stringify`'s.
import type { TrainedModelAssignment } from '@mldeploy/core';
import type { Cluster, Deployment } from './cluster.js';
import type { Answer } from './http.js';
import { assignmentJson } from './views.js';

/** The 200 answer with a deployment's assignment, as `_update` and `_start` write it. */
export function assignmentAnswer(cluster: Cluster, d: Readonly<Deployment>): Answer {
  return { status: 200, body: { assignment: assignmentJson(cluster, d) }, json: assignmentAnswerText };
}

/**
 * `JSON.stringify(body)` of `{ assignment }`, written field by field in the view's order. A body
 * the view did not build (a missing field, a value of another type) is left to `JSON.stringify`;
 * fields the view does not have would not be written, which is why only the view's answers use it.
 */
export function assignmentAnswerText(body: unknown): string {
  try {
    return `{"assignment":${assignmentText((body as { assignment: TrainedModelAssignment }).assignment)}}`;
  } catch {
    return JSON.stringify(body);
  }
}

/** What the writers throw on a value the view never holds, so the caller falls back. */
const OTHER_SHAPE = new TypeError('not the shape of the assignment view');

/**
 * Characters `JSON.stringify` writes escaped in a string: the quote, the backslash, control
 * characters and lone surrogates (any surrogate sends the string to `JSON.stringify`).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters JSON escapes.
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A string as `JSON.stringify` writes it. */
function str(v: unknown): string {
  if (typeof v !== 'string') {
    throw OTHER_SHAPE;
  }
  return ESCAPED.test(v) ? JSON.stringify(v) : `"${v}"`;
}

/** A number as `JSON.stringify` writes it (`Number#toString`; NaN and the infinities as null). */
function num(v: unknown): string {
  if (typeof v !== 'number') {
    throw OTHER_SHAPE;
  }
  return Number.isFinite(v) ? `${v}` : 'null';
}

/** A value of a union type (a byte size: a number or a string; an object or null). */
function value(v: unknown): string {
  if (typeof v === 'string') {
    return str(v);
  }
  if (typeof v === 'number') {
    return num(v);
  }
  const text = v === null ? 'null' : JSON.stringify(v);
  if (text === undefined) {
    throw OTHER_SHAPE;
  }
  return text;
}

/** `,"name":value` of an optional field; nothing when undefined, as `JSON.stringify` leaves it out. */
function optional(name: string, v: unknown, write: (v: unknown) => string): string {
  return v === undefined ? '' : `,"${name}":${write(v)}`;
}

function assignmentText(a: TrainedModelAssignment): string {
  const t = a.task_parameters;
  const table = a.routing_table;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw OTHER_SHAPE;
  }
  let routes = '';
  for (const nodeId of Object.keys(table)) {
    const r = table[nodeId];
    if (r === undefined) {
      throw OTHER_SHAPE;
    }
    routes += `${routes === '' ? '' : ','}${str(nodeId)}:{"current_allocations":${num(r.current_allocations)},"target_allocations":${num(r.target_allocations)},"routing_state":${str(r.routing_state)}${optional('reason', r.reason, str)}}`;
  }
  return `{"task_parameters":{"model_id":${str(t.model_id)},"deployment_id":${str(t.deployment_id)},"model_bytes":${value(t.model_bytes)},"threads_per_allocation":${num(t.threads_per_allocation)},"number_of_allocations":${num(t.number_of_allocations)},"queue_capacity":${num(t.queue_capacity)}${optional('cache_size', t.cache_size, value)},"priority":${str(t.priority)},"per_deployment_memory_bytes":${value(t.per_deployment_memory_bytes)},"per_allocation_memory_bytes":${value(t.per_allocation_memory_bytes)}},"routing_table":{${routes}},"assignment_state":${str(a.assignment_state)}${optional('reason', a.reason, str)},"start_time":${value(a.start_time)}${optional('max_assigned_allocations', a.max_assigned_allocations, num)}${optional('adaptive_allocations', a.adaptive_allocations, value)}}`;
}
