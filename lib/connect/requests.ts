import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { connectRequests, type ConnectRequest, type ConnectRequestPurpose } from '@/lib/db/schema';
import type { ConnectKind } from './kinds';

// Single-use, expiring tokens bound to one user: OAuth `state` values and connect links. The
// token itself lives only in the browser (cookie or link); the table keeps its hash.

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

export const newToken = (): string => randomBytes(32).toString('base64url');

export async function recordRequest(input: {
  userId: string;
  purpose: ConnectRequestPurpose;
  kind: ConnectKind;
  token: string;
  ttlMs: number;
  label?: string | null;
  returnTo?: string | null;
}): Promise<ConnectRequest> {
  const [row] = await db
    .insert(connectRequests)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      kind: input.kind,
      tokenHash: hash(input.token),
      label: input.label ?? null,
      returnTo: input.returnTo ?? null,
      expiresAt: new Date(Date.now() + input.ttlMs),
    })
    .returning();
  // An expired row can no longer be used, so it goes at once: the table holds at most the live
  // requests (which the start limits bound), not a day of them.
  await db.delete(connectRequests).where(lt(connectRequests.expiresAt, new Date()));
  return row!;
}

/** Consumes a token: only for its own user, before it expires, and only the first time. */
export async function consumeRequest(purpose: ConnectRequestPurpose, token: string, userId: string): Promise<ConnectRequest | null> {
  const [row] = await db
    .update(connectRequests)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(connectRequests.tokenHash, hash(token)),
        eq(connectRequests.purpose, purpose),
        eq(connectRequests.userId, userId),
        isNull(connectRequests.usedAt),
        gt(connectRequests.expiresAt, new Date()),
      ),
    )
    .returning();
  return row ?? null;
}

/** The request behind a token whatever its state, to explain why it cannot be used. */
export async function findRequest(purpose: ConnectRequestPurpose, token: string): Promise<ConnectRequest | null> {
  const [row] = await db
    .select()
    .from(connectRequests)
    .where(and(eq(connectRequests.tokenHash, hash(token)), eq(connectRequests.purpose, purpose)))
    .limit(1);
  return row ?? null;
}
