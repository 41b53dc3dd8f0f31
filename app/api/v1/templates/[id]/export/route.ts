import { parseQuery } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { exportTemplate, getTemplate, versionQuerySchema } from '@/lib/templates/library';

// GET /api/v1/templates/:id/export[?version=N] → a portable JSON document (no connection ids, no secrets)
export const GET = withAuth<{ id: string }>(async ({ request, userId, params }) => {
  const template = await getTemplate(userId, params.id, parseQuery(request, versionQuerySchema).version);
  return Response.json(exportTemplate(template));
});
