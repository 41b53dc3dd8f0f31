import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { api, createUserWithKey } from '../support/app';

export type Client = ReturnType<typeof api>;

/** A user with an API key and a display name chosen in settings. */
export async function newAuthor(name = `Author ${randomUUID().slice(0, 6)}`): Promise<{ client: Client; userId: string; email: string; name: string }> {
  const user = await createUserWithKey();
  await db.update(users).set({ name }).where(eq(users.id, user.userId));
  return { client: api(user.apiKey), userId: user.userId, email: user.email, name };
}

export const slackTemplate = (extra: Record<string, unknown> = {}) => ({
  name: 'Deploy note',
  kind: 'slack-webhook',
  description: 'Tells the channel a deploy finished',
  body: '**{{ input.title }}** is {{ input.status }}',
  sampleInput: { title: 'Deploy', status: 'done' },
  ...extra,
});

export async function createTemplate(client: Client, body: Record<string, unknown>): Promise<any> {
  const res = await client.post('/templates', body);
  if (res.status !== 201) throw new Error(`POST /templates → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
