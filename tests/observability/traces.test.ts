import { describe, expect, it } from 'vitest';
import type { CollectedSpan } from '../support/otlp-collector';
import { createUserWithKey, api } from '../support/app';
import { waitFor } from '../support/processes';
import { create, httpTask, receiver, sandbox, waitForStatus } from '../engine/helpers';

// One task through web and worker, with one retry, is one trace: global setup points both at a
// collector (tests/support/otlp-collector.ts) with OTEL_EXPORTER_OTLP_ENDPOINT.
const collected = async (): Promise<CollectedSpan[]> => (await fetch(`${process.env.OUTPOST_TEST_OTLP_URL}/spans`)).json() as Promise<CollectedSpan[]>;

describe('traces', () => {
  it('follow a task from the API request through create, enqueue, both attempts and their requests', async () => {
    const { apiKey } = await createUserWithKey();
    const client = api(apiKey);
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'server_error', status: 503, times: 1 });
    const task = await create(client, httpTask(target.url));
    expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded', attempts: 2 });

    // Spans leave in batches: wait for both attempts' outbound requests to arrive.
    const trace = await waitFor(
      async () => {
        const spans = await collected();
        const created = spans.find((s) => s.name === 'task.create' && s.attributes['outpost.task.id'] === task.id);
        if (!created) return null;
        const inTrace = spans.filter((s) => s.traceId === created.traceId);
        return inTrace.filter((s) => s.name === 'HTTP POST').length >= 2 && inTrace.filter((s) => s.name === 'delivery.job').length >= 2 ? inTrace : null;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: "the task's spans at the collector" },
    );

    const named = (name: string) => trace.filter((s) => s.name === name);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const apiSpans = named('api POST /api/v1/tasks');
    expect(apiSpans).toHaveLength(1);
    expect(apiSpans[0]!.service).toBe('outpost-web');
    const [created] = named('task.create');
    const enqueues = named('task.enqueue');
    const jobs = named('delivery.job');
    const requests = named('HTTP POST');
    expect(enqueues.length).toBeGreaterThanOrEqual(2);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.service === 'outpost-worker' && j.attributes['outpost.task.id'] === task.id)).toBe(true);
    expect(requests.map((r) => r.attributes['http.response.status_code']).sort()).toEqual([200, 503]);
    expect(requests.every((r) => r.attributes['server.address'] === '127.0.0.1')).toBe(true);

    // Parent links: API → create → enqueue → first attempt → its request; the retry is enqueued
    // inside the first attempt and its attempt hangs below that.
    const ancestors = (span: CollectedSpan) => {
      const chain: string[] = [];
      for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) chain.push(at.name);
      return chain;
    };
    expect(ancestors(created!)).toContain('api POST /api/v1/tasks');
    const [first, second] = [...jobs].sort((a, b) => ancestors(a).length - ancestors(b).length);
    expect(ancestors(first!).slice(0, 2)).toEqual(['task.enqueue', 'task.create']);
    expect(ancestors(second!)).toEqual(expect.arrayContaining(['task.enqueue', 'delivery.job', 'task.create', 'api POST /api/v1/tasks']));
    for (const request of requests) expect(ancestors(request)).toContain('delivery.job');
    // Every span with a parent finds it in the trace: nothing lost between processes.
    const roots = trace.filter((s) => !s.parentSpanId || !byId.has(s.parentSpanId));
    expect(roots).toHaveLength(1);

    // No attribute holds a secret, a token, a body or a URL path.
    const attributes = JSON.stringify(trace.map((s) => s.attributes));
    for (const secret of [apiKey, target.path, process.env.OUTPOST_METRICS_TOKEN!, process.env.OUTPOST_SANDBOX_TOKEN!, 'Hello']) {
      expect(attributes).not.toContain(secret);
    }
  });
});
