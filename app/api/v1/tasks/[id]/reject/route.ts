import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { AppError } from '@/lib/errors';
import { PERSON_MUST_APPROVE, rejectTask, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/:id/reject {reason} → Task (cancelled). A signed-in person only (DESIGN §3.4).
export const POST = withAuth<{ id: string }>(async ({ request, userId, params }) => {
  if (request.headers.has('authorization')) throw new AppError('forbidden', PERSON_MUST_APPROVE);
  return Response.json(toTaskView(await rejectTask(userId, params.id, await readJson(request))));
});
