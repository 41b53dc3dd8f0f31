import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Every Outpost metric, in one registry per process (web instance or worker). Each process
// exposes its own: Prometheus sums counters across instances. Held on globalThis because Next.js
// may load this module once per route bundle, and two registries would split the counts.

const LATENCY_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  return {
    registry,
    tasksCreated: new Counter({ name: 'outpost_tasks_created_total', help: 'Tasks created (API, server action, batch, cron firing), by kind', labelNames: ['kind'], registers }),
    tasksFinished: new Counter({
      name: 'outpost_tasks_finished_total',
      help: 'Tasks that reached a final status, by kind and outcome (succeeded, failed, cancelled, skipped)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    attempts: new Counter({
      name: 'outpost_delivery_attempts_total',
      help: 'Delivery attempts by kind, outcome (succeeded, retryable, rate_limited, auth_expired, permanent) and error class',
      labelNames: ['kind', 'outcome', 'error_class'],
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'outpost_delivery_duration_seconds',
      help: 'Time an attempt spent delivering (token refresh and every provider request), by kind',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    queueLatency: new Histogram({
      name: 'outpost_delivery_queue_latency_seconds',
      help: 'From when a delivery job was due (enqueued, or its retry time) to when a worker started it, by kind',
      labelNames: ['kind'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'outpost_rate_limit_waits_total',
      help: "Deliveries put back because Outpost's own token bucket (kind or connection) was empty, by kind",
      labelNames: ['kind'],
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'outpost_token_refreshes_total',
      help: 'OAuth token refreshes at the provider, by kind and outcome (refreshed, or the failure reason)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    renderTerminations: new Counter({
      name: 'outpost_render_thread_terminations_total',
      help: 'Render threads ended for overrunning their deadline or heap',
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const KEY = Symbol.for('outpost.metrics');
const holder = globalThis as { [KEY]?: Metrics };

export function metrics(): Metrics {
  return (holder[KEY] ??= create());
}

/**
 * A gauge read when scraped. `read` returns its current values; registering the same name again
 * (a second dispatcher set, a hot reload) replaces the reader.
 */
export function gaugeOnScrape(name: string, help: string, labelNames: string[], read: () => Promise<{ labels: Record<string, string>; value: number }[]> | { labels: Record<string, string>; value: number }[]): void {
  const { registry } = metrics();
  registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read()) this.set(labels, value);
    },
  });
}

/** The Prometheus text exposition of this process's metrics, and its content type. */
export async function exposition(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
