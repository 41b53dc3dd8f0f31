import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { checkHealth } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

/** Whether the request carries OUTPOST_METRICS_TOKEN as its Bearer token. */
function mayReadDetails(request: Request): boolean {
  const token = env().OUTPOST_METRICS_TOKEN;
  const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token || !sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

// GET /api/health: database, queue and worker heartbeat; 503 when any is down. Anyone learns the
// status; the details (worker count, last heartbeat, schema version, what failed) need the metrics token.
export async function GET(request: Request) {
  const report = await checkHealth();
  const status = report.ok ? 'ok' : 'degraded';
  return Response.json(mayReadDetails(request) ? { status, ...report.checks } : { status }, {
    status: report.ok ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
