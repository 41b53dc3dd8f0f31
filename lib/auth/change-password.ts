import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { hashPassword, passwordMatches } from './password';
import { endSessionsOf } from './sessions';
import { signUpSchema } from './users';

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'is required'),
  newPassword: signUpSchema.shape.password,
});

/**
 * A new password, given the current one; every other session of the user ends, since whoever
 * might have learnt the old password may be signed in with it. The session asking stays.
 */
export async function changePassword(userId: string, keepSessionId: string | undefined, input: z.output<typeof changePasswordSchema>): Promise<{ endedSessions: number }> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.passwordHash) throw new AppError('bad_request', 'This account signs in through another provider and has no password to change');
  if (!(await passwordMatches(input.currentPassword, user.passwordHash))) {
    throw new AppError('bad_request', 'The current password is not correct', [{ path: 'currentPassword', message: 'is not correct' }]);
  }
  await db.update(users).set({ passwordHash: await hashPassword(input.newPassword) }).where(eq(users.id, userId));
  return { endedSessions: await endSessionsOf(userId, keepSessionId) };
}

export async function hasPassword(userId: string): Promise<boolean> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return Boolean(user?.passwordHash);
}
