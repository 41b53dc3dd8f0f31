import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';

// Sessions stay JWTs (Credentials sign-in needs them), but each one names a row of `sessions`
// (Auth.js' own table, unused by the JWT strategy otherwise) and is accepted only while that row
// lives. Sign-out deletes the row, so a copied cookie stops working at once; "sign out everywhere"
// and a password change delete the user's other rows. The check is one primary-key lookup per
// authenticated request.

export const SESSION_MAX_AGE_MS = 30 * 24 * 3600_000;
// A live session's row is pushed forward at most once a day, not on every request.
const EXTEND_AFTER_MS = 24 * 3600_000;

export async function startSession(userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ sessionToken: id, userId, expires: new Date(Date.now() + SESSION_MAX_AGE_MS) });
  // Ended sessions are of no use to anyone; clearing them on the way keeps the table small.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expires, new Date())));
  return id;
}

/** Whether the session is still live for this user; a live one used today is kept 30 more days. */
export async function sessionIsLive(id: string, userId: string): Promise<boolean> {
  const now = Date.now();
  const [row] = await db
    .select({ expires: sessions.expires })
    .from(sessions)
    .where(and(eq(sessions.sessionToken, id), eq(sessions.userId, userId), gt(sessions.expires, new Date(now))))
    .limit(1);
  if (!row) return false;
  if (row.expires.getTime() < now + SESSION_MAX_AGE_MS - EXTEND_AFTER_MS) {
    await db.update(sessions).set({ expires: new Date(now + SESSION_MAX_AGE_MS) }).where(eq(sessions.sessionToken, id));
  }
  return true;
}

export async function endSession(id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sessionToken, id));
}

/** Ends every session of the user, or every one but `keep` (the one asking). Returns how many ended. */
export async function endSessionsOf(userId: string, keep?: string): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.sessionToken, keep)) : eq(sessions.userId, userId))
    .returning({ id: sessions.sessionToken });
  return ended.length;
}
