import { checkHealth } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

// GET /api/health: database, queue and worker heartbeat; 503 when any is down.
export async function GET() {
  const report = await checkHealth();
  return Response.json(
    { status: report.ok ? 'ok' : 'degraded', ...report.checks },
    { status: report.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
