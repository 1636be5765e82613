// The mock's transport-independent request and answer, and how an answer is written for a
// request (media type, `filter_path`, `pretty`, the product header). The fastify adapter and the
// msw handlers both carry these over their transport. See docs/architecture.md.
import type { EsError } from '@mldeploy/core/rules';
import { filterPath } from './filter-path.js';

/** One request, as any transport hands it to the mock. Header names are lower case. */
export interface MockRequest {
  readonly method: string;
  /** The request target: path and query, as sent (percent-encoded). */
  readonly url: string;
  /** The path, without the query. */
  readonly path: string;
  /** The query string without `?` (empty when there is none). */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body text; undefined (or empty) when there is none. */
  readonly body: string | undefined;
}

/** What a handler answers: a status and a JSON value, before it is written for the request. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

/** An answer as it goes on the wire. `drop` asks the transport to cut the connection instead. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  /** The body text; undefined for none (HEAD, or an empty answer). */
  readonly body: string | undefined;
  readonly drop?: true;
  /** The error type of an error answer, for the journal. */
  readonly errorType?: string;
}

/** Splits a request target into path and query. */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** The answer for one of core's errors. */
export function errorAnswer(error: EsError): Answer {
  const answer: Answer = { status: error.status, body: error.body };
  if (error.headers) {
    answer.headers = error.headers;
  }
  return answer;
}

/** Control-plane errors: the envelope's shape, with the mock's own type. */
export function mockError(status: number, reason: string): Answer {
  const cause = { type: 'mock_control_exception', reason };
  return { status, body: { error: { root_cause: [cause], ...cause }, status } };
}

function header(request: MockRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The media type Elasticsearch answers with: compatible requests get the compatible type. */
function responseMediaType(request: MockRequest): string {
  const accept = header(request, 'accept');
  const contentType = header(request, 'content-type');
  if (accept === undefined && (contentType === undefined || contentType === 'application/json')) {
    return 'application/json';
  }
  const m = /compatible-with=(\d+)/.exec(`${accept ?? ''} ${contentType ?? ''}`);
  return m ? `application/vnd.elasticsearch+json;compatible-with=${m[1]}` : 'application/json';
}

function errorTypeOf(answer: Answer): string | undefined {
  if (answer.status < 400) {
    return undefined;
  }
  const error = (answer.body as { error?: { type?: unknown } } | undefined)?.error;
  return typeof error?.type === 'string' ? error.type : undefined;
}

/** Writes an answer for the request: product header, media type, `filter_path` and `pretty`. */
export function render(request: MockRequest, answer: Answer): WireAnswer {
  const headers: Record<string, string | string[]> = { 'x-elastic-product': 'Elasticsearch' };
  if (answer.headers) {
    Object.assign(headers, answer.headers);
  }
  const errorType = errorTypeOf(answer);
  if (answer.body === undefined || request.method === 'HEAD') {
    headers['content-type'] = responseMediaType(request);
    return errorType === undefined
      ? { status: answer.status, headers, body: undefined }
      : { status: answer.status, headers, body: undefined, errorType };
  }
  let body = answer.body;
  let pretty = false;
  if (request.query !== '') {
    const params = new URLSearchParams(request.query);
    const filters = params.get('filter_path');
    if (filters) {
      body = filterPath(body, filters) as typeof body;
    }
    pretty = params.has('pretty') && params.get('pretty') !== 'false';
  }
  headers['content-type'] = `${responseMediaType(request)}; charset=UTF-8`;
  const text = pretty ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
  return errorType === undefined
    ? { status: answer.status, headers, body: text }
    : { status: answer.status, headers, body: text, errorType };
}

/** A plain-text answer, as proxies in front of Elasticsearch write them (no product header). */
export function plainText(status: number, text: string): WireAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}
