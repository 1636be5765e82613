// The mock's transport-independent request and answer, and how an answer is written for a
// request (media type, `filter_path`, `pretty`, the product header). The HTTP adapter and the
// msw handlers both carry these over their transport. See docs/architecture.md.
import { bodyFormatOf, type EsError, parseMediaType } from '@mldeploy/core/rules';
import { stringify as stringifyYaml } from 'yaml';
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
  /** The HTTP node that received it, when the mock serves several (docs/multi-node.md). */
  readonly node?: string;
}

/** What a handler answers: a status and a JSON value, before it is written for the request. */
export interface Answer {
  status: number;
  body?: unknown;
  /** A plain-text body (the `_cat` tables), written as is instead of `body`. */
  text?: string;
  headers?: Record<string, string | string[]>;
  /**
   * The body's compact JSON text, exactly what `JSON.stringify(body)` writes, written without
   * building or walking the body (a writer for one view, proven equal by a property test). An
   * answer with `json` has a body; render calls `json()` when the body goes out as compact JSON,
   * unfiltered, and reads `body` only otherwise.
   */
  json?(): string;
}

/** An answer as it goes on the wire. `drop` asks the transport to cut the connection instead. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  /** The body text; undefined for none (HEAD, or an empty answer). */
  readonly body: string | undefined;
  readonly drop?: true;
  /** Write the answer's head and part of its body, then cut the connection (a `reset` fault). */
  readonly reset?: true;
  /** The error type of an error answer, for the journal. */
  readonly errorType?: string;
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

/** The media type of an answer, and its Content-Type when it has a body. */
interface ResponseMedia {
  readonly type: string;
  readonly yaml: boolean;
  /** `<type>; charset=UTF-8`. */
  readonly withCharset: string;
}

/**
 * The media type Elasticsearch answers with (RestChannel.newBuilder): the `format` parameter, else
 * the Accept header, else the request's Content-Type, else JSON; a compatible request gets the
 * compatible type.
 */
function responseMediaType(request: MockRequest, params: URLSearchParams | undefined): ResponseMedia {
  const acceptHeader = header(request, 'accept');
  const contentTypeHeader = header(request, 'content-type');
  const format = params?.get('format')?.toLowerCase();
  if (format !== undefined && format !== '') {
    return mediaFor(acceptHeader, contentTypeHeader, format);
  }
  // Without `format`, the headers alone decide: clients send the same ones with every request.
  const last = lastMedia;
  if (last !== undefined && last.accept === acceptHeader && last.contentType === contentTypeHeader) {
    return last.media;
  }
  const media = mediaFor(acceptHeader, contentTypeHeader, undefined);
  lastMedia = { accept: acceptHeader, contentType: contentTypeHeader, media };
  return media;
}

/** The last media type decided by the headers alone, with those headers. */
let lastMedia:
  | { accept: string | undefined; contentType: string | undefined; media: ResponseMedia }
  | undefined;

function mediaFor(
  acceptHeader: string | undefined,
  contentTypeHeader: string | undefined,
  format: string | undefined,
): ResponseMedia {
  const accept = parseMediaType(acceptHeader);
  const contentType = parseMediaType(contentTypeHeader);
  const acceptFormat = accept ? bodyFormatOf(accept.type) : undefined;
  const yaml =
    format !== undefined
      ? format === 'yaml'
      : acceptFormat !== undefined
        ? acceptFormat === 'yaml'
        : contentType !== undefined && bodyFormatOf(contentType.type) === 'yaml';
  const compat = accept?.params['compatible-with'] ?? contentType?.params['compatible-with'];
  const type =
    compat !== undefined && /^\d+$/.test(compat)
      ? `application/vnd.elasticsearch+${yaml ? 'yaml' : 'json'};compatible-with=${compat}`
      : yaml
        ? 'application/yaml'
        : 'application/json';
  return { type, yaml, withCharset: `${type}; charset=UTF-8` };
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
  const params = request.query === '' ? undefined : new URLSearchParams(request.query);
  const media = responseMediaType(request, params);
  if (
    request.method === 'HEAD' ||
    (answer.json === undefined && answer.body === undefined && answer.text === undefined)
  ) {
    headers['content-type'] = media.type;
    return errorType === undefined
      ? { status: answer.status, headers, body: undefined }
      : { status: answer.status, headers, body: undefined, errorType };
  }
  if (answer.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=UTF-8';
    return { status: answer.status, headers, body: answer.text };
  }
  // `filter_path` and `error_trace` reshape the body; otherwise it is the answer's own.
  let reshaped = false;
  let body: unknown;
  let pretty = false;
  if (params !== undefined) {
    const filters = params.get('filter_path');
    // Error bodies are built with filtering off (AbstractRestChannel.newErrorBuilder), so
    // `filter_path` never shapes an error (docs/rules.md, "Messages and error codes").
    if (filters && answer.status < 400) {
      body = filterPath(answer.body, filters);
      reshaped = true;
    }
    if (answer.status >= 400 && flag(params, 'error_trace')) {
      body = withStackTrace(answer.body);
      reshaped = true;
    }
    pretty = flag(params, 'pretty');
  }
  headers['content-type'] = media.withCharset;
  let text: string;
  if (!(reshaped || media.yaml || pretty) && answer.json !== undefined) {
    text = answer.json();
  } else {
    const value = reshaped ? body : answer.body;
    text = media.yaml
      ? `---\n${stringifyYaml(value)}`
      : pretty
        ? `${JSON.stringify(value, null, 2)}\n`
        : JSON.stringify(value);
  }
  return errorType === undefined
    ? { status: answer.status, headers, body: text }
    : { status: answer.status, headers, body: text, errorType };
}

/** A REST flag parameter: present with an empty value or `true`-ish (anything but `false`). */
function flag(params: URLSearchParams, name: string): boolean {
  return params.has(name) && params.get(name) !== 'false';
}

/**
 * `error_trace=true`: Elasticsearch adds the exception's Java stack trace as `stack_trace` to the
 * error object. The mock has no Java stack, so it writes the exception line and one simulated frame
 * (docs/differences.md). String errors (405, 404 of RestController) carry no trace.
 */
function withStackTrace(body: unknown): unknown {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error !== 'object' || error === null) {
    return body;
  }
  const { type, reason } = error as { type?: unknown; reason?: unknown };
  const trace = `${javaClassOf(String(type))}: ${String(reason)}\n\tat mldeploy-mock (simulated; no Java stack)`;
  return { ...(body as object), error: { ...error, stack_trace: trace } };
}

/** `action_request_validation_exception` → `org.elasticsearch.action.ActionRequestValidationException`-like name. */
function javaClassOf(type: string): string {
  const camel = type
    .split('_')
    .map((w) => (w.length > 0 ? `${w[0]?.toUpperCase()}${w.slice(1)}` : w))
    .join('');
  return `org.elasticsearch.${camel.startsWith('Status') ? 'Elasticsearch' : ''}${camel}`;
}

/** A plain-text answer, as proxies in front of Elasticsearch write them (no product header). */
export function plainText(status: number, text: string): WireAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}
