import { describe, expect, it } from 'vitest';
import { rawSql } from '@/lib/db/client';

// A delivery updates a task two or three times (claim, settle, maybe retry). Those updates stay HOT
// (no index entries written, no index bloat) only while no index key, expression or predicate uses a
// column they change. finished_at is the one exception: it changes once, when the task ends.
const changedByDeliveries = ['status', 'transitions', 'updated_at', 'attempts', 'next_attempt_at', 'result', 'last_error', 'progress', 'cancel_requested', 'job_id'];

describe('HOT updates of tasks', () => {
  it('no index on output_tasks uses a column that a claim or a status change writes', async () => {
    const rows = await rawSql()<{ index: string; column: string }[]>`
      select ic.relname as index, a.attname as column
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum > 0 and not a.attisdropped
      where i.indrelid = 'output_tasks'::regclass
        and (a.attnum = any(i.indkey)
          or coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ ('\\m' || a.attname || '\\M')
          or coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ ('\\m' || a.attname || '\\M'))`;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => changedByDeliveries.includes(r.column))).toEqual([]);
  });
});
