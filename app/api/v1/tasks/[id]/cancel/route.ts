import { withAuth } from '@/lib/api/with-auth';
import { cancelTask, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/:id/cancel → Task
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(toTaskView(await cancelTask(userId, params.id))));
