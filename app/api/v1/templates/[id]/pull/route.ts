import { withAuth } from '@/lib/api/with-auth';
import { getTemplate, pullUpstream } from '@/lib/templates/library';

// POST /api/v1/templates/:id/pull → Template (the origin's newest published version as the fork's next version)
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await pullUpstream(userId, params.id, getTemplate)));
