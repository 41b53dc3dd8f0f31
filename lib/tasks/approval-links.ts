import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { db } from '@/lib/db/client';
import { approvalLinks } from '@/lib/db/schema';

// The single-use link a task.awaiting_approval event carries (DESIGN §3.4): it opens the task's
// review page once, for the task's owner, until the approval expires. Only its hash is stored.

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new link token for `task`, written with the caller's database handle (the relay's transaction). */
export async function createApprovalLink(database: Db, task: { id: string; userId: string; approvalExpiresAt: Date | null }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = task.approvalExpiresAt ?? new Date(Date.now() + 24 * 3600_000);
  await database.insert(approvalLinks).values({ tokenHash: hash(token), taskId: task.id, userId: task.userId, expiresAt });
  return token;
}

export type OpenedApprovalLink = { ok: true; taskId: string } | { ok: false; reason: 'invalid' | 'used' | 'expired' | 'other_user' };

/** Uses a link for the signed-in user: only its owner, once, before it expires. */
export async function openApprovalLink(token: string, userId: string): Promise<OpenedApprovalLink> {
  const [row] = await db.select().from(approvalLinks).where(eq(approvalLinks.tokenHash, hash(token))).limit(1);
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.userId !== userId) return { ok: false, reason: 'other_user' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  const [used] = await db
    .update(approvalLinks)
    .set({ usedAt: new Date() })
    .where(and(eq(approvalLinks.tokenHash, row.tokenHash), isNull(approvalLinks.usedAt), gt(approvalLinks.expiresAt, new Date())))
    .returning();
  return used ? { ok: true, taskId: used.taskId } : { ok: false, reason: 'used' };
}
