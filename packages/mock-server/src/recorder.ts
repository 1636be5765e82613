// The proxy's recorder: each exchange with one of the endpoints of core's table (never `/_mock/` or
// a path core does not know) becomes one contract
// case, appended as a line of JSON to a file that `mldeploy verify --cases <file>` (and the
// testkit's `runCases`) replays. The case format is docs/verify.md's ("The case format"): the
// endpoint, the request as sent, the answer as expected, and the deployment's state before it
// where the replay needs one (read from the upstream's `_stats` for the endpoints that change a
// deployment verify may replay on: `_update`, `_start` and `_stop`). Never a header, so never a credential. See docs/contract-testing.md ("Recording").
import { appendFile } from 'node:fs/promises';
import {
  codeOf,
  ENDPOINT_KEYS,
  ENDPOINTS,
  type EndpointKey,
  pathFor,
  STATS_ENDPOINT,
} from '@mldeploy/core/rules';
import { type CoreVerdict, coreVerdict, isUnjudged, verdictOf } from './contract.js';
import type { MockRequest } from './http.js';

/** A deployment's state before a request, as the case format writes it. */
export interface RecordedBefore {
  number_of_allocations: number;
  adaptive_allocations: Record<string, unknown> | null;
  assignment_state: 'started' | 'starting' | 'stopping' | 'failed';
  owned_by_inference_endpoint?: boolean;
  priority?: 'normal' | 'low';
}

/**
 * What `_stats` says about an id before a request: the deployment's state; `stopped` when the id
 * is known (a model) but no deployment of that id runs; `missing` when neither is known (404).
 */
export type BeforeState = RecordedBefore | 'stopped' | 'missing';

/** One recorded contract case (the testkit's `ContractCase` shape, written as JSON). */
export interface RecordedCase {
  name: string;
  endpoint: EndpointKey;
  given: {
    method: 'POST' | 'GET' | 'PUT' | 'DELETE';
    modelId?: string;
    params?: Record<string, string>;
    query?: string;
    body?: string;
    keepIds?: true;
  };
  before?: BeforeState;
  want: {
    status: number;
    code?: string;
    type?: string;
    reason?: string;
    causedBy?: string;
    causedByReason?: string;
    rootCause?: string;
    after?: {
      number_of_allocations?: number;
      adaptive_allocations?: Record<string, unknown> | null;
      assignment_state?: 'started' | 'stopped';
    };
    warning?: string;
  };
  stateless: boolean;
}

const METHODS = new Set(['POST', 'GET', 'PUT', 'DELETE']);
const STATES = new Set(['started', 'starting', 'stopping', 'failed']);

/** The endpoints whose replay needs the deployment's state before the request. */
export const READS_BEFORE: ReadonlySet<EndpointKey> = new Set(
  ENDPOINT_KEYS.filter((key) => ENDPOINTS[key].effect !== 'read' && ENDPOINTS[key].replayOnDeployment),
);

type Fetch = (method: string, url: string) => Promise<{ status: number; body: Buffer }>;

/**
 * Reads what the upstream's `_stats` says about a deployment id (a read; it changes nothing), for
 * the `before` of a case. Undefined when it cannot be read (no privilege, an error, not JSON).
 */
