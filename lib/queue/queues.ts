import type { PgBoss, Queue } from 'pg-boss';

export const CRON_QUEUE = 'outpost.cron';
export const DEAD_LETTER_QUEUE = 'outpost.dead-letter';
const DELIVER_PREFIX = 'deliver.';

export function deliveryQueue(kind: string): string {
  return `${DELIVER_PREFIX}${kind}`;
}

/**
 * `direct`: the task has no batch, no connection and no per-kind limit, so the worker may claim it
 * straight away instead of reading it first to take rate-limit tokens.
 */
export type DeliveryJobData = {
  taskId: string;
  direct?: boolean;
  /** When the job became due (epoch ms): the worker measures the queue wait from it. */
  due?: number;
  /** The W3C trace context of the enqueue, when tracing is on: the attempt joins the task's trace. */
  trace?: { traceparent?: string; tracestate?: string };
};
export type CronJobData = { taskId: string };
export type DeadLetterJobData = { taskId: string; reason: 'exhausted' | 'permanent' | 'crashed' };

/**
 * Delivery queues. Outcomes (retry, rate limit, failure) are handled by the engine itself, which
 * re-sends a job; pg-boss's own retries only cover a handler that crashed or a worker that died
 * (missed heartbeat / expiry), and when those run out the job lands in the dead-letter queue.
 */
export const deliveryQueueOptions: Omit<Queue, 'name'> = {
  notify: true,
  retryLimit: 5,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 60,
  // A delivery takes at most 30 s of HTTP plus rendering and bookkeeping.
  expireInSeconds: 120,
  // A SIGKILLed worker stops heart-beating; the supervisor re-delivers its jobs within ~20 s.
  heartbeatSeconds: 10,
  deadLetter: DEAD_LETTER_QUEUE,
};

export const cronQueueOptions: Omit<Queue, 'name'> = {
  notify: true,
  retryLimit: 5,
  retryDelay: 1,
  expireInSeconds: 60,
};

export const deadLetterQueueOptions: Omit<Queue, 'name'> = {
  notify: true,
  retryLimit: 3,
  retryDelay: 5,
};

/**
 * pg-boss keeps finished jobs, and jobs left waiting, as long as Outpost keeps finished tasks
 * (OUTPOST_RETENTION_DAYS): the worker applies this to every engine queue at start.
 */
export function retentionOptions(days: number): { deleteAfterSeconds: number; retentionSeconds: number } {
  return { deleteAfterSeconds: days * 86_400, retentionSeconds: days * 86_400 };
}

/** Polling only as a backstop: notify wakes workers; 1 s keeps delayed (startAfter) jobs punctual. */
export const pollingOptions = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 } as const;

export function queueDefinitions(kinds: string[]): { name: string; options: Omit<Queue, 'name'> }[] {
  return [
    // The dead-letter queue first: delivery queues reference it.
    { name: DEAD_LETTER_QUEUE, options: deadLetterQueueOptions },
    { name: CRON_QUEUE, options: cronQueueOptions },
    ...kinds.map((kind) => ({ name: deliveryQueue(kind), options: deliveryQueueOptions })),
  ];
}

const ensured = new WeakMap<PgBoss, Promise<void>>();

/** Creates every Outpost queue once per process (createQueue is a no-op for existing queues). */
export function ensureQueues(boss: PgBoss, kinds: string[]): Promise<void> {
  let pending = ensured.get(boss);
  if (!pending) {
    pending = (async () => {
      for (const q of queueDefinitions(kinds)) await boss.createQueue(q.name, q.options);
    })();
    pending.catch(() => ensured.delete(boss));
    ensured.set(boss, pending);
  }
  return pending;
}
