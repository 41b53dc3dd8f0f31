import type { PgBoss, Queue, WorkOptions } from 'pg-boss';
import type { SlotOptions } from '@/lib/queue/dispatcher';

/** One pg-boss queue the worker consumes: its options and the handler that runs its jobs. */
export type JobDefinition = {
  queue: string;
  queueOptions?: Omit<Queue, 'name'>;
  /** pg-boss work(): batches, each fetched after the previous one is done. */
  workOptions?: WorkOptions;
  /** A pg-boss cron schedule that sends this queue a job (maintenance jobs); UTC. */
  schedule?: { cron: string };
  /** Instead of workOptions: one job per slot, slots refilled as jobs end (lib/queue/dispatcher.ts). */
  slots?: SlotOptions;
  /** Handles one batch of jobs (one job with `slots`); throwing fails them (pg-boss retries per the queue options). */
  handle(jobs: { id: string; data: unknown; retryCount: number; signal: AbortSignal }[], boss: PgBoss): Promise<unknown>;
};
