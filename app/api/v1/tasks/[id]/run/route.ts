import { withAuth } from '@/lib/api/with-auth';
import { runTask, toTaskView } from '@/lib/tasks';

// POST /api/v1/tasks/:id/run → Task
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(toTaskView(await runTask(userId, params.id))));
