// The case runner: replays contract cases against any server over HTTP and compares its answers
// with the cases' expectations. Plain `fetch`, no vitest and no Node-only module, so it runs in any
// script, in the CLI's `mldeploy verify`, or in a browser. The format it reads is docs/verify.md's.
import {
  type ContractCase,
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  EXAMPLE_DEPLOYMENT_ID,
} from './contract-case.js';
import { updateDeploymentPath } from './update-deployment-cases.js';

/**
 * `safe`: answered before any state change whatever the cluster holds, so the runner sends it to a
 * deployment id that cannot exist. `stateful`: needs a real deployment in the case's `before` state.
 */
export type CaseKind = 'safe' | 'stateful';

/**
 * Classifies a case from its data: stateless cases (decided by the request alone), cases about a
 * missing deployment (`before: 'missing'`), and 405s (rejected by routing, before any handler) are
 * safe; everything else needs a deployment.
 */
export function classifyCase(c: ContractCase): CaseKind {
  return c.stateless || c.before === 'missing' || c.want.status === 405 ? 'safe' : 'stateful';
}

/** A fresh deployment id no cluster has: `mldeploy-verify-` and 12 random hex digits. */
export function generateMissingId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `mldeploy-verify-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** What a case expects (or what the server answered), in the fields the case specifies. */
export interface Observation {
  status: number;
  type?: string;
  reason?: string;
  causedBy?: string;
  causedByReason?: string;
  rootCause?: string;
  warning?: string;
  after?: {
    number_of_allocations?: number;
    adaptive_allocations?: DeploymentFixture['adaptive_allocations'];
  };
}

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  kind: CaseKind;
  /** True when every specified field matched; false when failed or skipped. */
  passed: boolean;
  /** Set when the case was not run, with the reason. */
  skipped?: string;
  /** The request as sent (path with query). */
  request: { method: string; path: string; body?: string };
  expected: Observation;
  /** What the server answered, in the same fields; absent when skipped or unanswered. */
  actual?: Observation;
  /** One line per field that differed (or why the case could not run). */
  mismatches: string[];
}

/** The deployment given to {@link runCases} cannot be read (missing, not allowed, …); nothing was changed. */
export class DeploymentUnavailableError extends Error {
  override readonly name = 'DeploymentUnavailableError';
  constructor(
    message: string,
    /** The HTTP status of the answer. */
    readonly status: number,
    /** The answer's `error.type`, when it had one. */
    readonly type?: string,
    /** The answer's `error.reason` (or string error), when it had one. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** What {@link runCases} did to the deployment it was given, at the end. */
export interface RestoreReport {
  deploymentId: string;
  /** Allocations and adaptive settings as they were before the run. */
  original: {
    number_of_allocations: number;
    adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  };
  /** As they are after restoring. */
  restored?: {
    number_of_allocations: number;
    adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  };
  ok: boolean;
  error?: string;
}

/** Options of {@link runCases}. */
export interface RunCasesOptions {
  /** The server, e.g. `https://my-cluster:9200` (no trailing path). */
  baseUrl: string;
  /** Sent with every request (authorization, for instance). */
  headers?: Record<string, string>;
  /**
   * A deployment the caller gives up: the stateful cases run on it (brought to each case's
   * `before` with `_update` calls) and its allocations and adaptive settings are restored at the
   * end. Without it only the safe cases run.
   */
  deploymentId?: string;
  /** The id the safe cases use; default {@link generateMissingId}. */
  missingId?: string;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** The `_update` path of a deployment id; default the testkit's own. */
  updatePath?: (deploymentId: string) => string;
  /** Called after each case (progress). */
  onResult?: (result: CaseResult) => void;
  /** Called once with the given deployment's settings as they were, before anything changes them. */
  onOriginal?: (original: RestoreReport['original']) => void;
  /**
   * Stops the run between cases when aborted (requests in flight finish); the given deployment is
   * still restored. The results then cover the cases run so far.
   */
  signal?: AbortSignal;
  /** Called once after the deployment was restored (only with `deploymentId`). */
  onRestore?: (report: RestoreReport) => void;
}

interface Answer {
  status: number;
  warning: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON from the server, read defensively
  json: any;
  text: string;
}

interface AssignmentState {
  number_of_allocations: number;
  adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  assignment_state: string;
  priority: string;
}

/**
 * Runs the cases and returns one result per case run, in order: the safe cases always (against a
 * deployment id that cannot exist), the stateful ones only with `deploymentId`.
 */
