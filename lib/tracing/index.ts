import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

// Spans through @opentelemetry/api only: with no tracer provider registered (tracing off, the
// default: lib/tracing/setup.ts registers one when OTEL_EXPORTER_OTLP_ENDPOINT is set) every call
// here is a no-op on a non-recording span, and `traceCarrier` adds nothing to a job.
// Attributes name kinds, ids, methods, hosts and statuses: never a URL path, a header or a body,
// which may hold a webhook secret or a token.

const tracer = () => trace.getTracer('outpost');

/** Runs `work` in a span (a child of the active one), ending it with the outcome. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as W3C headers, for a job's data ({} when tracing is off). */
export function traceCarrier(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : {};
}

/** Runs `work` inside the trace context a job carried (a retry an hour later joins its trace). */
export function withCarriedContext<T>(carrier: { traceparent?: string; tracestate?: string } | undefined, work: () => T): T {
  if (!carrier?.traceparent) return work();
  return context.with(propagation.extract(context.active(), carrier), work);
}

/** Adds attributes to the active span (learnt after it started). */
export function setSpanAttributes(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Marks a moment on the active span (a wait for a rate-limit token). */
export function spanEvent(name: string, attributes: Attributes): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/** `/api/v1/tasks/6f1c…/run` → `/api/v1/tasks/{id}/run`: a span name per route, not per task. */
export function routeOf(url: string): string {
  return new URL(url).pathname.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/{id}');
}

export { SpanKind };
