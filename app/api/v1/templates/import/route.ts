import { readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { getTemplate, importTemplate } from '@/lib/templates/library';

// POST /api/v1/templates/import → 201 Template (a new private template from an export document)
export const POST = withAuth(async ({ request, userId }) => {
  const id = await importTemplate(userId, await readJson(request));
  return Response.json(await getTemplate(userId, id), { status: 201 });
});
