import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { exposition } from './registry';

/** Whether `authorization` is `Bearer <token>` (compared in constant time). */
function presentsToken(authorization: string | null, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!presented) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a request presents OUTPOST_METRICS_TOKEN (false when it is unset). */
export function presentsMetricsToken(authorization: string | null): boolean {
  const token = env().OUTPOST_METRICS_TOKEN;
  return Boolean(token) && presentsToken(authorization, token!);
}

/**
 * The answer to a metrics scrape: 404 when OUTPOST_METRICS_TOKEN is unset (metrics off, and the
 * endpoint not given away), 401 without the token, else the Prometheus text format.
 */
export async function metricsAnswer(authorization: string | null): Promise<{ status: number; body: string; contentType: string }> {
  const token = env().OUTPOST_METRICS_TOKEN;
  if (!token) return { status: 404, body: 'Not found', contentType: 'text/plain' };
  if (!presentsToken(authorization, token)) return { status: 401, body: 'Bearer OUTPOST_METRICS_TOKEN required', contentType: 'text/plain' };
  return { status: 200, ...(await exposition()) };
}
