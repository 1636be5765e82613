// The proxy's recorder: each `_update` exchange becomes one contract case, appended as a line of
// JSON to a file that `mldeploy verify --cases <file>` (and the testkit's `runCases`) replays. The
// case format is docs/verify.md's ("The case format"); it describes `_update` requests only, so
// other exchanges are judged and journaled but not recorded. Never a header, so never a credential.
import { appendFile } from 'node:fs/promises';
import { codeOf, pathFor, STATS_ENDPOINT } from '@mldeploy/core/rules';
import type { CoreVerdict } from './contract.js';
import { isUnjudged } from './contract.js';
import type { MockRequest } from './http.js';

/** A deployment's state before a request, as the case format writes it. */
export interface RecordedBefore {
  number_of_allocations: number;
  adaptive_allocations: Record<string, unknown> | null;
  assignment_state: 'started' | 'starting' | 'stopping' | 'failed';
  owned_by_inference_endpoint?: boolean;
  priority?: 'normal' | 'low';
}

/** One recorded contract case (the testkit's `ContractCase` shape, written as JSON). */
export interface RecordedCase {
  name: string;
  given: { method: 'POST' | 'GET' | 'PUT' | 'DELETE'; modelId: string; query?: string; body?: string };
  before?: RecordedBefore | 'missing';
  want: {
    status: number;
    code?: string;
    type?: string;
    reason?: string;
    causedBy?: string;
    causedByReason?: string;
    rootCause?: string;
    after?: { number_of_allocations?: number; adaptive_allocations?: Record<string, unknown> | null };
    warning?: string;
  };
  stateless: boolean;
}

const METHODS = new Set(['POST', 'GET', 'PUT', 'DELETE']);
const STATES = new Set(['started', 'starting', 'stopping', 'failed']);

type Fetch = (method: string, url: string) => Promise<{ status: number; body: Buffer }>;

/**
 * Reads a deployment's state from the upstream's `_stats` (a read; it changes nothing), for the
 * `before` of a stateful case. Undefined when it cannot be read.
 */
export async function readBeforeState(
  deploymentId: string,
  fetch: Fetch,
): Promise<RecordedBefore | undefined> {
  if (deploymentId === '') {
    return undefined;
  }
  const answer = await fetch('GET', pathFor(STATS_ENDPOINT, { model_id: deploymentId }));
  if (answer.status !== 200) {
    return undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the upstream's stats, read defensively
  const json: any = JSON.parse(answer.body.toString('utf8'));
  for (const entry of json?.trained_model_stats ?? []) {
    const d = entry?.deployment_stats;
    if (
      d?.deployment_id !== deploymentId ||
      typeof d.number_of_allocations !== 'number' ||
      !STATES.has(d.state)
    ) {
      continue;
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
  return undefined;
}

/** What the recorder needs of the upstream's answer. */
export interface RecordedAnswer {
  status: number;
  json: unknown;
  /** The `Warning` header, if any. */
  warning: string | undefined;
  /** The deployment's state before the request, when it was read. */
  before: RecordedBefore | undefined;
}

/** The first quoted text of a `Warning` header (`299 Elasticsearch-8.19.0-abc "text"`). */
function warningText(header: string): string | undefined {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(header);
  return m ? (m[1] as string).replace(/\\(.)/g, '$1') : undefined;
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The `_update` exchange as a contract case; undefined for a method the format cannot carry. */
export function recordedCase(
  request: MockRequest,
  verdict: Exclude<CoreVerdict, { kind: 'unknown' }>,
  answer: RecordedAnswer,
): RecordedCase | undefined {
  if (!METHODS.has(request.method)) {
    return undefined;
  }
  const modelId = verdict.params.model_id ?? '';
  const body = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
  const given: RecordedCase['given'] = { method: request.method as RecordedCase['given']['method'], modelId };
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
  if (answer.status === 200 && json?.assignment !== undefined) {
    const assignment = json.assignment;
    want.after = {
      number_of_allocations: assignment?.task_parameters?.number_of_allocations,
      adaptive_allocations: assignment?.adaptive_allocations ?? null,
    };
  }
  const warning = answer.warning === undefined ? undefined : warningText(answer.warning);
  if (warning !== undefined) {
    want.warning = warning;
  }
  // Core decided it alone: it rejected the request and the upstream refused it too, before state.
  const stateless =
    verdict.kind === 'rejected' && answer.status >= 400 && !isUnjudged(answer.status, verdict);
  const c: RecordedCase = {
    name: `recorded: ${request.method} _update${given.query !== undefined ? `?${short(given.query, 60)}` : ''}${body !== undefined ? ` ${short(body.replace(/\s+/g, ' '), 80)}` : ''} answered ${answer.status}${want.type !== undefined ? ` ${want.type}` : ''}`,
    given,
    want,
    stateless,
  };
  if (answer.status === 404 && want.code === 'DEPLOYMENT_NOT_FOUND') {
    c.before = 'missing';
  } else if (!stateless && answer.before !== undefined) {
    c.before =
      want.code === 'DEPLOYMENT_OWNED_BY_INFERENCE'
        ? { ...answer.before, owned_by_inference_endpoint: true }
        : answer.before;
  }
  return c;
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
