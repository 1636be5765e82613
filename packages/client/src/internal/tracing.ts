// OpenTelemetry spans, with the attributes the official client sets (Elasticsearch's semantic
// conventions). `@opentelemetry/api` is an optional peer dependency: it is imported only once an
// application registered a tracer provider, so without one a call costs a property read.
import { nodeImport } from './wire.js';

type Api = typeof import('@opentelemetry/api');
type Span = import('@opentelemetry/api').Span;

/** Where `@opentelemetry/api` 1.x keeps what an application registered (its global, by major version). */
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

/** Whether an application registered a tracer provider with `@opentelemetry/api` 1.x. */
export function tracerRegistered(): boolean {
  const registered = (globalThis as Record<symbol, { trace?: unknown } | undefined>)[GLOBAL_KEY];
  return registered?.trace !== undefined;
}

let loading: Promise<Api | undefined> | undefined;

/** The API, imported once; undefined when it is not installed. */
function loadApi(): Promise<Api | undefined> {
  loading ??= nodeImport<Api>('@opentelemetry/api').then(
    (api) => api,
    () => undefined,
  );
  return loading;
}

/** What a span is named and starts with. */
export interface SpanStart {
  /** The API name (`ml.update_trained_model_deployment`). */
  name: string;
  method: string;
  /** Path parameters, as `db.operation.parameter.<name>`. */
  pathParts: Readonly<Record<string, string>> | undefined;
}

/** What the span learns once the call ended. */
export interface SpanEnd {
  status: number;
  /** The URL of the node that answered last (no credentials). */
  node: string | undefined;
  headers: Record<string, string> | undefined;
}

/** Runs `run` inside an active client span named after the API, as the official client does. */
export async function traced<T>(
  start: SpanStart,
  run: () => Promise<T>,
  endOf: (result: T | undefined, error: unknown) => SpanEnd,
): Promise<T> {
  const api = await loadApi();
  if (api === undefined) {
    return run();
  }
  const attributes: Record<string, string> = {
    'db.system': 'elasticsearch',
    'http.request.method': start.method,
    'db.operation.name': start.name,
  };
  if (start.pathParts) {
    for (const [key, value] of Object.entries(start.pathParts)) {
      attributes[`db.operation.parameter.${key}`] = value;
    }
  }
  const tracer = api.trace.getTracer('@mldeploy/client');
  return tracer.startActiveSpan(start.name, { attributes, kind: api.SpanKind.CLIENT }, async (span) => {
    try {
      const result = await run();
      endSpan(span, endOf(result, undefined));
      return result;
    } catch (error) {
      endSpan(span, endOf(undefined, error));
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.setAttribute('error.type', (error as { code?: string }).code ?? (error as Error).name ?? 'Error');
      throw error;
    } finally {
      span.end();
    }
  });
}

function endSpan(span: Span, end: SpanEnd): void {
  if (end.status > 0) {
    span.setAttribute('db.response.status_code', String(end.status));
  }
  const cluster = end.headers?.['x-found-handling-cluster'];
  if (cluster !== undefined) {
    span.setAttribute('db.namespace', cluster);
  }
  const instance = end.headers?.['x-found-handling-instance'];
  if (instance !== undefined) {
    span.setAttribute('elasticsearch.node.name', instance);
  }
  if (end.node !== undefined) {
    const url = new URL(end.node);
    span.setAttribute('url.full', url.href);
    span.setAttribute('server.address', url.hostname.replace(/^\[|\]$/g, ''));
    span.setAttribute(
      'server.port',
      url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    );
  }
}
