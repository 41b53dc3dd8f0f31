import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { AppError } from '@/lib/errors';
import { approveTask, PERSON_MUST_APPROVE, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/:id/approve {payload?} → Task (queued). A signed-in person only (DESIGN §3.4).
export const POST = withAuth<{ id: string }>(async ({ request, userId, params }) => {
  if (request.headers.has('authorization')) throw new AppError('forbidden', PERSON_MUST_APPROVE);
  // No body: approve the payload as held.
  const body = !request.body || request.headers.get('content-length') === '0' ? {} : await readJson(request);
  return Response.json(toTaskView(await approveTask(userId, params.id, body)));
});
