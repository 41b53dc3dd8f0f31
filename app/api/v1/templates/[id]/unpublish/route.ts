import { withAuth } from '@/lib/api/with-auth';
import { unpublishTemplate } from '@/lib/templates/library';

// POST /api/v1/templates/:id/unpublish → Template (private again, out of the marketplace)
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await unpublishTemplate(userId, params.id)));
