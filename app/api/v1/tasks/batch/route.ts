import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { createTasks, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/batch {tasks: [...]} (≤ 500) → 201 {data: Task[]} in request order
export const POST = withAuth(async ({ request, userId }) => {
  const tasks = await createTasks(userId, await readJson(request));
  return Response.json({ data: tasks.map(toTaskView) }, { status: 201 });
});
