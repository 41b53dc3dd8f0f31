import { withAuth } from '@/lib/api/with-auth';
import { listStarters } from '@/lib/templates/library';

// GET /api/v1/templates/starters → {data: Template[]} (read-only; fork one to edit it)
export const GET = withAuth(async () => Response.json({ data: await listStarters() }));
