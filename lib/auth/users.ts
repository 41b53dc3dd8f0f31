import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { users, type User } from '@/lib/db/schema';
import { AppError, fromZod } from '@/lib/errors';
import { hashPassword } from './password';

export const emailSchema = z.email('must be a valid email address').transform((e) => e.trim().toLowerCase());

export const signUpSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: emailSchema,
  password: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(200, 'must be at most 200 characters'),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return user;
}

export async function createUserWithPassword(input: SignUpInput): Promise<User> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const passwordHash = await hashPassword(parsed.data.password);
  const [user] = await db
    .insert(users)
    .values({ email: parsed.data.email, name: parsed.data.name || null, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) {
    throw new AppError('conflict', 'An account with this email already exists', [
      { path: 'email', message: 'is already registered; sign in instead' },
    ]);
  }
  return user;
}

/** For the CLI: the user with this email, created (without a password) if absent. */
export async function ensureUser(email: string): Promise<User> {
  const normalized = emailSchema.parse(email);
  await db.insert(users).values({ email: normalized }).onConflictDoNothing({ target: users.email });
  const user = await findUserByEmail(normalized);
  if (!user) throw new Error(`could not create user ${normalized}`);
  return user;
}