export async function readBeforeState(deploymentId: string, fetch: Fetch): Promise<BeforeState | undefined> {
  if (deploymentId === '') {
    return undefined;
  }
  const answer = await fetch('GET', pathFor(STATS_ENDPOINT, { model_id: deploymentId }));
  if (answer.status === 404) {
    return 'missing';
  }
  if (answer.status !== 200) {
    return undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the upstream's stats, read defensively
  const json: any = JSON.parse(answer.body.toString('utf8'));
  if (!Array.isArray(json?.trained_model_stats)) {
    return undefined;
  }
  for (const entry of json.trained_model_stats) {
    const d = entry?.deployment_stats;
    if (d?.deployment_id !== deploymentId) {
      continue;
    }
    if (typeof d.number_of_allocations !== 'number' || !STATES.has(d.state)) {
      return undefined;
    }
    const before: RecordedBefore = {
      number_of_allocations: d.number_of_allocations,
      adaptive_allocations: d.adaptive_allocations ?? null,
      assignment_state: d.state,
    };
    if (d.priority === 'low') {
      before.priority = 'low';
    }
    return before;
  }
  return 'stopped';
}

/** What the recorder needs of the upstream's answer. */
export interface RecordedAnswer {
  status: number;
  json: unknown;
  /** The `Warning` header, if any. */
  warning: string | undefined;
  /** What `_stats` said about the deployment before the request, when it was read. */
  before: BeforeState | undefined;
}

/** The first quoted text of a `Warning` header (`299 Elasticsearch-8.19.0-abc "text"`). */
function warningText(header: string): string | undefined {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(header);
  return m ? (m[1] as string).replace(/\\(.)/g, '$1') : undefined;
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The exchange as a contract case; undefined for a method the format cannot carry (HEAD). */
export function recordedCase(
  request: MockRequest,
  verdict: Exclude<CoreVerdict, { kind: 'unknown' }>,
  answer: RecordedAnswer,
): RecordedCase | undefined {
  if (!METHODS.has(request.method)) {
    return undefined;
  }
  const endpoint = verdict.key;
  const { model_id: modelId, ...others } = verdict.params;
  const body = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
  const given: RecordedCase['given'] = { method: request.method as RecordedCase['given']['method'] };
  if (modelId !== undefined) {
    given.modelId = modelId;
  }
  if (Object.keys(others).length > 0) {
    given.params = others;
  }
  if (request.query !== '') {
    given.query = request.query;
  }
  if (body !== undefined) {
    given.body = body;
  }
  const want: RecordedCase['want'] = { status: answer.status };
  // biome-ignore lint/suspicious/noExplicitAny: the upstream's answer, read defensively
  const json: any = answer.json;
  const error = json?.error;
  if (typeof error === 'string') {
    want.reason = error;
  } else if (typeof error === 'object' && error !== null) {
    if (typeof error.type === 'string') {
      want.type = error.type;
    }
    if (typeof error.reason === 'string') {
      want.reason = error.reason;
    }
    if (typeof error.caused_by?.type === 'string') {
      want.causedBy = error.caused_by.type;
    }
    if (typeof error.caused_by?.reason === 'string') {
      want.causedByReason = error.caused_by.reason;
    }
    const root = error.root_cause?.[0]?.reason;
    if (typeof root === 'string' && root !== error.reason) {
      want.rootCause = root;
    }
  }
  if (answer.status >= 400 && (want.type !== undefined || answer.status === 405)) {
    want.code = codeOf(answer.status, want.type, want.reason);
  }
  if (
    answer.status === 200 &&
    (endpoint === 'update' || endpoint === 'start') &&
    json?.assignment !== undefined
  ) {
    const assignment = json.assignment;
    want.after = {
      number_of_allocations: assignment?.task_parameters?.number_of_allocations,
      adaptive_allocations: assignment?.adaptive_allocations ?? null,
    };
    // `wait_for` decides whether a start answers once started; a `starting` one races on.
    if (endpoint === 'start' && assignment?.assignment_state === 'started') {
      want.after.assignment_state = 'started';
    }
  }
  if (answer.status === 200 && endpoint === 'stop') {
    want.after = { assignment_state: 'stopped' };
  }
  const warning = answer.warning === undefined ? undefined : warningText(answer.warning);
  if (warning !== undefined) {
    want.warning = warning;
  }
  // Core decided it alone: it rejected the request and the upstream refused it too, before state.
  const stateless =
    verdict.kind === 'rejected' && answer.status >= 400 && !isUnjudged(answer.status, verdict);
  if (verdict.kind === 'rejected' && stateless && refusedForItsIds(request, verdict)) {
    given.keepIds = true;
  }
  const named = endpoint === 'update' ? '' : idOf(modelId, others);
  const c: RecordedCase = {
    name: `recorded: ${request.method} ${ENDPOINTS[endpoint].label}${named}${given.query !== undefined ? `?${short(given.query, 60)}` : ''}${body !== undefined ? ` ${short(body.replace(/\s+/g, ' '), 80)}` : ''} answered ${answer.status}${want.type !== undefined ? ` ${want.type}` : ''}`,
    endpoint,
    given,
    want,
    stateless,
  };
  const before = beforeOf(endpoint, answer, want, stateless);
  if (before !== undefined) {
    c.before = before;
  }
  return c;
}

/** A valid id no cluster holds, standing in for the request's own ids (as a replay's generated one). */
const STAND_IN = 'mldeploy-verify-000000000000';

/**
 * Whether core refuses the request for its ids themselves (an inference id Elasticsearch does not
 * allow): with a valid id in their place (path, query, body), core answers otherwise. Such a case
 * keeps its ids on replay (`given.keepIds`); no cluster can hold an id it refuses.
 */
function refusedForItsIds(
  request: MockRequest,
  verdict: Extract<CoreVerdict, { kind: 'rejected' }>,
): boolean {
  const ids = new Set<string>();
  for (const name of ['model_id', 'inference_id'] as const) {
    const id = verdict.params[name];
    if (id !== undefined && id !== '') {
      ids.add(id);
    }
  }
  const deploymentId =
    verdict.key === 'start' ? new URLSearchParams(request.query).get('deployment_id') : null;
  if (deploymentId !== null && deploymentId !== '') {
    ids.add(deploymentId);
  }
  if (ids.size === 0) {
    return false;
  }
  const pattern = new RegExp(
    `(?<![\\w.-])(?:${[...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`,
    'g',
  );
  const swap = (text: string) => text.replace(pattern, STAND_IN);
  const params = Object.fromEntries(
    Object.entries(verdict.params).map(([name, value]) => [name, ids.has(value) ? STAND_IN : value]),
  );
  const path = pathFor(ENDPOINTS[verdict.key], params);
  const query = swap(request.query);
  const standIn = coreVerdict({
    ...request,
    path,
    url: query === '' ? path : `${path}?${query}`,
    query,
    body: request.body === undefined ? undefined : swap(request.body),
  });
  if (standIn.kind !== 'rejected') {
    return true;
  }
  // What a replay on the stand-in would expect: the recorded answer with the ids swapped alike.
  const expected = verdictOf(verdict.error.status, verdict.error.body);
  const got = verdictOf(standIn.error.status, standIn.error.body);
  return (
    got.status !== expected.status ||
    got.type !== expected.type ||
    got.reason !== (expected.reason === undefined ? undefined : swap(expected.reason))
  );
}

/** ` [id]` for the ids in the path, empty when it names none. */
function idOf(modelId: string | undefined, others: Record<string, string>): string {
  const ids = [others.task_type, modelId ?? others.inference_id].filter((id) => id !== undefined);
  return ids.length === 0 ? '' : ` [${ids.join('/')}]`;
}

/** Answers that say the id names nothing the cluster has: replayed on an id that cannot exist. */
const MISSING_CODES: Readonly<Partial<Record<EndpointKey, readonly string[]>>> = {
  inferenceUpdate: ['INFERENCE_ENDPOINT_NOT_FOUND'],
  inferenceGet: ['INFERENCE_ENDPOINT_NOT_FOUND'],
  inferenceDelete: ['INFERENCE_ENDPOINT_NOT_FOUND'],
  inference: ['INFERENCE_ENDPOINT_NOT_FOUND'],
};
const MISSING_DEFAULT = ['DEPLOYMENT_NOT_FOUND', 'MODEL_NOT_FOUND'];

/**
 * The case's `before`: `missing` for a 404 of an unknown id; nothing for a stateless case; for
 * `_start`, `_stop` and `_update`, what `_stats` said just before (a `_start` that succeeded had no
 * deployment of that id: `stopped`); nothing for reads, which need the deployment only to exist.
 */
function beforeOf(
  endpoint: EndpointKey,
  answer: RecordedAnswer,
  want: RecordedCase['want'],
  stateless: boolean,
): BeforeState | undefined {
  if (answer.status === 404 && (MISSING_CODES[endpoint] ?? MISSING_DEFAULT).includes(want.code ?? '')) {
    return 'missing';
  }
  if (stateless || !READS_BEFORE.has(endpoint)) {
    return undefined;
  }
  const read = answer.before;
  if (endpoint === 'start' && (answer.status === 200 || read === 'missing' || read === 'stopped')) {
    // `_stats` of a deployment id that is no model's is a 404: still no such deployment.
    return 'stopped';
  }
  if (typeof read === 'object') {
    const owned = want.code === 'DEPLOYMENT_OWNED_BY_INFERENCE';
    return owned ? { ...read, owned_by_inference_endpoint: true } : read;
  }
  return endpoint === 'stop' ? read : undefined;
}

/** Appends cases to a file, one JSON line each, in the order they were given. */
export class CaseRecorder {
  #queue: Promise<void> = Promise.resolve();
  #error: Error | undefined;

  constructor(readonly file: string) {}

  append(c: RecordedCase): void {
    const line = `${JSON.stringify(c)}\n`;
    this.#queue = this.#queue.then(() =>
      appendFile(this.file, line, 'utf8').catch((e: Error) => {
        this.#error ??= e;
      }),
    );
  }

  /** Resolves once every appended case is written; rejects with the first write error. */
  async flush(): Promise<void> {
    await this.#queue;
    if (this.#error) {
      throw this.#error;
    }
  }
}
