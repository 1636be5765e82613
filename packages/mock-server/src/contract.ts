// What the validating proxy judges: core's verdict on a request (the same checks the mock's
// handlers run) and whether an upstream's answer agrees with it. Nothing here restates a rule:
// the request checks, messages and response schemas are core's. See docs/contract-testing.md
// ("The validating proxy").
import {
  type DeploymentSnapshot,
  type EndpointKey,
  type EsError,
  errors,
  matchEndpoint,
  methodsOf,
  methodsOfTemplate,
  planUpdate,
  type StartRequest,
  type UpdateRequest,
} from '@mldeploy/core/rules';
import { formatIssues, RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import { HANDLERS } from './handlers.js';
import type { MockRequest } from './http.js';

/** An answer reduced to what the contract compares: status, and the error's type and reason. */
export interface ContractVerdict {
  status: number;
  /** `error.type`; absent for a string error or a success. */
  type?: string;
  /** `error.reason`, or the whole `error` when it is a string (405). */
  reason?: string;
}

/**
 * One disagreement between core and the upstream:
 * - `accepted_but_core_rejects`: core rejects the request, the upstream answered 2xx;
 * - `rejected_but_core_accepts`: core accepts the request, the upstream refused its shape (400, 405, ...);
 * - `error_differs`: both reject it, with another status, error type or reason;
 * - `response_schema`: a 2xx answer that fails core's response schema for the endpoint.
 *
 * For the first three, `expected` and `actual` are {@link ContractVerdict}s; for `response_schema`,
 * `expected` is the rule the answer broke (`/path: message`) and `actual` what stood there.
 */
export interface ContractViolation {
  kind: 'accepted_but_core_rejects' | 'rejected_but_core_accepts' | 'error_differs' | 'response_schema';
  expected: ContractVerdict | string;
  actual: ContractVerdict | string;
}

/** What core says about a request before any state is read. */
export type CoreVerdict =
  /** Not one of core's endpoints: the proxy forwards it and judges nothing. */
  | { kind: 'unknown' }
  | {
      kind: 'accepted';
      key: EndpointKey;
      params: Record<string, string>;
      /** The request as core parsed it (`_update` and `_start`), for the state-dependent rules. */
      update?: UpdateRequest;
      start?: StartRequest;
    }
  | { kind: 'rejected'; key: EndpointKey; params: Record<string, string>; error: EsError };

/**
 * Core's verdict on a request: the route (405 for a method the endpoint does not take), then the
 * endpoint's own `check`, the very function the mock's pipeline runs (handlers.ts). A path no
 * endpoint of core's table has is `unknown`: forwarded, and judged on nothing.
 */
export function coreVerdict(request: MockRequest): CoreVerdict {
  const match = matchEndpoint(request.path, request.method);
  if (match === undefined) {
    return { kind: 'unknown' };
  }
  const { key, params } = match;
  if (!methodsOf(match.endpoint).includes(request.method)) {
    const allowed = methodsOfTemplate(match.template);
    return {
      kind: 'rejected',
      key,
      params,
      error: errors.methodNotAllowed(request.url, request.method, allowed),
    };
  }
  const body = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
  const check = HANDLERS[key].check({ method: request.method, params, query: request.query, body });
  if (!check.ok) {
    return { kind: 'rejected', key, params, error: check.error };
  }
  if (key === 'update') {
    return { kind: 'accepted', key, params, update: check.value as UpdateRequest };
  }
  if (key === 'start') {
    return { kind: 'accepted', key, params, start: check.value as StartRequest };
  }
  return { kind: 'accepted', key, params };
}

/** Stored adaptive settings the state-dependent `_update` rules are tried against. */
const STORED_ADAPTIVE: ReadonlyArray<DeploymentSnapshot['adaptive_allocations']> = [
  null,
  ...[true, false].flatMap((enabled) =>
    [undefined, 0, 1, 2, 1024].flatMap((min) =>
      [undefined, 1, 2, 1024].map((max) => ({
        enabled,
        ...(min !== undefined ? { min_number_of_allocations: min } : {}),
        ...(max !== undefined ? { max_number_of_allocations: max } : {}),
      })),
    ),
  ),
];

/**
 * The 4xx answers core gives to an accepted request in some state of the cluster: for `_update`,
 * planUpdate's errors over a grid of deployment states (adaptive settings, priority, allocations);
 * for `_start`, a deployment id taken by another deployment or model. An upstream answering one of
 * these is not flagged: only its state could tell.
 */
export function stateDependentErrors(verdict: Extract<CoreVerdict, { kind: 'accepted' }>): ContractVerdict[] {
  const out: ContractVerdict[] = [];
  if (verdict.update !== undefined) {
    for (const adaptive_allocations of STORED_ADAPTIVE) {
      for (const priority of ['normal', 'low'] as const) {
        for (const number_of_allocations of [1, 2]) {
          const plan = planUpdate(
            { number_of_allocations, adaptive_allocations, assignment_state: 'started', priority },
            verdict.update,
          );
          if (plan.kind === 'error') {
            out.push(expectedOf(plan.error));
          }
        }
      }
    }
  }
  if (verdict.start !== undefined) {
    const id = verdict.start.deployment_id;
    out.push(expectedOf(errors.deploymentIdExists(id)), expectedOf(errors.deploymentIdIsOtherModel(id)));
  }
  return out;
}

/**
 * Statuses the proxy never flags, because core cannot decide them without the upstream's state or
 * configuration: 401 (credentials, checked before the request is parsed), 404, 408, 409 and 429
 * (deployments, models and capacity), 406 and 413 (media type and size limits of the HTTP layer),
 * and 5xx (the cluster's or a proxy's trouble). A 403 is judged only when core rejects the request:
 * Elasticsearch validates a request before it authorizes it, so a 403 then disagrees.
 */
export function isUnjudged(status: number, verdict: CoreVerdict): boolean {
  return (
    status === 401 ||
    status === 404 ||
    status === 406 ||
    status === 408 ||
    status === 409 ||
    status === 413 ||
    status === 429 ||
    status >= 500 ||
    (status === 403 && verdict.kind === 'accepted') ||
    status < 200
  );
}

/** The verdict of an error (or success) body as the wire carries it. */
export function verdictOf(status: number, json: unknown): ContractVerdict {
  const verdict: ContractVerdict = { status };
  const error = (json as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') {
    verdict.reason = error;
  } else if (typeof error === 'object' && error !== null) {
    const { type, reason } = error as { type?: unknown; reason?: unknown };
    if (typeof type === 'string') {
      verdict.type = type;
    }
    if (typeof reason === 'string') {
      verdict.reason = reason;
    }
  }
  return verdict;
}

function expectedOf(error: EsError): ContractVerdict {
  return verdictOf(error.status, error.body);
}

/** What the upstream answered, as the proxy read it. */
export interface UpstreamAnswer {
  status: number;
  /** The body parsed as JSON; undefined when there was none or it was not JSON. */
  json: unknown;
  /** Whether the body was JSON that parsed (false for an empty body, HEAD, or another format). */
  isJson: boolean;
  /** A body in another format the client asked for (YAML, CBOR, Smile): not judged. */
  otherFormat?: boolean;
}

/** The most schema problems reported for one answer. */
const MAX_SCHEMA_VIOLATIONS = 10;

/**
 * Judges an upstream's answer against core's verdict on the request. `filter_path` in the query
 * trims answers, so then only statuses are compared.
 */
export function judge(
  request: MockRequest,
  verdict: CoreVerdict,
  answer: UpstreamAnswer,
): ContractViolation[] {
  if (verdict.kind === 'unknown' || isUnjudged(answer.status, verdict)) {
    return [];
  }
  const filtered = request.query !== '' && new URLSearchParams(request.query).has('filter_path');
  const actual = filtered ? { status: answer.status } : verdictOf(answer.status, answer.json);
  const ok = answer.status >= 200 && answer.status < 300;
  if (verdict.kind === 'rejected') {
    const expected = expectedOf(verdict.error);
    if (ok) {
      return [{ kind: 'accepted_but_core_rejects', expected, actual }];
    }
    const differs =
      expected.status !== actual.status ||
      (!filtered && (expected.type !== actual.type || expected.reason !== actual.reason));
    return differs ? [{ kind: 'error_differs', expected, actual }] : [];
  }
  if (!ok) {
    if (answer.status < 400 || actual.type === 'media_type_header_exception') {
      // A compatible-with version is judged against the upstream's major version, not core's rules.
      return [];
    }
    const possible = stateDependentErrors(verdict).some(
      (e) =>
        e.status === actual.status && (filtered || (e.type === actual.type && e.reason === actual.reason)),
    );
    return possible ? [] : [{ kind: 'rejected_but_core_accepts', expected: { status: 200 }, actual }];
  }
  if (filtered || request.method === 'HEAD') {
    return [];
  }
  if (answer.otherFormat) {
    return [];
  }
  if (!answer.isJson) {
    return [{ kind: 'response_schema', expected: '/: a JSON body', actual: 'a body that is not JSON' }];
  }
  const result = RESPONSE_VALIDATORS[verdict.key](answer.json);
  if (result.ok) {
    return [];
  }
  return result.issues.slice(0, MAX_SCHEMA_VIOLATIONS).map((issue) => ({
    kind: 'response_schema' as const,
    expected: formatIssues([issue]),
    actual: excerpt(valueAt(answer.json, issue.instancePath)),
  }));
}

/** The value at a JSON pointer (AJV's `instancePath`). */
function valueAt(json: unknown, pointer: string): unknown {
  let value = json;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function excerpt(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** One line for the log: `contract violation: METHOD /path: kind: expected …, got …`. */
export function violationLine(request: MockRequest, violation: ContractViolation): string {
  const show = (v: ContractVerdict | string) => (typeof v === 'string' ? v : JSON.stringify(v));
  return `contract violation: ${request.method} ${request.path}: ${violation.kind}: expected ${show(violation.expected)}, got ${show(violation.actual)}`;
}
