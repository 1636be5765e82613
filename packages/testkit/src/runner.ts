// The case runner: replays contract cases against any server over HTTP and compares its answers
// with the cases' expectations. Plain `fetch`, no vitest and no Node-only module, so it runs in any
// script, in the CLI's `mldeploy verify`, or in a browser. The format it reads is docs/verify.md's.
import {
  type ContractCase,
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  EXAMPLE_DEPLOYMENT_ID,
} from './contract-case.js';
import {
  CASE_ENDPOINT_EFFECTS,
  CASE_ENDPOINT_NAMES,
  CASE_ENDPOINTS,
  type CaseEndpoint,
  casePath,
  replayRefusal,
} from './endpoints.js';

/**
 * `safe`: changes nothing whatever the cluster holds: answered before any state change (sent to a
 * deployment id that cannot exist), or a read that names no particular deployment. `stateful`:
 * needs a real deployment, in the case's `before` state.
 */
export type CaseKind = 'safe' | 'stateful';

/** The endpoints that only read (the table's `effect`). */
const READS: ReadonlySet<CaseEndpoint> = new Set(
  CASE_ENDPOINT_NAMES.filter((name) => CASE_ENDPOINT_EFFECTS[name].effect === 'read'),
);
/** The endpoints whose `{model_id}` defaults to the example id (their every template needs one). */
const NEEDS_ID: ReadonlySet<CaseEndpoint> = new Set(
  CASE_ENDPOINT_NAMES.filter((name) =>
    CASE_ENDPOINTS[name].paths.every((template: string) => template.includes('{model_id}')),
  ),
);

function endpointOf(c: ContractCase): CaseEndpoint {
  return c.endpoint ?? 'update';
}

/** An id expression rather than one id: `_all`, a wildcard or a comma list. */
function isPattern(id: string): boolean {
  return id === '_all' || /[*,]/.test(id);
}

/** A read that names no particular deployment: cluster info, stats or models of all or of a pattern. */
function isOpenRead(c: ContractCase): boolean {
  const id = c.given.modelId;
  return READS.has(endpointOf(c)) && (id === undefined || isPattern(id));
}

/**
 * Classifies a case from its data: stateless cases (decided by the request alone), cases about a
 * missing deployment (`before: 'missing'`), 405s (rejected by routing, before any handler) and
 * reads that name no particular deployment are safe; everything else needs a deployment.
 */
export function classifyCase(c: ContractCase): CaseKind {
  return c.stateless || c.before === 'missing' || c.want.status === 405 || isOpenRead(c)
    ? 'safe'
    : 'stateful';
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
    /** As `_stats` shows the deployment after the answer; `stopped` when it is gone. */
    assignment_state?: string;
  };
  /**
   * For a 2xx, when the runner has response schemas ({@link RunCasesOptions.validateResponse}):
   * `valid` expected; what the body broke (`/path: message`), or `valid`, actual.
   */
  schema?: string;
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

/** What a deployment was started with, as its assignment's `task_parameters` say. */
export interface DeploymentStartSettings {
  model_id: string;
  threads_per_allocation?: number;
  priority: string;
  queue_capacity?: number;
  cache_size?: string;
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
  /**
   * Set when the deployment had to be started again at the end (a case stopped it, or started it
   * with other settings): the settings it was started with, its original ones.
   */
  startedAgain?: DeploymentStartSettings;
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
   * `before` with `_update`, `_stop` and `_start` calls) and, at the end, it is started again with
   * its original settings if a case stopped it, and its allocations and adaptive settings are
   * restored. Without it only the safe cases run.
   */
  deploymentId?: string;
  /** The id the safe cases use; default {@link generateMissingId}. */
  missingId?: string;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /**
   * The path of an endpoint for its path parameters (decoded); default the testkit's own
   * templates ({@link casePath}). `mldeploy verify` passes core's `pathFor`.
   */
  pathFor?: (endpoint: CaseEndpoint, params: Record<string, string>) => string;
  /** The `_update` path of a deployment id; when given, it wins over `pathFor` for `update`. */
  updatePath?: (deploymentId: string) => string;
  /**
   * Checks a 2xx body against the endpoint's response schema: undefined when it is valid, else
   * what it broke (`/path: message`). Without it bodies are not checked (the testkit has no
   * schemas); `mldeploy verify` passes core's validators.
   */
  validateResponse?: (endpoint: CaseEndpoint, body: unknown) => string | undefined;
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
  start: DeploymentStartSettings;
}

