import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, pipelined } from '@/lib/db/client';
import { insertStatement } from '@/lib/db/insert-statement';
import { mapRow } from '@/lib/db/map-row';
import { outputTasks, users } from '@/lib/db/schema';

async function newUser(): Promise<string> {
  const [user] = await db.insert(users).values({ email: `${randomUUID()}@example.test` }).returning();
  return user!.id;
}

describe('insertStatement', () => {
  it('writes the row drizzle would write: JSON, arrays, dates and nulls mapped, omitted columns defaulted', async () => {
    const userId = await newUser();
    const id = randomUUID();
    const runAt = new Date('2031-02-03T04:05:06.789Z');
    const values = {
      id,
      userId,
      kind: 'http-post',
      status: 'scheduled' as const,
      config: { url: 'https://example.test/hook', headers: { 'x-a': '1' } },
      input: { text: 'héllo "quoted"', n: [1, 2] },
      dependsOn: [randomUUID(), randomUUID()],
      runAt,
      lastError: null,
    };
    const [rows] = await pipelined([insertStatement(outputTasks, values)]);
    const returned = mapRow(outputTasks, rows![0]!);
    const [stored] = await db.select().from(outputTasks).where(eq(outputTasks.id, id));
    expect(returned).toEqual(stored);
    expect(stored).toMatchObject({ ...values, attempts: 0, cancelRequested: 0, transitions: [] });
    expect(stored!.createdAt).toBeInstanceOf(Date);
  });

  it('builds the same text for rows that give the same columns, whatever their values', () => {
    const a = insertStatement(users, { email: 'a@example.test' });
    const b = insertStatement(users, { email: 'b@example.test', name: null });
    const c = insertStatement(users, { email: 'c@example.test' });
    expect(c.text).toBe(a.text);
    expect(b.text).not.toBe(a.text);
    // users.id has a $defaultFn: called per row, like drizzle's own insert.
    expect(b.values).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), null, 'b@example.test']);
    expect(c.values[0]).not.toBe(a.values[0]);
  });
});
