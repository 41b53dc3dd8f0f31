import type { Server } from 'node:http';
import { env } from '@/lib/env';
import { gaugeOnScrape } from './registry';
import { startMetricsServer } from './server';

/**
 * A worker's own metrics: the deliveries each of its dispatchers runs now, served (with the
 * counters the engine keeps) on OUTPOST_WORKER_METRICS_PORT when it is set.
 */
export async function startWorkerMetrics(workerId: string, dispatchers: { queue: string; inFlight: number }[]): Promise<Server | null> {
  gaugeOnScrape('outpost_deliveries_in_flight', 'Deliveries this worker runs now, per queue', ['worker', 'queue'], () =>
    dispatchers.map((d) => ({ labels: { worker: workerId, queue: d.queue }, value: d.inFlight })),
  );
  const port = env().OUTPOST_WORKER_METRICS_PORT;
  if (!port) return null;
  try {
    const server = await startMetricsServer(port);
    console.log(`[worker] metrics on :${port}/metrics`);
    return server;
  } catch (error) {
    // Another worker on this host has the port: deliveries matter more than this one's metrics.
    console.error(`[worker] metrics port ${port} unavailable (${(error as Error).message}): serving no metrics`);
    return null;
  }
}
