// Worker entrypoint: consumes every Outpost queue until SIGTERM/SIGINT, then drains and exits.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { bookkeepingSql, closeDb } from '@/lib/db/client';
import { onUncaughtException } from '@/lib/db/driver-faults';
import { env } from '@/lib/env';
import { startWorkerMetrics } from '@/lib/metrics/worker';
import { startTracing } from '@/lib/tracing/setup';
import { startEventRelay } from '@/lib/events/relay';
import { getBoss, stopBoss } from '@/lib/queue/boss';
import { listenForDispatchers, SlotDispatcher } from '@/lib/queue/dispatcher';
import { retentionOptions } from '@/lib/queue/queues';
import { bossDbFor } from '@/lib/queue/tx-adapter';
import { startHeartbeat } from './heartbeat';
import { jobDefinitions } from './registry';

process.env.OUTPOST_PROCESS_NAME ??= 'outpost-worker';
env(); // fail fast on invalid configuration
const tracing = startTracing('outpost-worker');
let stopping = false;
// When Ctrl-C reaches the whole process group, Postgres may shut down while we drain: expected then.
onUncaughtException('worker', (error) => {
  console.error(`[worker] ${stopping ? 'during shutdown: ' : ''}${error.message}`);
  process.exit(stopping ? 0 : 1);
});
const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const boss = await getBoss('worker');
const definitions = await jobDefinitions();
const dispatchers: SlotDispatcher[] = [];
const retention = retentionOptions(env().OUTPOST_RETENTION_DAYS);
// Fetches, completions and heartbeats are bookkeeping recovery redoes (lib/db/client.ts).
const bookkeeping = bossDbFor(bookkeepingSql());
for (const definition of definitions) {
  await boss.createQueue(definition.queue, definition.queueOptions);
  // createQueue leaves an existing queue as it was: the retention setting may have changed since.
  await boss.updateQueue(definition.queue, retention);
  if (definition.schedule) await boss.schedule(definition.queue, definition.schedule.cron, null, { tz: 'UTC' });
  if (definition.slots) {
    dispatchers.push(new SlotDispatcher(boss, definition.queue, { ...definition.slots, db: bookkeeping }, (job) => definition.handle([job], boss).then(() => {})));
    continue;
  }
  await boss.work(
    definition.queue,
    { localConcurrency: 1, ...definition.workOptions },
    (jobs) => definition.handle(jobs, boss),
  );
}
const listener = await listenForDispatchers(boss, dispatchers);
for (const dispatcher of dispatchers) dispatcher.start();
const heartbeat = startHeartbeat(workerId);
const metricsServer = await startWorkerMetrics(workerId, dispatchers);
// Task events: the outbox a trigger fills becomes event-delivery tasks (lib/events/relay.ts).
const eventRelay = startEventRelay();
console.log(`[worker] ${workerId} consuming ${definitions.length} queues`);

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing in-flight jobs…`);
  const hardStop = setTimeout(() => process.exit(1), 45_000);
  hardStop.unref();
  // Graceful: stop fetching, wait for handlers; jobs still active at the timeout are released.
  await eventRelay.stop();
  await Promise.all(dispatchers.map((d) => d.stop(30_000)));
  await listener?.close().catch(() => {});
  await stopBoss({ graceful: true, timeout: 30_000 }).catch((error: Error) => console.error(`[worker] stopping the queue: ${error.message}`));
  await heartbeat.stop();
  metricsServer?.close();
  await tracing?.shutdown();
  await closeDb().catch(() => {});
  console.log('[worker] stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
