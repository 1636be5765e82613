// The `/_mock/` control plane: reset, state, faults, settings, simulated time and the request
// journal. Never behind security, never faulted. Bodies are checked against TypeBox schemas with
// core's compiler. See the package README ("Control endpoints") for what each route does.
import { compileValidator } from '@mldeploy/core';
import { type Static, type TObject, Type } from '@sinclair/typebox';
import { FAULT_MESSAGES, FaultBody, type FaultQueue } from './faults.js';
import { type Answer, type MockRequest, mockError } from './http.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import type { LoadsView, LoadView } from './load.js';
import {
  LoadBody,
  MAX_INFERENCE_TIME_MS,
  MAX_LOAD_RATE,
  MAX_SCHEDULE_AT_MS,
  MAX_SCHEDULE_STEPS,
} from './load-body.js';
import { scaleToZeroSettingProblem } from './scale-to-zero-setting.js';
import { type SeedDocument, SeedError } from './seed.js';

/** The body of `PUT /_mock/settings`. */
export const SettingsBody = Type.Object(
  {
    converge_ms: Type.Optional(Type.Integer({ minimum: 0 })),
    scaling_possible: Type.Optional(Type.Boolean()),
    scaler_interval_ms: Type.Optional(Type.Integer({ minimum: 0 })),
    scale_to_zero_time: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SettingsBody = Static<typeof SettingsBody>;
const SETTINGS_MESSAGES: Record<keyof SettingsBody, string> = {
  converge_ms: 'converge_ms must be a non-negative integer',
  scaling_possible: 'scaling_possible must be a boolean',
  scaler_interval_ms: 'scaler_interval_ms must be a non-negative integer',
  scale_to_zero_time: 'scale_to_zero_time must be a time value such as 30m',
};

/** Why a node's process failed when the fault does not say (the route's reason wraps it). */
const DEFAULT_FAILURE_REASON = 'injected fault';

/** The largest step of `POST /_mock/advance`: a year. */
export const MAX_ADVANCE_MS = 365 * 24 * 3600 * 1000;

/** The body of `POST /_mock/advance`. */
export const AdvanceBody = Type.Object(
  { ms: Type.Integer({ minimum: 0, maximum: MAX_ADVANCE_MS }) },
  { additionalProperties: false },
);
export type AdvanceBody = Static<typeof AdvanceBody>;
const ADVANCE_MESSAGES: Record<keyof AdvanceBody, string> = {
  ms: `ms must be an integer from 0 to ${MAX_ADVANCE_MS}`,
};

/** The query of `GET /_mock/requests`. */
export const RequestsQuery = Type.Object(
  {
    path: Type.Optional(Type.String()),
    method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$' })),
    status: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    kind: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('control'), Type.Literal('all')])),
    node: Type.Optional(Type.String()),
    pretty: Type.Optional(Type.String()),
    filter_path: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const REQUESTS_MESSAGES: Record<keyof Static<typeof RequestsQuery>, string> = {
  path: 'path must be a string',
  method: 'method must be an HTTP method name',
  status: 'status must be an HTTP status code',
  kind: 'kind must be one of [es, control, all]',
  node: 'node must be a string',
  pretty: 'pretty must be a string',
  filter_path: 'filter_path must be a string',
};

/** The one-line reasons of a bad load body, by field (the first bad field in this order wins). */
const LOAD_MESSAGES: Record<keyof LoadBody, string> = {
  deployment_id: 'deployment_id must be a non-empty string',
  rate: `rate must be a number of requests per second from 0 to ${MAX_LOAD_RATE}`,
  inference_time_ms: `inference_time_ms must be a number of milliseconds above 0, at most ${MAX_INFERENCE_TIME_MS}`,
  schedule: `schedule must be a list of 1 to ${MAX_SCHEDULE_STEPS} steps {at_ms (0 to ${MAX_SCHEDULE_AT_MS}), rate, inference_time_ms}`,
};

/** What the schema cannot say: the reason a well-typed load body is refused, or undefined. */
function loadProblem(body: LoadBody): string | undefined {
  if (body.schedule !== undefined) {
    if (body.rate !== undefined || body.inference_time_ms !== undefined) {
      return 'a load takes rate and inference_time_ms, or schedule, not both';
    }
    for (let i = 1; i < body.schedule.length; i += 1) {
      if ((body.schedule[i]?.at_ms ?? 0) <= (body.schedule[i - 1]?.at_ms ?? 0)) {
        return 'schedule steps must be in increasing at_ms order';
      }
    }
    return undefined;
  }
  if (body.rate === undefined) {
    return 'a load needs rate and inference_time_ms, or schedule';
  }
  if (body.rate > 0 && body.inference_time_ms === undefined) {
    return 'a rate above 0 needs inference_time_ms';
  }
  return undefined;
}

/** The answer of setting a load: the load as it now stands, or why the deployment is unknown. */
export type LoadOutcome = { ok: true; value: LoadView } | { ok: false; reason: string };

/** What the control plane acts on. */
export interface ControlTarget {
  reset(seed?: unknown): void;
  state(): SeedDocument;
  readonly faults: FaultQueue;
  /** Fails the inference processes on a node (false: no such node). */
  failNode(nodeId: string, reason: string): boolean;
  configure(settings: SettingsBody): SeedDocument['cluster'];
  advance(ms: number): void;
  now(): number;
  requests(filter?: JournalFilter): JournalEntry[];
  clearRequests(): void;
  /** Sets a deployment's simulated inference load (the body is checked). */
  applyLoad(load: LoadBody): LoadOutcome;
  loads(): LoadsView;
  clearLoads(): void;
}

interface Described<T> {
  readonly check: ReturnType<typeof compileValidator<TObject>>;
  readonly what: string;
  readonly notJson: string;
  readonly unknown: string;
  readonly messages: Record<string, string>;
  readonly order: string[];
  readonly _type?: T;
}

function described<S extends TObject>(
  schema: S,
  what: string,
  notJson: string,
  unknown: string,
  messages: Record<string, string>,
): Described<Static<S>> {
  return {
    check: compileValidator(schema),
    what,
    notJson,
    unknown,
    messages,
    order: Object.keys(schema.properties),
  };
}

const FAULT = described(FaultBody, 'fault', 'fault is not JSON', 'unknown fault field', FAULT_MESSAGES);
const SETTINGS = described(
  SettingsBody,
  'settings',
  'settings are not JSON',
  'unknown setting',
  SETTINGS_MESSAGES,
);
const ADVANCE = described(
  AdvanceBody,
  'advance',
  'advance is not JSON',
  'unknown advance field',
  ADVANCE_MESSAGES,
);
const LOAD = described(LoadBody, 'load', 'load is not JSON', 'unknown load field', LOAD_MESSAGES);
const REQUESTS = described(
  RequestsQuery,
  'the query',
  'the query is not valid',
  'unknown parameter',
  REQUESTS_MESSAGES,
);

/** Checks a value against a described schema: the value, or the one-line reason for the 400. */
function validate<T>(
  d: Described<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; reason: string } {
  const result = d.check(value);
  if (result.ok) {
    return { ok: true, value: result.value as T };
  }
  const issues = result.issues;
  if (issues.some((i) => i.instancePath === '' && i.keyword === 'type')) {
    return { ok: false, reason: `${d.what} must be an object` };
  }
  const unknown = issues
    .filter((i) => i.keyword === 'additionalProperties')
    .map((i) => String(i.params.additionalProperty));
  if (unknown.length > 0) {
    return { ok: false, reason: `${d.unknown} [${unknown.join(', ')}]; known: [${d.order.join(', ')}]` };
  }
  const fields = new Set(
    issues.map((i) =>
      i.keyword === 'required' ? String(i.params.missingProperty) : (i.instancePath.split('/')[1] ?? ''),
    ),
  );
  const first = d.order.find((name) => fields.has(name));
  return {
    ok: false,
    reason: first ? (d.messages[first] ?? `${first} is not valid`) : `${d.what} is not valid`,
  };
}

function parseBody<T>(
  d: Described<T>,
  text: string | undefined,
): { ok: true; value: T } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text?.trim() ? text : '{}');
  } catch (e) {
    return { ok: false, reason: `${d.notJson}: ${(e as Error).message}` };
  }
  return validate(d, value);
}

