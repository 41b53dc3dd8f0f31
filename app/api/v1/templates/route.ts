import { parseQuery, readJson } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { createTemplate, listTemplates, listTemplatesQuerySchema } from '@/lib/templates/library';

// GET /api/v1/templates?kind=&limit=&cursor= → {data: Template[], nextCursor}
export const GET = withAuth(async ({ request, userId }) => Response.json(await listTemplates(userId, parseQuery(request, listTemplatesQuerySchema))));

// POST /api/v1/templates → 201 Template (version 1), validated against its sample input
export const POST = withAuth(async ({ request, userId }) => Response.json(await createTemplate(userId, await readJson(request)), { status: 201 }));
