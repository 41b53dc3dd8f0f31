import { metricsAnswer } from '@/lib/metrics/endpoint';
import { registerQueueGauges } from '@/lib/metrics/queue-gauges';

export const dynamic = 'force-dynamic';
registerQueueGauges();

// GET /api/metrics (Bearer OUTPOST_METRICS_TOKEN; 404 when unset): this web instance's metrics and
// the queues' backlog, in Prometheus text format.
export async function GET(request: Request): Promise<Response> {
  const { status, body, contentType } = await metricsAnswer(request.headers.get('authorization'));
  return new Response(body, { status, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
