import { parseQuery } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { marketplaceQuerySchema, searchMarketplace } from '@/lib/templates/library';

// GET /api/v1/marketplace/templates?kind=&q=&cursor=&limit= → {data: Template[], nextCursor}
export const GET = withAuth(async ({ request, userId }) => Response.json(await searchMarketplace(userId, parseQuery(request, marketplaceQuerySchema))));
