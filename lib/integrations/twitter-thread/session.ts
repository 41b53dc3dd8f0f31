import { DeliveryError } from '@/lib/integrations/types';
import { refreshXTokens } from './refresh';
import type { RefreshLock } from './refresh-lock';
import type { XSecret } from './schema';
import type { XIo } from './x-http';

/** Refresh this long before the stated expiry, so a token does not die between check and use. */
export const EXPIRY_SKEW_MS = 60_000;

export function expiresSoon(secret: XSecret, now = Date.now(), skewMs = EXPIRY_SKEW_MS): boolean {
  if (!secret.expiresAt) return false;
  return Date.parse(secret.expiresAt) - skewMs <= now;
}

/**
 * The access token of one connection during one delivery: refreshed proactively when it is about to
 * expire, and once after a 401. Refreshes go through the connection's lock (single flight).
 */
export class XSession {
  private refreshedAfter401 = false;

  constructor(
    private secret: XSecret,
    private readonly connectionId: string,
    private readonly lock: RefreshLock,
    private readonly io: XIo,
  ) {}

  get current(): XSecret {
    return this.secret;
  }

  /** Runs `request` with a valid token; on 401 refreshes once and runs it again. */
  async send<T extends { status: number }>(request: (accessToken: string) => Promise<T>): Promise<T> {
    if (expiresSoon(this.secret) && this.secret.refreshToken) await this.refresh();
    const response = await request(this.secret.accessToken);
    if (response.status !== 401 || !this.secret.refreshToken || this.refreshedAfter401) return response;
    this.refreshedAfter401 = true;
    await this.refresh();
    return request(this.secret.accessToken);
  }

  private async refresh(): Promise<void> {
    const stale = this.secret.accessToken;
    this.secret = await this.lock(this.connectionId, async (stored) => {
      // Another worker refreshed while we waited for the lock: its pair is the live one.
      if (stored.accessToken !== stale && !expiresSoon(stored)) return { secret: stored, changed: false };
      if (!stored.refreshToken) {
        throw new DeliveryError({ type: 'auth_expired', reason: 'the X access token expired and the connection has no refresh token; reconnect the X account' });
      }
      const fresh = await refreshXTokens(stored.refreshToken, this.io);
      return { secret: { ...fresh, refreshToken: fresh.refreshToken ?? stored.refreshToken }, changed: true };
    });
  }
}
