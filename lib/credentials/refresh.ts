import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { metrics } from '@/lib/metrics/registry';
import { connections, type Connection } from '@/lib/db/schema';
import { oauthProvider, oauthTokensOf, providerOfConnection, type OAuthTokens } from './providers';
import { openRowSecret, sealedColumns } from './sealed-row';
import { DEFAULT_REFRESH_POLICY, refreshAtProvider, TokenRefreshError, type RefreshPolicy, type TokenIo } from './token-endpoint';

/**
 * A refresh lease outlives the longest provider conversation it covers (DEFAULT_REFRESH_POLICY's
 * budget, 25 s), so a holder always writes the rotated pair before anyone may take the lease over;
 * a holder that died simply lets it lapse.
 */
export const REFRESH_LEASE_MS = 60_000;
/** Tokens this close to expiry are refreshed before use. */
export const EXPIRY_SKEW_MS = 60_000;
const WAIT_POLL_MS = 150;

export function expiresWithin(tokens: Pick<OAuthTokens, 'expiresAt'>, ms: number, now = Date.now()): boolean {
  if (!tokens.expiresAt) return false;
  const at = Date.parse(tokens.expiresAt);
  return Number.isNaN(at) || at - ms <= now;
}

/** What a refresh needs besides the connection id. */
export type RefreshRequest = {
  /** An access token the provider just rejected (a 401): refresh unless the stored one is already another. */
  rejectedAccessToken?: string;
  /** Refresh when the stored token expires within this (the proactive job uses 15 minutes). */
  minValidityMs?: number;
  io: TokenIo;
  policy?: RefreshPolicy;
};

export type RefreshOutcome = { secret: Record<string, unknown>; refreshed: boolean };

/** The connection is gone, or cannot be refreshed (no refresh token, not an OAuth connection). */
export class CredentialsUnavailableError extends Error {
  constructor(
    message: string,
    readonly needsReauth: boolean,
  ) {
    super(message);
    this.name = 'CredentialsUnavailableError';
  }
}

