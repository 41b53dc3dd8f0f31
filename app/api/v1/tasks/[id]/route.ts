import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { deleteTask, getOwnedTask, patchTask, toTaskView } from '@/lib/tasks';

type Params = { id: string };

export const GET = withAuth<Params>(async ({ userId, params }) => Response.json(toTaskView(await getOwnedTask(userId, params.id))));

export const PATCH = withAuth<Params>(async ({ request, userId, params }) =>
  Response.json(toTaskView(await patchTask(userId, params.id, await readJson(request)))),
);

export const DELETE = withAuth<Params>(async ({ userId, params }) => {
  await deleteTask(userId, params.id);
  return new Response(null, { status: 204 });
});