type Send = (method: string, path: string, body: string | undefined) => Promise<Answer>;
type PathOf = (endpoint: CaseEndpoint, params: Record<string, string>) => string;

/** The ids a case is sent to: a deployment and its model (both the missing id for safe cases). */
interface Target {
  deploymentId: string;
  modelId: string;
}

/** What the runner needs while it runs one case. */
interface Context {
  send: Send;
  pathOf: PathOf;
  validate: RunCasesOptions['validateResponse'];
}

type Outcome = { skip: string } | { fail: string; actual?: Observation } | undefined;

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
  const pathFor = options.pathFor ?? casePath;
  const updatePath = options.updatePath;
  const pathOf: PathOf = (endpoint, params) =>
    endpoint === 'update' && updatePath !== undefined
      ? updatePath(params.model_id as string)
      : pathFor(endpoint, params);
  const missingId = options.missingId ?? generateMissingId();
  const send: Send = async (method, path, body) => {
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
  const ctx: Context = { send, pathOf, validate: options.validateResponse };

  const results: CaseResult[] = [];
  const report = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  const deploymentId = options.deploymentId;
  const stateful = cases.filter((c) => classifyCase(c) === 'stateful');
  const deployment = deploymentId === undefined ? undefined : new Deployment(deploymentId, ctx);
  // The given deployment is read first, so a wrong id or missing privilege stops the run before
  // anything is sent that could change it.
  const original = deployment !== undefined && stateful.length > 0 ? await deployment.read() : undefined;
  if (original !== undefined) {
    options.onOriginal?.({
      number_of_allocations: original.number_of_allocations,
      adaptive_allocations: original.adaptive_allocations,
    });
  }
  const missing: Target = { deploymentId: missingId, modelId: missingId };
  for (const c of cases) {
    if (options.signal?.aborted) {
      return results;
    }
    if (classifyCase(c) === 'safe') {
      report(await runOne(c, 'safe', missing, ctx));
    }
  }
  if (deployment === undefined || original === undefined) {
    return results;
  }
  const target: Target = { deploymentId: deployment.id, modelId: original.start.model_id };
  try {
    for (const c of stateful) {
      if (options.signal?.aborted) {
        break;
      }
      const skip = skipReason(c);
      if (skip !== undefined) {
        // Never sent: shown with the ids it was recorded with where they name no deployment.
        const own = c.given.params?.inference_id;
        const shown =
          endpointOf(c) === 'inferenceUpdate' && own !== undefined
            ? { deploymentId: own, modelId: own }
            : target;
        report(skippedResult(c, shown, ctx, skip));
        continue;
      }
      const unreachable = await deployment.reach(c, original);
      if (unreachable !== undefined) {
        report(skippedResult(c, target, ctx, unreachable));
        continue;
      }
      report(await runOne(c, 'stateful', target, ctx));
    }
  } finally {
    options.onRestore?.(await deployment.restore(original));
  }
  return results;
}

/** Stateful cases no deployment given up for the run can reproduce, with the reason. */
function skipReason(c: ContractCase): { skip: string } | undefined {
  if (c.want.status === 429) {
    // "Not enough resources" depends on the cluster's size and autoscaling, not on the rules:
    // a cluster that can scale would accept the request and grow.
    return { skip: "the answer depends on the cluster's free capacity and autoscaling" };
  }
  if (c.want.status === 408) {
    return { skip: 'the answer depends on how long the cluster takes to start the deployment' };
  }
  if (c.want.code === 'DEPLOYMENT_IN_USE') {
    return { skip: 'needs a deployment that ingest pipelines use' };
  }
  // Deny by default: only an endpoint the table marks as replayable touches the given deployment.
  const refusal = replayRefusal(endpointOf(c));
  if (refusal !== undefined) {
    return { skip: `${refusal}; verify changes nothing but the deployment given with --deployment` };
  }
  return undefined;
}

