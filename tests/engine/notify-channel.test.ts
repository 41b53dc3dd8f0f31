import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
// The one place a private pg-boss module is imported: to check our vendored copy against it.
import { notifyChannelSql } from 'pg-boss/dist/plans.js';
import { db } from '@/lib/db/client';
import { bossNotifyChannel } from '@/lib/queue/dispatcher';

describe('bossNotifyChannel', () => {
  it.each(['pgboss', 'outpost_jobs', 'MixedCase'])("names the channel the installed pg-boss NOTIFYs for schema %s", async (schema) => {
    const [row] = await db.execute<{ channel: string }>(sql.raw(`SELECT ${notifyChannelSql(schema)} AS channel`));
    expect(bossNotifyChannel(schema)).toBe(row!.channel);
  });
});
