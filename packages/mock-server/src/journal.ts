// The request journal: the last N requests the mock answered, Elasticsearch and control routes
// kept apart, credentials redacted when read. A ring buffer of one small object per request.
// See docs/contract-testing.md ("The request journal").
import type { ContractViolation } from './contract.js';
import type { MockRequest } from './http.js';

/** Headers whose values never reach the journal. */
const REDACTED = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** What a recorded request's redacted header values read. */
export const REDACTED_VALUE = '[redacted]';

/** Whether a request went to an Elasticsearch route or to the mock's control plane. */
export type JournalKind = 'es' | 'control';

/** One request the mock answered. */
export interface JournalEntry {
  method: string;
  path: string;
  /** The query string without `?` (empty when there is none). */
  query: string;
  /** Lower-case names; `authorization`, `cookie` and the like read `[redacted]`. */
  headers: Record<string, string>;
  /** The body text, or null when there was none. */
  body: string | null;
  /** The status answered; 0 when the connection was dropped by an injected fault. */
  status: number;
  /** The error type of an error answer, else null. */
  error_type: string | null;
  /** When it was answered, on the mock's clock (ISO-8601). */
  time: string;
  /** The HTTP node that served it, when the mock serves several (docs/multi-node.md). */
  node?: string;
  /**
   * Proxy mode only: where the upstream's answer disagreed with core (empty when it agreed).
   * See docs/contract-testing.md ("The validating proxy").
   */
  violations?: ContractViolation[];
}

/** Which requests {@link Journal.list} answers; every given field must match. */
export interface JournalFilter {
  /** `es` (the default), `control` or `all`. */
  kind?: JournalKind | 'all';
  /** A substring of the path. */
  path?: string;
  /** The method, any case. */
  method?: string;
  /** The status answered. */
  status?: number;
  /** The HTTP node that served it. */
  node?: string;
}

/**
 * An entry as kept: the request as the engine got it (never changed after), the time as a number;
 * redacted and formatted only when read, so recording costs one small object.
 */
export interface Recorded {
  readonly request: Pick<MockRequest, 'method' | 'path' | 'query' | 'headers' | 'body' | 'node'>;
  readonly status: number;
  readonly error_type: string | null;
  readonly at: number;
  readonly violations?: ContractViolation[];
}

function toEntry(r: Recorded): JournalEntry {
  const { request } = r;
  const entry: JournalEntry = {
    method: request.method,
    path: request.path,
    query: request.query,
    headers: redactHeaders(request.headers),
    body: request.body === undefined || request.body === '' ? null : request.body,
    status: r.status,
    error_type: r.error_type,
    time: new Date(r.at).toISOString(),
  };
  if (request.node !== undefined) {
    entry.node = request.node;
  }
  if (r.violations !== undefined) {
    entry.violations = r.violations;
  }
  return entry;
}

class Ring {
  #items: Recorded[] = [];
  #next = 0;
  constructor(readonly size: number) {}
  push(entry: Recorded): void {
    if (this.size <= 0) {
      return;
    }
    if (this.#items.length < this.size) {
      this.#items.push(entry);
    } else {
      this.#items[this.#next] = entry;
      this.#next = (this.#next + 1) % this.size;
    }
  }
  /** Oldest first. */
  list(): Recorded[] {
    return this.#next === 0
      ? [...this.#items]
      : [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
  }
  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}

/** Copies headers, lower-casing names and redacting credentials. */
function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) {
      continue;
    }
    const lower = name.toLowerCase();
    out[lower] = REDACTED.has(lower) ? REDACTED_VALUE : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The default number of requests kept of each kind. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/** Two bounded journals: Elasticsearch requests and control requests. */
export class Journal {
  #es: Ring;
  #control: Ring;

  constructor(size: number = DEFAULT_JOURNAL_SIZE) {
    this.#es = new Ring(size);
    this.#control = new Ring(size);
  }

  get size(): number {
    return this.#es.size;
  }

  record(kind: JournalKind, entry: Recorded): void {
    (kind === 'es' ? this.#es : this.#control).push(entry);
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const kind = filter.kind ?? 'es';
    const all =
      kind === 'all'
        ? [...this.#es.list(), ...this.#control.list()].sort((a, b) => a.at - b.at)
        : (kind === 'es' ? this.#es : this.#control).list();
    const method = filter.method?.toUpperCase();
    return all
      .filter(
        (e) =>
          (filter.path === undefined || e.request.path.includes(filter.path)) &&
          (method === undefined || e.request.method === method) &&
          (filter.status === undefined || e.status === filter.status) &&
          (filter.node === undefined || e.request.node === filter.node),
      )
      .map(toEntry);
  }

  clear(): void {
    this.#es.clear();
    this.#control.clear();
  }
}
