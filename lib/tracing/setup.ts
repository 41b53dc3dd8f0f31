import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';

// Next.js traces its own request handling once a provider is registered, with the request target
// as an attribute: a query string (an OAuth callback's code and state) must not leave the process.
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'next.original_url'];

function withoutQueries(span: ReadableSpan): ReadableSpan {
  const attributes = { ...span.attributes };
  let changed = false;
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string' && value.includes('?')) {
      attributes[key] = value.slice(0, value.indexOf('?'));
      changed = true;
    }
  }
  if ('url.query' in attributes) {
    delete attributes['url.query'];
    changed = true;
  }
  return changed ? (Object.assign(Object.create(span) as ReadableSpan, { attributes }) as ReadableSpan) : span;
}

/** An exporter that hands `inner` every span with its URL attributes stripped of their queries. */
function scrubbing(inner: SpanExporter): SpanExporter {
  return {
    export: (spans, done) => inner.export(spans.map(withoutQueries), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Turns tracing on for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test passes its
 * own exporter): spans go to the collector by OTLP/HTTP, in batches. Unset, nothing is registered
 * and lib/tracing's calls stay no-ops. The exporter reads the standard OTEL_* variables itself
 * (endpoint, headers, timeouts; OTEL_BSP_* for the batching).
 */
export function startTracing(serviceName: string, exporter?: SpanExporter): { shutdown(): Promise<void> } | null {
  if (!exporter && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [exporter ? new SimpleSpanProcessor({ exporter: scrubbing(exporter) }) : new BatchSpanProcessor({ exporter: scrubbing(new OTLPTraceExporter()) })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    async shutdown() {
      await provider.shutdown().catch(() => {});
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