/** Checks a load body (schema, then what the schema cannot say): the body, or the reason for the 400. */
export function checkLoad(value: unknown): { ok: true; value: LoadBody } | { ok: false; reason: string } {
  const parsed = validate(LOAD, value);
  if (!parsed.ok) {
    return parsed;
  }
  const problem = loadProblem(parsed.value);
  return problem === undefined ? parsed : { ok: false, reason: problem };
}

function describeSeedError(e: unknown): string {
  return e instanceof SeedError ? e.message : `invalid seed: ${(e as Error).message}`;
}

const ok = (body: unknown): Answer => ({ status: 200, body });

type ControlHandler = (target: ControlTarget, request: MockRequest) => Answer;

/** The control routes, by `METHOD path`. */
export const CONTROL_ROUTES: Readonly<Record<string, ControlHandler>> = {
  'POST /_mock/reset': (target, request) => {
    const text = request.body?.trim() ?? '';
    try {
      target.reset(text === '' ? undefined : JSON.parse(text));
    } catch (e) {
      return mockError(400, describeSeedError(e));
    }
    return ok({ acknowledged: true });
  },
  'GET /_mock/state': (target) => ok(target.state()),
  'GET /_mock/faults': (target) => ok({ faults: target.faults.list(), refused: [...target.faults.refused] }),
  'DELETE /_mock/faults': (target) => {
    target.faults.clear();
    return ok({ acknowledged: true });
  },
  'POST /_mock/faults': (target, request) => {
    const parsed = parseBody(FAULT, request.body);
    if (!parsed.ok) {
      return mockError(400, parsed.reason);
    }
    const fault = parsed.value;
    if (fault.fail_node !== undefined) {
      if (!target.failNode(fault.fail_node, fault.reason ?? DEFAULT_FAILURE_REASON)) {
        return mockError(400, `unknown node [${fault.fail_node}]`);
      }
      return ok({ acknowledged: true, failed_node: fault.fail_node });
    }
    if (fault.refuse_connections) {
      if (fault.node === undefined) {
        return mockError(400, 'refuse_connections needs the node that refuses');
      }
    } else if (
      fault.status === undefined &&
      fault.latency_ms === undefined &&
      fault.drop_connection !== true &&
      fault.reset !== true
    ) {
      return mockError(400, 'a fault needs status, latency_ms, drop_connection, reset or refuse_connections');
    }
    target.faults.add(fault);
    return ok({ acknowledged: true, faults: target.faults.list() });
  },
  'PUT /_mock/settings': (target, request) => {
    const parsed = parseBody(SETTINGS, request.body);
    if (!parsed.ok) {
      return mockError(400, parsed.reason);
    }
    const zero = parsed.value.scale_to_zero_time;
    const problem =
      zero === undefined ? undefined : scaleToZeroSettingProblem(target.state().cluster.version, zero);
    if (problem !== undefined) {
      return mockError(400, problem);
    }
    return ok({ acknowledged: true, cluster: target.configure(parsed.value) });
  },
  'POST /_mock/advance': (target, request) => {
    if (!request.body?.trim()) {
      return mockError(400, 'advance needs a body: {"ms": <milliseconds>}');
    }
    const parsed = parseBody(ADVANCE, request.body);
    if (!parsed.ok) {
      return mockError(400, parsed.reason);
    }
    target.advance(parsed.value.ms);
    return ok({ acknowledged: true, now: new Date(target.now()).toISOString() });
  },
  'POST /_mock/load': (target, request) => {
    if (!request.body?.trim()) {
      return mockError(
        400,
        'load needs a body: {"deployment_id", "rate", "inference_time_ms"} or a schedule',
      );
    }
    const parsed = parseBody(LOAD, request.body);
    if (!parsed.ok) {
      return mockError(400, parsed.reason);
    }
    const checked = checkLoad(parsed.value);
    if (!checked.ok) {
      return mockError(400, checked.reason);
    }
    const outcome = target.applyLoad(checked.value);
    if (!outcome.ok) {
      return mockError(404, outcome.reason);
    }
    return ok({ acknowledged: true, load: outcome.value });
  },
  'GET /_mock/load': (target) => ok(target.loads()),
  'DELETE /_mock/load': (target) => {
    target.clearLoads();
    return ok({ acknowledged: true });
  },
  'GET /_mock/requests': (target, request) => {
    const parsed = validate(REQUESTS, Object.fromEntries(new URLSearchParams(request.query)));
    if (!parsed.ok) {
      return mockError(400, parsed.reason);
    }
    const q = parsed.value;
    const filter: JournalFilter = {};
    if (q.path !== undefined) {
      filter.path = q.path;
    }
    if (q.method !== undefined) {
      filter.method = q.method;
    }
    if (q.status !== undefined) {
      filter.status = Number(q.status);
    }
    if (q.kind !== undefined) {
      filter.kind = q.kind;
    }
    if (q.node !== undefined) {
      filter.node = q.node;
    }
    return ok({ requests: target.requests(filter) });
  },
  'DELETE /_mock/requests': (target) => {
    target.clearRequests();
    return ok({ acknowledged: true });
  },
};

/** Answers a control request (404 with the mock's envelope for an unknown one). */
export function handleControl(target: ControlTarget, request: MockRequest): Answer {
  const route = CONTROL_ROUTES[`${request.method} ${request.path.replace(/\/+$/, '')}`];
  if (!route) {
    return mockError(404, `no control endpoint [${request.method} ${request.url}]`);
  }
  return route(target, request);
}
