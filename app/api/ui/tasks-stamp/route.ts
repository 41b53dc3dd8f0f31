import { auth } from '@/lib/auth/config';
import { tasksStamp } from '@/lib/dashboard/tasks';

export const dynamic = 'force-dynamic';

// GET /api/ui/tasks-stamp: the signed-in user's task fingerprint, polled by the live pages.
export async function GET() {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return Response.json({ error: { code: 'unauthorized', message: 'Sign in again' } }, { status: 401 });
  return Response.json({ stamp: await tasksStamp(userId) }, { headers: { 'cache-control': 'no-store' } });
}