const leaseOwner = () => `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stillGood(secret: Record<string, unknown>, request: RefreshRequest): boolean {
  const tokens = oauthTokensOf(secret);
  if (!tokens) return false;
  if (request.rejectedAccessToken !== undefined && tokens.accessToken === request.rejectedAccessToken) return false;
  return !expiresWithin(tokens, request.minValidityMs ?? EXPIRY_SKEW_MS);
}

async function takeLease(connectionId: string, owner: string): Promise<Connection | null> {
  const [row] = await db
    .update(connections)
    .set({ refreshLeaseOwner: owner, refreshLeaseUntil: sql`now() + make_interval(secs => ${REFRESH_LEASE_MS / 1000})` })
    .where(and(eq(connections.id, connectionId), or(isNull(connections.refreshLeaseUntil), lt(connections.refreshLeaseUntil, sql`now()`))))
    .returning();
  return row ?? null;
}

async function releaseLease(connectionId: string, owner: string, set: Partial<typeof connections.$inferInsert> = {}): Promise<boolean> {
  const rows = await db
    .update(connections)
    .set({ ...set, refreshLeaseOwner: null, refreshLeaseUntil: null })
    .where(and(eq(connections.id, connectionId), eq(connections.refreshLeaseOwner, owner)))
    .returning({ id: connections.id });
  return rows.length > 0;
}

/**
 * Fresh credentials for one connection, refreshed at most once across every process: whoever takes
 * the connection's lease (a guarded UPDATE, no transaction held) asks the provider and stores the
 * new pair; everyone else polls the row until the lease is gone and uses what was stored. No
 * database connection is held while the provider answers.
 *
 * Throws TokenRefreshError (`grant_refused` after marking the connection `needs_reauth`;
 * `unavailable` leaves it alone) or CredentialsUnavailableError.
 */
export async function refreshConnection(connectionId: string, request: RefreshRequest): Promise<RefreshOutcome> {
  const owner = leaseOwner();
  const giveUpAt = Date.now() + REFRESH_LEASE_MS + 10_000;
  for (;;) {
    const leased = await takeLease(connectionId, owner);
    if (!leased) {
      const [row] = await db.select().from(connections).where(eq(connections.id, connectionId)).limit(1);
      if (!row) throw new CredentialsUnavailableError('the connection was deleted', false);
      if (row.status === 'needs_reauth') throw new CredentialsUnavailableError(reauthMessage(row), true);
      const secret = openRowSecret<Record<string, unknown>>(row);
      // Another process refreshed while we waited: its pair is the live one.
      if (stillGood(secret, request)) return { secret, refreshed: false };
      if (Date.now() > giveUpAt) throw new TokenRefreshError('unavailable', 'waited too long for another process to refresh the token');
      await sleep(WAIT_POLL_MS);
      continue;
    }
    return refreshHoldingLease(leased, owner, request);
  }
}

async function refreshHoldingLease(row: Connection, owner: string, request: RefreshRequest): Promise<RefreshOutcome> {
  let secret: Record<string, unknown>;
  try {
    secret = openRowSecret<Record<string, unknown>>(row);
  } catch (error) {
    await releaseLease(row.id, owner);
    throw error;
  }
  if (row.status === 'needs_reauth') {
    await releaseLease(row.id, owner);
    throw new CredentialsUnavailableError(reauthMessage(row), true);
  }
  if (stillGood(secret, request)) {
    await releaseLease(row.id, owner);
    return { secret, refreshed: false };
  }
  const tokens = oauthTokensOf(secret);
  const providerId = providerOfConnection(row);
  if (!tokens?.refreshToken || !providerId) {
    await releaseLease(row.id, owner);
    const why = !providerId ? 'it was not connected through OAuth' : 'it has no refresh token';
    throw new CredentialsUnavailableError(`the access token of connection "${row.label}" expired and cannot be refreshed (${why}); reconnect it`, true);
  }
  const provider = oauthProvider(providerId);
  let fresh: OAuthTokens;
  try {
    fresh = await refreshAtProvider(provider, tokens.refreshToken, request.io, request.policy ?? DEFAULT_REFRESH_POLICY);
    metrics().tokenRefreshes.inc({ kind: row.kind, outcome: 'refreshed' });
  } catch (error) {
    metrics().tokenRefreshes.inc({ kind: row.kind, outcome: error instanceof TokenRefreshError ? error.reason : 'error' });
    if (error instanceof TokenRefreshError && error.reason === 'grant_refused') {
      const reason = `${error.message}; reconnect the ${provider.name} account`;
      await releaseLease(row.id, owner, { status: 'needs_reauth', statusReason: reason, updatedAt: new Date(), lastCheckedAt: new Date() });
    } else {
      await releaseLease(row.id, owner);
    }
    throw error;
  }
  const next: Record<string, unknown> = { ...secret, ...fresh };
  if (!fresh.expiresAt) delete next.expiresAt;
  const stored = await releaseLease(row.id, owner, {
    ...sealedColumns(next, row),
    tokenExpiresAt: fresh.expiresAt ? new Date(fresh.expiresAt) : null,
    refreshCount: sql`${connections.refreshCount} + 1` as unknown as number,
    lastCheckedAt: new Date(),
    updatedAt: new Date(),
  });
  if (!stored) {
    // Only possible when this process stalled past the lease: the provider rotated the pair and
    // someone else now holds the lease. Say so loudly; the next refresh will tell whether it lived.
    console.error(`[credentials] connection ${row.id}: lost the refresh lease before storing the new tokens`);
  }
  return { secret: next, refreshed: true };
}

export function reauthMessage(row: Pick<Connection, 'label' | 'statusReason'>): string {
  return `connection "${row.label}" needs to be reconnected${row.statusReason ? ` (${row.statusReason})` : ''}`;
}

/** Active OAuth connections whose tokens expire within `withinMs` (the proactive refresh's work list). */
export async function connectionsExpiringWithin(withinMs: number, limit = 200): Promise<Pick<Connection, 'id' | 'kind' | 'label' | 'tokenExpiresAt'>[]> {
  return db
    .select({ id: connections.id, kind: connections.kind, label: connections.label, tokenExpiresAt: connections.tokenExpiresAt })
    .from(connections)
    .where(
      and(
        eq(connections.status, 'active'),
        sql`${connections.tokenExpiresAt} is not null`,
        lt(connections.tokenExpiresAt, sql`now() + make_interval(secs => ${withinMs / 1000})`),
      ),
    )
    .orderBy(connections.tokenExpiresAt)
    .limit(limit);
}
