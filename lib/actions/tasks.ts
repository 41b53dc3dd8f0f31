'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runBulkCommand } from '@/lib/dashboard/bulk';
import { dashboardFiltersSchema } from '@/lib/dashboard/filters';
import { cancelTask, createTask, deleteTask, previewTask, retryTask, runTask } from '@/lib/tasks';
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
