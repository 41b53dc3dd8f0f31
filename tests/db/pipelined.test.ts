import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, pipelined, pipelinedTransaction } from '@/lib/db/client';
import { users } from '@/lib/db/schema';

const insertUser = (email: string) => ({ text: 'insert into users (id, email) values ($1, $2) returning email', values: [randomUUID(), email] });

describe('pipelined statements', () => {
  it('commit a transaction whose statements all succeed, returning each result', async () => {
    const a = `${randomUUID()}@example.test`;
    const b = `${randomUUID()}@example.test`;
    const [first, second] = await pipelinedTransaction([insertUser(a), insertUser(b)]);
    expect(first?.[0]?.email).toBe(a);
    expect(second?.[0]?.email).toBe(b);
    expect(await db.select().from(users).where(eq(users.email, b))).toHaveLength(1);
  });

  it('roll the whole transaction back when one statement fails, throwing its error', async () => {
    const email = `${randomUUID()}@example.test`;
    await expect(pipelinedTransaction([insertUser(email), { text: 'insert into no_such_table values ($1)', values: [1] }])).rejects.toThrow(/no_such_table/);
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('run autocommit statements in order, each seeing what the previous one wrote', async () => {
    const email = `${randomUUID()}@example.test`;
    const [, found] = await pipelined([insertUser(email), { text: 'select count(*)::int as n from users where email = $1', values: [email] }]);
    expect(found?.[0]?.n).toBe(1);
  });
});