/** Replaces each `from` id, as a whole word, with its `to` (all at once, so no id is replaced twice). */
function retarget(
  text: string | undefined,
  pairs: ReadonlyArray<readonly [string, string]>,
): string | undefined {
  const moved = pairs.filter(([from, to]) => from !== to && from !== '');
  if (text === undefined || moved.length === 0) {
    return text;
  }
  const map = new Map(moved);
  const alternatives = [...map.keys()]
    .sort((a, b) => b.length - a.length)
    .map((from) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(
    new RegExp(`(?<![\\w.-])(?:${alternatives.join('|')})(?![\\w.-])`, 'g'),
    (id) => map.get(id) as string,
  );
}

/** The deployment ids a `_start` names in its query and its body (none: its model id is the deployment's). */
function startDeploymentIds(query: string | undefined, body: string | undefined): string[] {
  const ids = query === undefined ? [] : new URLSearchParams(query).getAll('deployment_id');
  if (body !== undefined) {
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed?.deployment_id === 'string') {
        ids.push(parsed.deployment_id);
      }
    } catch {
      // not JSON: the server rejects it before it starts anything
    }
  }
  return ids;
}

/** A body the answer trims or writes in another format than JSON: not checked against a schema. */
function trimmedOrOtherFormat(query: string | undefined): boolean {
  if (query === undefined) {
    return false;
  }
  const params = new URLSearchParams(query);
  const format = params.get('format');
  return params.has('filter_path') || (format !== null && format !== 'json');
}

interface Prepared {
  request: CaseResult['request'];
  expected: Observation;
  /** For a `_start`: the deployments it could create (the ids it names, or its model id). */
  creates?: string[];
}

/** The case's request retargeted to the ids it is sent to, and what it expects, retargeted alike. */
function prepare(c: ContractCase, target: Target, ctx: Context): Prepared {
  const endpoint = endpointOf(c);
  const caseModel = c.given.modelId ?? (NEEDS_ID.has(endpoint) ? EXAMPLE_DEPLOYMENT_ID : undefined);
  const given = c.given.params ?? {};
  const pairs: Array<readonly [string, string]> = [];
  const params: Record<string, string> = { ...given };
  let creates: string[] | undefined;
  let addDeploymentId = false;
  if (c.given.keepIds === true && c.stateless) {
    // Refused for its ids themselves, which no cluster can hold: sent as written.
    if (caseModel !== undefined) {
      params.model_id = caseModel;
    }
  } else if (endpoint === 'inferenceUpdate') {
    if (given.inference_id !== undefined) {
      pairs.push([given.inference_id, target.deploymentId]);
      params.inference_id = target.deploymentId;
    }
  } else if (caseModel !== undefined && READS.has(endpoint) && isPattern(caseModel)) {
    params.model_id = caseModel; // a pattern is read as it was recorded
  } else if (caseModel !== undefined && endpoint === 'models') {
    pairs.push([caseModel, target.modelId]);
    params.model_id = target.modelId;
  } else if (caseModel !== undefined && endpoint === 'start') {
    const caseDeployment = startDeploymentIds(c.given.query, c.given.body)[0] ?? caseModel;
    if (caseDeployment === caseModel) {
      pairs.push([caseModel, target.deploymentId]);
      addDeploymentId = target.modelId !== target.deploymentId;
    } else {
      pairs.push([caseDeployment, target.deploymentId], [caseModel, target.modelId]);
    }
    params.model_id = target.modelId;
  } else if (caseModel !== undefined) {
    pairs.push([caseModel, target.deploymentId]);
    params.model_id = target.deploymentId;
  }
  let query = retarget(c.given.query, pairs);
  const body = retarget(c.given.body, pairs);
  if (endpoint === 'start') {
    if (addDeploymentId && startDeploymentIds(query, body).length === 0) {
      query = `${query !== undefined && query !== '' ? `${query}&` : ''}deployment_id=${encodeURIComponent(target.deploymentId)}`;
    }
    const named = startDeploymentIds(query, body);
    creates = named.length > 0 ? named : [params.model_id as string];
  }
  const request = {
    method: c.given.method ?? CASE_ENDPOINTS[endpoint].method,
    path: `${ctx.pathOf(endpoint, params)}${query !== undefined ? `?${query}` : ''}`,
    ...(body !== undefined ? { body } : {}),
  };
  const expected = expectedOf(c, pairs);
  if (
    ctx.validate !== undefined &&
    c.want.status >= 200 &&
    c.want.status < 300 &&
    !trimmedOrOtherFormat(query)
  ) {
    expected.schema = 'valid';
  }
  return { request, expected, ...(creates !== undefined ? { creates } : {}) };
}

