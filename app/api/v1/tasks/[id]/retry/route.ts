import { withAuth } from '@/lib/api/with-auth';
import { retryTask, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/:id/retry → Task
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(toTaskView(await retryTask(userId, params.id))));
