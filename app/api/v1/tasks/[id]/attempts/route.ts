import { withAuth } from '@/lib/api/with-auth';
import { listAttempts, toAttemptView } from '@/lib/tasks';

// GET /api/v1/tasks/:id/attempts → {data: Attempt[]} oldest first
export const GET = withAuth<{ id: string }>(async ({ userId, params }) =>
  Response.json({ data: (await listAttempts(userId, params.id)).map(toAttemptView) }),
);