function expectedOf(c: ContractCase, pairs: ReadonlyArray<readonly [string, string]>): Observation {
  const w = c.want;
  const expected: Observation = { status: w.status };
  const fields = ['type', 'reason', 'causedBy', 'causedByReason', 'rootCause', 'warning'] as const;
  for (const field of fields) {
    const value = retarget(w[field], pairs);
    if (value !== undefined) {
      expected[field] = value;
    }
  }
  if (w.after !== undefined) {
    expected.after = { ...w.after };
  }
  return expected;
}

async function runOne(c: ContractCase, kind: CaseKind, target: Target, ctx: Context): Promise<CaseResult> {
  const { request, expected, creates } = prepare(c, target, ctx);
  const base = { name: c.name, kind, request, expected };
  const other = kind === 'stateful' ? creates?.find((id) => id !== target.deploymentId) : undefined;
  if (other !== undefined) {
    // Never start a deployment the run was not given (a safe case's model does not exist).
    return {
      ...base,
      passed: false,
      mismatches: [`not sent: the _start could create deployment [${other}], not [${target.deploymentId}]`],
    };
  }
  const answer = await ctx.send(request.method, request.path, request.body);
  const actual = observe(answer, expected);
  if (expected.after?.assignment_state !== undefined) {
    actual.after = { ...actual.after, assignment_state: await stateAfter(target.deploymentId, ctx) };
  }
  if (expected.schema !== undefined && answer.status >= 200 && answer.status < 300) {
    actual.schema =
      answer.json === undefined
        ? 'a body that is not JSON'
        : (ctx.validate?.(endpointOf(c), answer.json) ?? 'valid');
  }
  const mismatches = compare(expected, actual, endpointOf(c));
  return { ...base, passed: mismatches.length === 0, actual, mismatches };
}

/** The deployment's state as `_stats` shows it: its assignment state, or `stopped` when it is not listed. */
async function stateAfter(deploymentId: string, ctx: Context): Promise<string> {
  const answer = await ctx.send('GET', ctx.pathOf('stats', { model_id: deploymentId }), undefined);
  if (answer.status === 404) {
    return 'stopped';
  }
  if (answer.status !== 200) {
    return `unknown (${describeAnswer(answer)})`;
  }
  for (const entry of answer.json?.trained_model_stats ?? []) {
    const d = entry?.deployment_stats;
    if (d?.deployment_id === deploymentId && typeof d.state === 'string') {
      return d.state;
    }
  }
  return 'stopped';
}