export async function runCases(
  cases: readonly ContractCase[],
  options: RunCasesOptions,
): Promise<CaseResult[]> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, '');
  const pathOf = options.updatePath ?? updateDeploymentPath;
  const missingId = options.missingId ?? generateMissingId();
  const send = async (method: string, path: string, body: string | undefined): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await doFetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, warning: response.headers.get('warning'), json, text };
  };

  const results: CaseResult[] = [];
  const report = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  const deploymentId = options.deploymentId;
  const stateful = cases.filter((c) => classifyCase(c) === 'stateful');
  const updatePath = deploymentId === undefined ? undefined : pathOf(deploymentId);
  const read = async (): Promise<AssignmentState> => {
    const answer = await send('POST', updatePath as string, '{}');
    if (answer.status !== 200) {
      const error = answer.json?.error;
      throw new DeploymentUnavailableError(
        `cannot read deployment [${deploymentId}]: ${describeAnswer(answer)}`,
        answer.status,
        typeof error?.type === 'string' ? error.type : undefined,
        typeof error === 'string' ? error : typeof error?.reason === 'string' ? error.reason : undefined,
      );
    }
    return assignmentOf(answer.json);
  };
  // The given deployment is read first, so a wrong id or missing privilege stops the run before
  // anything is sent that could change it.
  const original = deploymentId !== undefined && stateful.length > 0 ? await read() : undefined;
  if (original !== undefined) {
    options.onOriginal?.({
      number_of_allocations: original.number_of_allocations,
      adaptive_allocations: original.adaptive_allocations,
    });
  }
  for (const c of cases) {
    if (options.signal?.aborted) {
      return results;
    }
    if (classifyCase(c) === 'safe') {
      report(await runOne(c, 'safe', missingId, send, pathOf));
    }
  }
  if (deploymentId === undefined || updatePath === undefined || original === undefined) {
    return results;
  }
  try {
    for (const c of stateful) {
      if (options.signal?.aborted) {
        break;
      }
      if (c.want.status === 429) {
        // "Not enough resources" depends on the cluster's size and autoscaling, not on the rules:
        // a cluster that can scale would accept the request and grow.
        report(
          skippedResult(c, deploymentId, pathOf, {
            skip: "the answer depends on the cluster's free capacity and autoscaling",
          }),
        );
        continue;
      }
      const fixture = c.before === undefined || c.before === 'missing' ? DEFAULT_FIXTURE : c.before;
      const unreachable = await reachBefore(fixture, deploymentId, updatePath, send, read);
      if (unreachable !== undefined) {
        report(skippedResult(c, deploymentId, pathOf, unreachable));
        continue;
      }
      report(await runOne(c, 'stateful', deploymentId, send, pathOf));
    }
  } finally {
    options.onRestore?.(await restore(original, deploymentId, updatePath, send, read));
  }
  return results;
}

type Send = (method: string, path: string, body: string | undefined) => Promise<Answer>;

