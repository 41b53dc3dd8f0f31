import { eq, sql } from 'drizzle-orm';
import { openSecret, sealSecret } from '@/lib/credentials/crypto';
import { withTransaction } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { DeliveryError } from '@/lib/integrations/types';
import type { XSecret } from './schema';

export type RefreshDecision = { secret: XSecret; changed: boolean };

/**
 * Runs `decide` while holding the connection's refresh lock, with the secret as stored *now*, and
 * persists the secret it returns when `changed`. Returns the secret to use from then on.
 */
export type RefreshLock = (connectionId: string, decide: (current: XSecret) => Promise<RefreshDecision>) => Promise<XSecret>;

/**
 * Single-flight refresh across every worker: a row lock on the connection (SELECT … FOR UPDATE).
 * A worker that waited for the lock re-reads the secret, sees the pair another worker just stored,
 * and uses it instead of spending the (already rotated, now dead) refresh token. The new pair is
 * written in the same transaction, so it is durable before the lock is released.
 */
export const postgresRefreshLock: RefreshLock = (connectionId, decide) =>
  withTransaction(async (tx) => {
    const [row] = await tx.db.select().from(connections).where(eq(connections.id, connectionId)).for('update');
    if (!row) throw new DeliveryError({ type: 'permanent', reason: 'the connection was deleted' });
    const current = openSecret<XSecret>({
      keyVersion: row.secretKeyVersion,
      nonce: row.secretNonce,
      tag: row.secretTag,
      ciphertext: row.secretCiphertext,
    });
    const decision = await decide(current);
    if (decision.changed) {
      const sealed = sealSecret(decision.secret);
      await tx.db
        .update(connections)
        .set({
          secretKeyVersion: sealed.keyVersion,
          secretNonce: sealed.nonce,
          secretTag: sealed.tag,
          secretCiphertext: sealed.ciphertext,
          tokenExpiresAt: decision.secret.expiresAt ? new Date(decision.secret.expiresAt) : null,
          refreshCount: sql`${connections.refreshCount} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(connections.id, connectionId));
    }
    return decision.secret;
  });