function skippedResult(
  c: ContractCase,
  target: Target,
  ctx: Context,
  why: { skip: string } | { fail: string; actual?: Observation },
): CaseResult {
  const { request, expected } = prepare(c, target, ctx);
  const base = { name: c.name, kind: 'stateful' as const, passed: false, request, expected };
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

function compare(expected: Observation, actual: Observation, endpoint: CaseEndpoint): string[] {
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
function assignmentOf(json: any, deploymentId: string): AssignmentState {
  const a = json?.assignment ?? {};
  const p = a.task_parameters ?? {};
  const start: DeploymentStartSettings = {
    model_id: typeof p.model_id === 'string' ? p.model_id : deploymentId,
    priority: p.priority ?? 'normal',
  };
  if (typeof p.threads_per_allocation === 'number') {
    start.threads_per_allocation = p.threads_per_allocation;
  }
  if (typeof p.queue_capacity === 'number') {
    start.queue_capacity = p.queue_capacity;
  }
  if (typeof p.cache_size === 'string') {
    start.cache_size = p.cache_size;
  }
  return {
    number_of_allocations: p.number_of_allocations,
    adaptive_allocations: a.adaptive_allocations ?? null,
    assignment_state: a.assignment_state,
    priority: start.priority,
    start,
  };
}

function describeAnswer(answer: Answer): string {
  const error = answer.json?.error;
  const reason =
    typeof error === 'string' ? error : (error?.reason ?? error?.type ?? answer.text.slice(0, 200));
  return `HTTP ${answer.status}${reason ? `: ${reason}` : ''}`;
}

function describeStart(s: DeploymentStartSettings): string {
  return JSON.stringify(s);
}

/** The same start settings (those both sides name). */
function sameStart(a: DeploymentStartSettings, b: DeploymentStartSettings): boolean {
  return (['model_id', 'threads_per_allocation', 'priority', 'queue_capacity', 'cache_size'] as const).every(
    (key) => a[key] === undefined || b[key] === undefined || a[key] === b[key],
  );
}

/** The deployment given up for the run: brought to each case's state, and restored at the end. */
class Deployment {
  readonly #ctx: Context;
  readonly #update: string;
  readonly #stop: string;

  constructor(
    readonly id: string,
    ctx: Context,
  ) {
    this.#ctx = ctx;
    this.#update = ctx.pathOf('update', { model_id: id });
    this.#stop = ctx.pathOf('stop', { model_id: id });
  }

  /** Reads its assignment with an empty `_update` (which changes nothing); throws when it cannot. */
  async read(): Promise<AssignmentState> {
    return this.#fromAnswer(await this.#ctx.send('POST', this.#update, '{}'));
  }

  /** Its assignment, or `stopped` when the server does not know it (404). */
  async #probe(): Promise<AssignmentState | 'stopped'> {
    const answer = await this.#ctx.send('POST', this.#update, '{}');
    return answer.status === 404 ? 'stopped' : this.#fromAnswer(answer);
  }

  #fromAnswer(answer: Answer): AssignmentState {
    if (answer.status !== 200) {
      const error = answer.json?.error;
      throw new DeploymentUnavailableError(
        `cannot read deployment [${this.id}]: ${describeAnswer(answer)}`,
        answer.status,
        typeof error?.type === 'string' ? error.type : undefined,
        typeof error === 'string' ? error : typeof error?.reason === 'string' ? error.reason : undefined,
      );
    }
    return assignmentOf(answer.json, this.id);
  }

  async #stopIt(): Promise<{ fail: string } | undefined> {
    const answer = await this.#ctx.send('POST', this.#stop, undefined);
    return answer.status === 200
      ? undefined
      : { fail: `stopping [${this.id}] failed: ${describeAnswer(answer)}` };
  }

  /** Starts it with its original settings and number of allocations, waiting until it is started. */
  async #startIt(original: AssignmentState): Promise<{ fail: string } | AssignmentState> {
    const s = original.start;
    const query = new URLSearchParams({ deployment_id: this.id });
    if (s.threads_per_allocation !== undefined) {
      query.set('threads_per_allocation', String(s.threads_per_allocation));
    }
    query.set('priority', s.priority);
    if (s.queue_capacity !== undefined) {
      query.set('queue_capacity', String(s.queue_capacity));
    }
    if (s.cache_size !== undefined) {
      query.set('cache_size', s.cache_size);
    }
    query.set('number_of_allocations', String(Math.max(1, original.number_of_allocations)));
    query.set('wait_for', 'started');
    query.set('timeout', '5m');
    const path = `${this.#ctx.pathOf('start', { model_id: s.model_id })}?${query}`;
    const answer = await this.#ctx.send('POST', path, undefined);
    if (answer.status !== 200) {
      return {
        fail: `starting [${this.id}] again with ${describeStart(s)} failed: ${describeAnswer(answer)}`,
      };
    }
    return assignmentOf(answer.json, this.id);
  }

  /**
   * Makes sure it runs with its original start settings: started again if a case stopped it, or
   * stopped and started again if a case started it with other settings. `restarted` says whether.
   */
  async #ensureRunning(
    original: AssignmentState,
  ): Promise<{ fail: string } | { state: AssignmentState; restarted: boolean }> {
    const current = await this.#probe();
    if (current !== 'stopped' && sameStart(current.start, original.start)) {
      return { state: current, restarted: false };
    }
    if (current !== 'stopped') {
      const stopped = await this.#stopIt();
      if (stopped !== undefined) {
        return stopped;
      }
    }
    const started = await this.#startIt(original);
    return 'fail' in started ? started : { state: started, restarted: true };
  }

  /**
   * Brings it to the case's `before`. Returns nothing when reached, `{ skip }` when the state
   * cannot be reached on a real cluster, `{ fail }` when a call that should have worked did not.
   */
  async reach(c: ContractCase, original: AssignmentState): Promise<Outcome> {
    if (c.before === 'stopped') {
      return (await this.#probe()) === 'stopped' ? undefined : await this.#stopIt();
    }
    const fixture = c.before === undefined || c.before === 'missing' ? undefined : c.before;
    if (fixture !== undefined && fixture.assignment_state !== 'started') {
      return {
        skip: `needs a deployment in [${fixture.assignment_state}] state, which _update cannot bring about`,
      };
    }
    if (fixture?.owned_by_inference_endpoint) {
      return { skip: 'needs a deployment created by an inference endpoint' };
    }
    const running = await this.#ensureRunning(original);
    if ('fail' in running) {
      return running;
    }
    // A read of a named deployment or model needs it to exist; a state only where the case gives one.
    if (fixture === undefined && READS.has(endpointOf(c))) {
      return undefined;
    }
    return this.#reachFixture(fixture ?? DEFAULT_FIXTURE, running.state);
  }

  async #reachFixture(fixture: DeploymentFixture, current: AssignmentState): Promise<Outcome> {
    if (current.assignment_state !== 'started') {
      return { skip: `deployment [${this.id}] is [${current.assignment_state}], not [started]` };
    }
    const priority = fixture.priority ?? 'normal';
    if (current.priority !== priority) {
      return {
        skip: `needs a [${priority}] priority deployment; [${this.id}] is [${current.priority}] (fixed at start)`,
      };
    }
    const wanted = {
      number_of_allocations: fixture.number_of_allocations,
      adaptive_allocations: fixture.adaptive_allocations,
    };
    const reached = await this.#setAllocations(wanted, current);
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
  async #setAllocations(
    wanted: RestoreReport['original'],
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
      const answer = await this.#ctx.send('POST', this.#update, body);
      if (answer.status !== 200) {
        return { fail: `setting up the before state with ${body} failed: ${describeAnswer(answer)}` };
      }
      const next = assignmentOf(answer.json, this.id);
      state = {
        number_of_allocations: next.number_of_allocations,
        adaptive_allocations: next.adaptive_allocations,
      };
    }
    return { state };
  }

  /**
   * Puts it back as it was: started again with its original settings if a case stopped it (or
   * started it with others), then its original allocations and adaptive settings.
   */
  async restore(original: AssignmentState): Promise<RestoreReport> {
    const wanted = {
      number_of_allocations: original.number_of_allocations,
      adaptive_allocations: original.adaptive_allocations,
    };
    const report: RestoreReport = { deploymentId: this.id, original: wanted, ok: false };
    try {
      const running = await this.#ensureRunning(original);
      if ('fail' in running) {
        report.error = running.fail;
        return report;
      }
      if (running.restarted) {
        report.startedAgain = original.start;
      }
      const reached = await this.#setAllocations(wanted, running.state);
      if ('fail' in reached) {
        report.error = reached.fail;
        return report;
      }
      report.restored = reached.state;
      const now = await this.read();
      if (!sameJson(reached.state, wanted)) {
        report.error = `restored state ${JSON.stringify(reached.state)} differs from ${JSON.stringify(wanted)}`;
      } else if (!sameStart(now.start, original.start)) {
        report.error = `restored start settings ${describeStart(now.start)} differ from ${describeStart(original.start)}`;
      } else {
        report.ok = true;
      }
    } catch (e) {
      report.error = e instanceof Error ? e.message : String(e);
    }
    return report;
  }
}
