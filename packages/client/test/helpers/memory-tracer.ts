import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/** A span as the in-memory tracer kept it. */
export interface RecordedSpan {
  name: string;
  tracer: string;
  kind: SpanKind | undefined;
  attributes: Attributes;
  status: SpanStatus | undefined;
  exceptions: unknown[];
  ended: boolean;
}

/**
 * A minimal in-memory tracer implementing `@opentelemetry/api`'s interfaces (what an exporter of
 * the SDK would collect), registered as the global provider: the client's spans, as an
 * application's OpenTelemetry setup receives them.
 */
export function registerMemoryTracer(): { spans: RecordedSpan[]; unregister: () => void } {
  const spans: RecordedSpan[] = [];
  const spanContext: SpanContext = {
    traceId: `${'0'.repeat(31)}1`,
    spanId: `${'0'.repeat(15)}1`,
    traceFlags: 1,
  };
  const startSpan = (tracerName: string, name: string, options: SpanOptions = {}): Span => {
    const recorded: RecordedSpan = {
      name,
      tracer: tracerName,
      kind: options.kind,
      attributes: { ...options.attributes },
      status: undefined,
      exceptions: [],
      ended: false,
    };
    spans.push(recorded);
    const span: Span = {
      spanContext: () => spanContext,
      setAttribute: (key: string, value: AttributeValue) => {
        recorded.attributes[key] = value;
        return span;
      },
      setAttributes: (attributes: Attributes) => {
        Object.assign(recorded.attributes, attributes);
        return span;
      },
      addEvent: () => span,
      addLink: () => span,
      addLinks: () => span,
      setStatus: (status: SpanStatus) => {
        recorded.status = status;
        return span;
      },
      updateName: (next: string) => {
        recorded.name = next;
        return span;
      },
      end: () => {
        recorded.ended = true;
      },
      isRecording: () => !recorded.ended,
      recordException: (exception: unknown) => {
        recorded.exceptions.push(exception);
      },
    };
    return span;
  };
  const tracerOf = (tracerName: string): Tracer => ({
    startSpan: (name: string, options?: SpanOptions) => startSpan(tracerName, name, options),
    startActiveSpan: ((name: string, ...rest: unknown[]) => {
      const fn = rest[rest.length - 1] as (span: Span) => unknown;
      const options = (rest.length > 1 ? rest[0] : undefined) as SpanOptions | undefined;
      const parent = (rest.length > 2 ? rest[1] : context.active()) as Context;
      const span = startSpan(tracerName, name, options);
      return context.with(trace.setSpan(parent, span), () => fn(span));
    }) as Tracer['startActiveSpan'],
  });
  const provider: TracerProvider = { getTracer: (name: string) => tracerOf(name) };
  trace.setGlobalTracerProvider(provider);
  return { spans, unregister: () => trace.disable() };
}
