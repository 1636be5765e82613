// The answer of `_update` (`{"assignment": …}`), written straight from the deployment: it is the
// mock's most frequent answer, and building the view and `JSON.stringify`-ing it were the largest
// costs of an update (docs/architecture.md, "The mock's hot path"). The text writer knows the
// view's fields and their order (views.ts, `assignmentJson`); a seeded property test
// (test/assignment-answer.test.ts) proves its text equal to `JSON.stringify` of the view.
import { adaptiveSettingsToJson } from '@mldeploy/core/rules';
import { assignmentStateOf } from './assignment-state.js';
import type { Cluster, Deployment } from './cluster.js';
import type { Answer } from './http.js';
import { assignmentJson } from './views.js';

/**
 * The 200 answer with a deployment's assignment. Its body (the view) is built only when something
 * reads it (`filter_path`, YAML, `pretty`); as compact JSON it is written by {@link assignmentAnswerText}.
 * Both read the deployment when the answer is written, so it must be rendered in the turn it was
 * made, as the `_update` handler's answer is.
 */
export function assignmentAnswer(cluster: Cluster, d: Readonly<Deployment>): Answer {
  return new AssignmentAnswer(cluster, d);
}

class AssignmentAnswer implements Answer {
  readonly status = 200;
  headers?: Record<string, string | string[]>;
  readonly #cluster: Cluster;
  readonly #d: Readonly<Deployment>;
  #body: unknown;

  constructor(cluster: Cluster, d: Readonly<Deployment>) {
    this.#cluster = cluster;
    this.#d = d;
  }

  get body(): unknown {
    this.#body ??= { assignment: assignmentJson(this.#cluster, this.#d) };
    return this.#body;
  }

  json(): string {
    return assignmentAnswerText(this.#cluster, this.#d);
  }
}

/**
 * `JSON.stringify({ assignment: assignmentJson(cluster, d) })`, written field by field without the
 * view. A deployment the writer would not write exactly (a field of another type, a node id that
 * an object would not keep in insertion order) is left to `JSON.stringify`.
 */
export function assignmentAnswerText(cluster: Cluster, d: Readonly<Deployment>): string {
  try {
    return `{"assignment":${assignmentText(cluster, d)}}`;
  } catch {
    return JSON.stringify({ assignment: assignmentJson(cluster, d) });
  }
}

/** What the writers throw on a value the view would not hold as typed, so the caller falls back. */
const OTHER_SHAPE = new TypeError('not the shape of the assignment view');

/**
 * Characters `JSON.stringify` writes escaped in a string: the quote, the backslash, control
 * characters and lone surrogates (any surrogate sends the string to `JSON.stringify`).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters JSON escapes.
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** Array-index keys, which an object orders before the others, numerically (up to 2^32 - 2). */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/** Strings as written, by string: the same ids, states and times are written again and again. */
const written = new Map<string, string>();
/** How many written strings are kept (when full, it starts over), and up to what length. */
const WRITTEN_SIZE = 1024;
const WRITTEN_LENGTH = 256;

/** A string as `JSON.stringify` writes it. */
function str(v: unknown): string {
  if (typeof v !== 'string') {
    throw OTHER_SHAPE;
  }
  let text = written.get(v);
  if (text === undefined) {
    text = ESCAPED.test(v) ? JSON.stringify(v) : `"${v}"`;
    if (v.length <= WRITTEN_LENGTH) {
      if (written.size >= WRITTEN_SIZE) {
        written.clear();
      }
      written.set(v, text);
    }
  }
  return text;
}

/** A number as `JSON.stringify` writes it (`Number#toString`; NaN and the infinities as null). */
function num(v: unknown): string {
  if (typeof v !== 'number') {
    throw OTHER_SHAPE;
  }
  return Number.isFinite(v) ? `${v}` : 'null';
}

/** A byte size: a number or a string. */
function size(v: unknown): string {
  return typeof v === 'string' ? str(v) : num(v);
}

/** A routing table's key, if an object keeps it in insertion order as the view's table does. */
function routeKey(nodeId: string): string {
  const c = nodeId.charCodeAt(0);
  if (
    (c >= 48 && c <= 57 && INDEX_KEY.test(nodeId) && Number(nodeId) < 4_294_967_295) ||
    nodeId === '__proto__'
  ) {
    throw OTHER_SHAPE;
  }
  return str(nodeId);
}

function assignmentText(cluster: Cluster, d: Readonly<Deployment>): string {
  const model = cluster.model(d.model_id);
  let routes = '';
  for (const [nodeId, r] of d.routes) {
    routes += `${routes === '' ? '' : ','}${routeKey(nodeId)}:{"current_allocations":${num(r.current)},"target_allocations":${num(r.target)},"routing_state":${str(r.state)},"reason":${str(r.reason)}}`;
  }
  const cacheSize = d.cache_size === undefined ? '' : `,"cache_size":${str(d.cache_size)}`;
  const reason = d.reason === undefined ? '' : `,"reason":${str(d.reason)}`;
  const adaptive = d.adaptive === null ? 'null' : JSON.stringify(adaptiveSettingsToJson(d.adaptive));
  return `{"task_parameters":{"model_id":${str(d.model_id)},"deployment_id":${str(d.deployment_id)},"model_bytes":${size(model?.model_size_bytes ?? 0)},"threads_per_allocation":${num(d.threads_per_allocation)},"number_of_allocations":${num(d.number_of_allocations)},"queue_capacity":${num(d.queue_capacity)}${cacheSize},"priority":${str(d.priority)},"per_deployment_memory_bytes":${size(model?.per_deployment_memory_bytes ?? 0)},"per_allocation_memory_bytes":${size(model?.per_allocation_memory_bytes ?? 0)}},"routing_table":{${routes}},"assignment_state":${str(assignmentStateOf(d))}${reason},"start_time":${str(d.start_time)},"max_assigned_allocations":${num(d.max_assigned_allocations)},"adaptive_allocations":${adaptive}}`;
}