/** Replaces the case's own deployment id, as a whole word, with the target id. */
function retarget(text: string | undefined, from: string, to: string): string | undefined {
  if (text === undefined || from === to) {
    return text;
  }
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w.-])`, 'g'), to);
}

function expectedOf(c: ContractCase, from: string, to: string): Observation {
  const w = c.want;
  const expected: Observation = { status: w.status };
  const fields = ['type', 'reason', 'causedBy', 'causedByReason', 'rootCause', 'warning'] as const;
  for (const field of fields) {
    const value = retarget(w[field], from, to);
    if (value !== undefined) {
      expected[field] = value;
    }
  }
  if (w.after !== undefined) {
    expected.after = { ...w.after };
  }
  return expected;
}

function requestOf(c: ContractCase, from: string, to: string, pathOf: (id: string) => string) {
  const query = retarget(c.given.query, from, to);
  const body = retarget(c.given.body, from, to);
  return {
    method: c.given.method ?? 'POST',
    path: `${pathOf(to)}${query !== undefined ? `?${query}` : ''}`,
    ...(body !== undefined ? { body } : {}),
  };
}

async function runOne(
  c: ContractCase,
  kind: CaseKind,
  target: string,
  send: Send,
  pathOf: (id: string) => string,
): Promise<CaseResult> {
  const from = c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID;
  const request = requestOf(c, from, target, pathOf);
  const expected = expectedOf(c, from, target);
  const answer = await send(request.method, request.path, request.body);
  const actual = observe(answer, expected);
  const mismatches = compare(expected, actual);
  return { name: c.name, kind, passed: mismatches.length === 0, request, expected, actual, mismatches };
}

function skippedResult(
  c: ContractCase,
  target: string,
  pathOf: (id: string) => string,
  why: { skip: string } | { fail: string; actual?: Observation },
): CaseResult {
  const from = c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID;
  const base = {
    name: c.name,
    kind: 'stateful' as const,
    passed: false,
    request: requestOf(c, from, target, pathOf),
    expected: expectedOf(c, from, target),
  };
  if ('skip' in why) {
    return { ...base, skipped: why.skip, mismatches: [] };
  }
  return { ...base, ...(why.actual ? { actual: why.actual } : {}), mismatches: [why.fail] };
}

/** The answer in the fields the expectation names (status always). */
function observe(answer: Answer, expected: Observation): Observation {
  const actual: Observation = { status: answer.status };
  const json = answer.json;
  if (expected.warning !== undefined && answer.warning !== null) {
    actual.warning = answer.warning;
  }
  if (answer.status === 200 || expected.after !== undefined) {
    const assignment = json?.assignment;
    if (expected.after !== undefined && assignment !== undefined) {
      const after: NonNullable<Observation['after']> = {};
      if ('number_of_allocations' in expected.after) {
        after.number_of_allocations = assignment?.task_parameters?.number_of_allocations;
      }
      if ('adaptive_allocations' in expected.after) {
        after.adaptive_allocations = assignment?.adaptive_allocations ?? null;
      }
      actual.after = after;
    }
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

function compare(expected: Observation, actual: Observation): string[] {
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
    for (const key of ['number_of_allocations', 'adaptive_allocations'] as const) {
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
  return out;
}

/** Deep equality of JSON values, key order ignored. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return (
    ka.length === kb.length &&
    ka.every(
      (k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the `_update` answer, read defensively
function assignmentOf(json: any): AssignmentState {
  const a = json?.assignment ?? {};
  return {
    number_of_allocations: a.task_parameters?.number_of_allocations,
    adaptive_allocations: a.adaptive_allocations ?? null,
    assignment_state: a.assignment_state,
    priority: a.task_parameters?.priority ?? 'normal',
  };
}

function describeAnswer(answer: Answer): string {
  const error = answer.json?.error;
  const reason =
    typeof error === 'string' ? error : (error?.reason ?? error?.type ?? answer.text.slice(0, 200));
  return `HTTP ${answer.status}${reason ? `: ${reason}` : ''}`;
}

/**
 * Brings the deployment to the fixture's state with `_update` calls. Returns nothing when reached,
 * `{ skip }` when the state cannot be reached on a real cluster, `{ fail }` when a call that should
 * have worked did not.
 */
async function reachBefore(
  fixture: DeploymentFixture,
  deploymentId: string,
  updatePath: string,
  send: Send,
  read: () => Promise<AssignmentState>,
): Promise<{ skip: string } | { fail: string; actual?: Observation } | undefined> {
  if (fixture.assignment_state !== 'started') {
    return {
      skip: `needs a deployment in [${fixture.assignment_state}] state, which _update cannot bring about`,
    };
  }
  if (fixture.owned_by_inference_endpoint) {
    return { skip: 'needs a deployment created by an inference endpoint' };
  }
  const current = await read();
  if (current.assignment_state !== 'started') {
    return { skip: `deployment [${deploymentId}] is [${current.assignment_state}], not [started]` };
  }
  const priority = fixture.priority ?? 'normal';
  if (current.priority !== priority) {
    return {
      skip: `needs a [${priority}] priority deployment; [${deploymentId}] is [${current.priority}] (fixed at start)`,
    };
  }
  const wanted = {
    number_of_allocations: fixture.number_of_allocations,
    adaptive_allocations: fixture.adaptive_allocations,
  };
  const reached = await setAllocations(wanted, updatePath, send, current);
  if ('fail' in reached) {
    return reached;
  }
  if (!sameJson(reached.state, wanted)) {
    return {
      fail: `could not bring the deployment to the case's before state ${JSON.stringify(wanted)}: it is ${JSON.stringify(reached.state)}`,
    };
  }
  return undefined;
}

/** Sets allocations and adaptive settings: the number with adaptive removed, then the settings. */
async function setAllocations(
  wanted: RestoreReport['original'],
  updatePath: string,
  send: Send,
  current: AssignmentState,
): Promise<{ state: RestoreReport['original'] } | { fail: string; actual?: Observation }> {
  let state = {
    number_of_allocations: current.number_of_allocations,
    adaptive_allocations: current.adaptive_allocations,
  };
  if (sameJson(state, wanted)) {
    return { state };
  }
  const steps = [
    JSON.stringify({ number_of_allocations: wanted.number_of_allocations, adaptive_allocations: null }),
    ...(wanted.adaptive_allocations !== null
      ? [JSON.stringify({ adaptive_allocations: wanted.adaptive_allocations })]
      : []),
  ];
  for (const body of steps) {
    const answer = await send('POST', updatePath, body);
    if (answer.status !== 200) {
      return { fail: `setting up the before state with ${body} failed: ${describeAnswer(answer)}` };
    }
    const next = assignmentOf(answer.json);
    state = {
      number_of_allocations: next.number_of_allocations,
      adaptive_allocations: next.adaptive_allocations,
    };
  }
  return { state };
}

async function restore(
  original: AssignmentState,
  deploymentId: string,
  updatePath: string,
  send: Send,
  read: () => Promise<AssignmentState>,
): Promise<RestoreReport> {
  const wanted = {
    number_of_allocations: original.number_of_allocations,
    adaptive_allocations: original.adaptive_allocations,
  };
  const report: RestoreReport = { deploymentId, original: wanted, ok: false };
  try {
    const reached = await setAllocations(wanted, updatePath, send, await read());
    if ('fail' in reached) {
      report.error = reached.fail;
      return report;
    }
    report.restored = reached.state;
    report.ok = sameJson(reached.state, wanted);
    if (!report.ok) {
      report.error = `restored state ${JSON.stringify(reached.state)} differs from ${JSON.stringify(wanted)}`;
    }
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
  }
  return report;
}
