import { withAuth } from '@/lib/api/with-auth';
import { forkTemplate } from '@/lib/templates/library';

// POST /api/v1/templates/:id/fork → 201 Template (a private copy, version 1, forkedFrom set)
export const POST = withAuth<{ id: string }>(async ({ userId, params }) => Response.json(await forkTemplate(userId, params.id), { status: 201 }));
