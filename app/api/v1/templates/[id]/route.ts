import { parseQuery, readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { deleteTemplate, getTemplate, patchTemplate, versionQuerySchema } from '@/lib/templates/library';

type Params = { id: string };

// GET /api/v1/templates/:id[?version=N] → Template with variables and updateAvailable
export const GET = withAuth<Params>(async ({ request, userId, params }) =>
  Response.json(await getTemplate(userId, params.id, parseQuery(request, versionQuerySchema).version)),
);

// PATCH /api/v1/templates/:id → Template (a new version; the old one stays readable)
export const PATCH = withAuth<Params>(async ({ request, userId, params }) => Response.json(await patchTemplate(userId, params.id, await readJson(request))));

// DELETE /api/v1/templates/:id → 204
export const DELETE = withAuth<Params>(async ({ userId, params }) => {
  await deleteTemplate(userId, params.id);
  return new Response(null, { status: 204 });
});
