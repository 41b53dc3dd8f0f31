import type { PgBoss, Queue, WorkOptions } from 'pg-boss';

/** One pg-boss queue the worker consumes: its options and the handler that runs its jobs. */
export type JobDefinition = {
  queue: string;
  queueOptions?: Omit<Queue, 'name'>;
  workOptions?: WorkOptions;
  /** A pg-boss cron schedule that sends this queue a job (maintenance jobs); UTC. */
  schedule?: { cron: string };
  /** Handles one batch of jobs; throwing fails them (pg-boss retries per the queue options). */
  handle(jobs: { id: string; data: unknown; retryCount: number; signal: AbortSignal }[], boss: PgBoss): Promise<unknown>;
};
