import { parseJsonBody } from '@/lib/api/read-body';
import { withAuth } from '@/lib/api/with-auth';
import { createConnectLink, createConnectLinkSchema } from '@/lib/connect/links';
import { appOrigin } from '@/lib/connect/origin';

// POST /api/v1/connect-links: a single-use, 30-minute link that runs a connect flow in its user's browser.
export const POST = withAuth(async ({ request, userId }) => {
  const input = await parseJsonBody(request, createConnectLinkSchema);
  return Response.json(await createConnectLink(userId, input, appOrigin(request)), { status: 201 });
});
