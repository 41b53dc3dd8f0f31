import { withAuth } from '@/lib/api/with-auth';
import { diffWithUpstream } from '@/lib/templates/library';

// GET /api/v1/templates/:id/diff → the fork's sample rendered by its current version and by the origin's newest
export const GET = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await diffWithUpstream(userId, params.id)));
