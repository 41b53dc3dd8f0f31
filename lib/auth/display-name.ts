import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';

// The name other users see on templates you publish (DESIGN §3.3 author.name) — never the email.
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the name others should see')
  .max(100, 'At most 100 characters')
  .refine((name) => !/[^\s@]+@[^\s@]+\.[^\s@]+/u.test(name), { message: 'Use a name, not an email address: it is shown to other users' });

export async function displayNameOf(userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

export async function setDisplayName(userId: string, name: string): Promise<string> {
  const parsed = displayNameSchema.parse(name);
  await db.update(users).set({ name: parsed }).where(eq(users.id, userId));
  return parsed;
}
