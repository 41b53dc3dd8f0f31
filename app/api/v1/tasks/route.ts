import { parseQuery, readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { createTask, listTasks, listTasksQuerySchema, toTaskView } from '@/lib/tasks';

// GET /api/v1/tasks?status=&kind=&limit=&cursor= → {data: Task[], nextCursor}
export const GET = withAuth(async ({ request, userId }) => {
  const page = await listTasks(userId, parseQuery(request, listTasksQuerySchema));
  return Response.json({ data: page.data.map(toTaskView), nextCursor: page.nextCursor });
});

// POST /api/v1/tasks → 201 Task (200 with the first task for a repeated Idempotency-Key)
export const POST = withAuth(async ({ request, userId }) => {
  const { task, created } = await createTask(userId, await readJson(request), request.headers.get('idempotency-key'));
  return Response.json(toTaskView(task), { status: created ? 201 : 200 });
});
