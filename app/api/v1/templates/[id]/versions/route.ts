import { withAuth } from '@/lib/api/with-auth';
import { templateVersionList } from '@/lib/templates/library';

// GET /api/v1/templates/:id/versions → {data: [{version, name, createdAt, publishedAt}]}, newest first
export const GET = withAuth<{ id: string }>(async ({ userId, params }) => {
  const versions = await templateVersionList(userId, params.id);
  return Response.json({
    data: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), publishedAt: v.publishedAt?.toISOString() ?? null })),
  });
});
