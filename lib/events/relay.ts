import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { withTransaction } from '@/lib/db/client';
import { mapRow } from '@/lib/db/map-row';
import { describeError } from '@/lib/describe-error';
import { eventEndpoints, outputTasks, type OutputTask, type TaskEventType } from '@/lib/db/schema';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { sendDeliveries } from '@/lib/tasks/enqueue';
import { createApprovalLink } from '@/lib/tasks/approval-links';
import { firstTransition } from '@/lib/tasks/placement';
import { toTaskView } from '@/lib/tasks/view';

// The relay turns the outbox a trigger on output_tasks fills (drizzle/0012) into event-delivery
// tasks, which the engine then delivers like any other task. Rows are taken with SKIP LOCKED, so
// every worker may run it; a crash before commit leaves them for the next pass.

const BATCH = 200;

type OutboxRow = {
  id: string;
  event_id: string;
  type: TaskEventType;
  user_id: string;
  endpoint_id: string | null;
  notify_url: string | null;
  task: Record<string, unknown>;
  created_at: Date;
};

/** The web app's public origin, for links in events (the worker has no request to read it from). */
function appOrigin(): string | null {
  try {
    return process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : null;
  } catch {
    return null;
  }
}

/**
 * The body every receiver gets (DESIGN §3.4): the task as GET /tasks/:id reads it, without input;
 * a task awaiting approval also carries a single-use link to its review page (for its owner).
 */
export function eventBody(type: TaskEventType, createdAt: Date, task: OutputTask, approvalToken?: string) {
  const { input: _input, ...view } = toTaskView(task);
  const origin = appOrigin();
  const review = approvalToken && origin ? { approvalUrl: `${origin}/approvals/open?token=${approvalToken}` } : {};
  return { type, createdAt: createdAt.toISOString(), data: { task: view, ...review } };
}

/** One pass: up to BATCH outbox rows become delivery tasks; returns how many. */
export async function relayTaskEvents(): Promise<number> {
  return withTransaction(async (tx) => {
    const rows = await tx.sql<OutboxRow[]>`
      delete from task_event_outbox where id in (select id from task_event_outbox order by id limit ${BATCH} for update skip locked)
      returning *`;
    if (rows.length === 0) return 0;
    const endpointIds = [...new Set(rows.map((r) => r.endpoint_id).filter((id): id is string => id !== null))];
    const endpoints = endpointIds.length ? await tx.db.select().from(eventEndpoints).where(inArray(eventEndpoints.id, endpointIds)) : [];
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    const values = [];
    for (const row of rows) {
      const endpoint = row.endpoint_id ? byId.get(row.endpoint_id) : null;
      // An endpoint deleted or paused since the event: nothing to deliver.
      if (row.endpoint_id && (!endpoint || !endpoint.enabled)) continue;
      const url = endpoint ? endpoint.url : row.notify_url;
      if (!url) continue;
      const task = mapRow(outputTasks, row.task);
      // Each receiver gets a link of its own: one use each.
      const token = row.type === 'task.awaiting_approval' ? await createApprovalLink(tx.db, task) : undefined;
      values.push({
        id: randomUUID(),
        userId: row.user_id,
        kind: EVENT_DELIVERY_KIND,
        name: `${row.type} → ${task.name ?? task.id}`,
        connectionId: endpoint?.connectionId ?? null,
        input: eventBody(row.type, new Date(row.created_at), task, token),
        config: { url, eventId: row.event_id, endpointId: endpoint?.id ?? null },
        status: 'queued' as const,
        transitions: firstTransition('queued'),
      });
    }
    if (values.length) {
      await tx.db.insert(outputTasks).values(values);
      await sendDeliveries(tx, values.map((v) => ({ id: v.id, userId: v.userId, kind: v.kind, batchKey: null, connectionId: v.connectionId })));
    }
    return rows.length;
  });
}

/**
 * Runs the relay in a worker: a pass every `intervalMs`, at once again while a pass was full.
 * Events reach their delivery queue within about that interval.
 */
export function startEventRelay(intervalMs = 250): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      while (!stopped && (await relayTaskEvents()) === BATCH) {
        // a full batch: more are waiting
      }
    } catch (error) {
      console.error(`[events] relay pass failed (the next one retries): ${describeError(error).split('\n')[0]}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
