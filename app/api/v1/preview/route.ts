import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { previewTask } from '@/lib/tasks';

// POST /api/v1/preview → {payload, validation: {ok, errors}, wouldRun}; never delivers
export const POST = withAuth(async ({ request, userId }) => Response.json(await previewTask(userId, await readJson(request))));
