'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runBulkCommand } from '@/lib/dashboard/bulk';
import { dashboardFiltersSchema } from '@/lib/dashboard/filters';
import { approveTask, approveTasks, cancelTask, createTask, deleteTask, previewTask, rejectTask, retryTask, runTask } from '@/lib/tasks';
import { createTaskSchema, previewSchema } from '@/lib/tasks/schemas';
import { createAction } from './safe-action';

const byId = z.object({ id: z.uuid('is not a task id') });

function touched(id?: string) {
  revalidatePath('/dashboard');
  if (id) revalidatePath(`/tasks/${id}`);
}

export const runTaskAction = createAction(byId, async ({ id }, { userId }) => {
  const task = await runTask(userId!, id);
  touched(id);
  return { status: task.status };
});

export const cancelTaskAction = createAction(byId, async ({ id }, { userId }) => {
  const task = await cancelTask(userId!, id);
  touched(id);
  return { status: task.status };
});

export const retryTaskAction = createAction(byId, async ({ id }, { userId }) => {
  const task = await retryTask(userId!, id);
  touched(id);
  return { status: task.status };
});

export const deleteTaskAction = createAction(byId, async ({ id }, { userId }) => {
  await deleteTask(userId!, id);
  touched();
  return { deleted: true };
});

export const bulkTaskAction = createAction(
  z.object({ command: z.enum(['retry', 'cancel']), filters: dashboardFiltersSchema.omit({ page: true }) }),
  async ({ command, filters }, { userId }) => {
    const result = await runBulkCommand(userId!, command, filters);
    touched();
    return result;
  },
);

// The wizard previews and creates through the engine's own schemas: the server re-validates all of it.
export const previewTaskAction = createAction(previewSchema, async (input, { userId }) => previewTask(userId!, input));

export const createTaskAction = createAction(createTaskSchema, async (input, { userId }) => {
  const { task } = await createTask(userId!, input);
  touched(task.id);
  return { id: task.id, status: task.status };
});

// Approval (DESIGN §3.4): only a signed-in person reaches these (server actions carry the session).
export const approveTaskAction = createAction(z.object({ id: z.uuid('is not a task id'), payload: z.unknown().optional() }), async ({ id, payload }, { userId }) => {
  const task = await approveTask(userId!, id, payload === undefined ? {} : { payload });
  touched(id);
  revalidatePath('/approvals');
  return { status: task.status };
});

export const rejectTaskAction = createAction(z.object({ id: z.uuid('is not a task id'), reason: z.string() }), async ({ id, reason }, { userId }) => {
  const task = await rejectTask(userId!, id, { reason });
  touched(id);
  revalidatePath('/approvals');
  return { status: task.status };
});

export const approveTasksAction = createAction(z.object({ ids: z.array(z.uuid()).min(1).max(100) }), async ({ ids }, { userId }) => {
  const result = await approveTasks(userId!, ids);
  touched();
  revalidatePath('/approvals');
  return result;
});
