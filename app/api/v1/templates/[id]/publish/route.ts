import { withAuth } from '@/lib/api/with-auth';
import { publishTemplate } from '@/lib/templates/library';

// POST /api/v1/templates/:id/publish → Template (the current version is now the shared one)
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await publishTemplate(userId, params.id)));
