import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { inSpan, traceCarrier, withCarriedContext } from './index';
import { startTracing } from './setup';

describe('tracing', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT: spans record nothing and jobs carry nothing', async () => {
    // The test run's web and worker export to a collector; this process starts without it.
    const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    try {
      expect(startTracing('test')).toBeNull();
      await inSpan('off', {}, async (span) => {
        expect(span.isRecording()).toBe(false);
        expect(traceCarrier()).toEqual({});
      });
    } finally {
      if (endpoint !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    }
  });

  it('records spans in memory when on, and a carried context continues the trace elsewhere', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing('test', exporter)!;
    try {
      let carrier: ReturnType<typeof traceCarrier> = {};
      await inSpan('enqueue', { 'outpost.task.kind': 'http-post' }, async () => {
        carrier = traceCarrier();
      });
      expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      // As a worker would, an hour later, with nothing but the job's data.
      await withCarriedContext(carrier, () => inSpan('attempt', {}, async () => {}));
      await expect(inSpan('fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const spans = exporter.getFinishedSpans();
      const [enqueue, attempt, failed] = ['enqueue', 'attempt', 'fails'].map((name) => spans.find((s) => s.name === name)!);
      expect(attempt!.spanContext().traceId).toBe(enqueue!.spanContext().traceId);
      expect(attempt!.parentSpanContext?.spanId).toBe(enqueue!.spanContext().spanId);
      expect(failed!.status.code).toBe(2);
    } finally {
      await tracing.shutdown();
    }
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });
});
