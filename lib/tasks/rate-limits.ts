import type { Connection } from '@/lib/db/schema';
import type { Integration } from '@/lib/integrations/types';
import { takeToken, type BucketPolicy } from '@/lib/rate-limit/token-bucket';

/**
 * The per-connection policy: the integration's, unless the connection's metadata carries
 * `rateLimitPerSecond` (and optionally `rateLimitBurst`), which operators set for endpoints that
 * accept less (documented in the API reference).
 */
export function connectionPolicy(integration: Integration, connection: Pick<Connection, 'metadata'> | null): BucketPolicy | undefined {
  const meta = connection?.metadata ?? {};
  const rate = Number(meta.rateLimitPerSecond);
  if (Number.isFinite(rate) && rate > 0) {
    const burst = Number(meta.rateLimitBurst);
    return { refillPerSecond: rate, capacity: Number.isFinite(burst) && burst >= 1 ? burst : Math.max(1, rate) };
  }
  return integration.rateLimit.perConnection;
}

/** Takes a token from the per-kind and per-connection buckets; returns how long to wait when limited. */
export async function takeDeliveryTokens(integration: Integration, connection: Connection | null): Promise<number | null> {
  const perKind = integration.rateLimit.perKind;
  if (perKind) {
    const taken = await takeToken(`rl:kind:${integration.kind}`, perKind);
    if (!taken.ok) return taken.retryAfterMs;
  }
  const perConn = connectionPolicy(integration, connection);
  if (perConn && connection) {
    const taken = await takeToken(`rl:conn:${connection.id}`, perConn);
    if (!taken.ok) return taken.retryAfterMs;
  }
  return null;
}
