import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { outputTasks, type OutputTask, type TaskStatus } from '@/lib/db/schema';

/**
 * The task state machine (DESIGN §2). Every status change in the engine goes through `transition`,
 * one guarded UPDATE: the row changes only if its current status is one the target may be reached
 * from, so concurrent workers and API calls can never move a task along an edge that is not here.
 */
export const allowedFrom: Record<TaskStatus, readonly TaskStatus[]> = {
  draft: [],
  scheduled: ['draft', 'scheduled'],
  waiting: ['draft', 'scheduled', 'waiting'],
  queued: ['draft', 'scheduled', 'waiting', 'failed', 'queued', 'awaiting_approval'],
  // `running` from `running`: a crashed worker's claim is taken over when pg-boss re-delivers its job.
  running: ['scheduled', 'queued', 'retrying', 'running'],
  retrying: ['running'],
  awaiting_approval: ['running'],
  succeeded: ['running'],
  failed: ['running', 'queued', 'retrying'],
  cancelled: ['draft', 'scheduled', 'waiting', 'queued', 'retrying', 'running', 'awaiting_approval'],
  skipped: ['draft', 'waiting', 'queued', 'running', 'scheduled', 'awaiting_approval'],
};

export const terminalStatuses: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped'];
export const finishedForDependents: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped'];

// finished_at is set exactly while a task is in a terminal status: reaching one sets it, leaving one
// (a retry: failed → queued) clears it. The unfinished-tasks index relies on that (status-filter.ts).
const reopens = (to: TaskStatus) => !terminalStatuses.includes(to) && allowedFrom[to].some((s) => terminalStatuses.includes(s));

export type TransitionOptions = {
  /** Narrows the source statuses further (must be a subset of allowedFrom[to]). */
  from?: readonly TaskStatus[];
  /** Other columns to set in the same statement. */
  set?: Partial<Record<keyof OutputTask, unknown>>;
  /** Extra WHERE condition (e.g. owner). */
  where?: SQL;
};

function appendTransition(to: TaskStatus): SQL {
  return sql`${outputTasks.transitions} || jsonb_build_array(jsonb_build_object('from', ${outputTasks.status}::text, 'to', ${to}::text, 'at', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`;
}

export function sources(to: TaskStatus, from?: readonly TaskStatus[]): TaskStatus[] {
  const allowed = allowedFrom[to];
  return from ? from.filter((s) => allowed.includes(s)) : [...allowed];
}

function setClause(to: TaskStatus, set: TransitionOptions['set']) {
  return {
    ...(set as Record<string, unknown>),
    status: to,
    transitions: appendTransition(to),
    updatedAt: sql`now()`,
    ...(terminalStatuses.includes(to) ? { finishedAt: sql`now()` } : reopens(to) ? { finishedAt: null } : {}),
  };
}

/**
 * The same transition as SQL fragments, for hot-path statements that also touch other tables in
 * one round trip: `set` goes after SET (before any other columns), `guard` into the WHERE.
 */
export function transitionFragments(to: TaskStatus, from?: readonly TaskStatus[]): { set: SQL; guard: SQL } {
  const allowed = sources(to, from);
  const finished = terminalStatuses.includes(to) ? sql`, finished_at = now()` : reopens(to) ? sql`, finished_at = null` : sql``;
  return {
    set: sql`status = ${to}, transitions = transitions || jsonb_build_array(jsonb_build_object('from', status::text, 'to', ${to}::text, 'at', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))), updated_at = now()${finished}`,
    guard: allowed.length ? sql`status in (${sql.join(allowed.map((s) => sql`${s}`), sql`, `)})` : sql`false`,
  };
}

/** Moves one task to `to` if its status allows it; returns the updated row or null. */
export async function transition(database: Db, id: string, to: TaskStatus, opts: TransitionOptions = {}): Promise<OutputTask | null> {
  const [row] = await transitionWhere(database, eq(outputTasks.id, id), to, opts);
  return row ?? null;
}

/** Moves every task matching `target` whose status allows it; returns the updated rows. */
export async function transitionWhere(database: Db, target: SQL, to: TaskStatus, opts: TransitionOptions = {}): Promise<OutputTask[]> {
  const from = sources(to, opts.from);
  if (from.length === 0) return [];
  return database
    .update(outputTasks)
    .set(setClause(to, opts.set) as never)
    .where(and(target, inArray(outputTasks.status, from), opts.where))
    .returning();
}

/** A task and the batch members it delivers for (the leader's id is their batch_leader_id). */
export function groupOf(leaderId: string): SQL {
  return or(eq(outputTasks.id, leaderId), eq(outputTasks.batchLeaderId, leaderId))!;
}
