import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSql } from '@/lib/db/client';
import { create, httpTask, newClient, receiver, waitForStatus, type Client } from '../engine/helpers';

// The worker writes its bookkeeping (job fetches, completions, claims) without waiting for the WAL
// flush, and everything a person relies on durably (lib/db/client.ts). Triggers on the shared test
// database record the synchronous_commit setting in force for each write of this file's user's
// tasks and jobs, through the real web app and worker.
const tag = `durability_${process.pid}_${Date.now()}`;
let client: Client;
let userId: string;

type Write = { what: string; status: string; sync: string };

beforeAll(async () => {
  ({ client, userId } = await newClient());
  const sql = rawSql();
  await sql.unsafe(`create table ${tag} (at timestamptz default clock_timestamp(), what text, status text, sync text)`);
  await sql.unsafe(`
    create function ${tag}_task() returns trigger language plpgsql as $$
    begin
      if new.user_id = '${userId}' then
        insert into ${tag} (what, status, sync) values ('task ' || tg_op, new.status::text, current_setting('synchronous_commit'));
      end if;
      return new;
    end $$`);
  await sql.unsafe(`
    create function ${tag}_job() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from output_tasks where id::text = new.data->>'taskId' and user_id = '${userId}') then
        insert into ${tag} (what, status, sync) values ('job ' || tg_op, new.state::text, current_setting('synchronous_commit'));
      end if;
      return new;
    end $$`);
  await sql.unsafe(`create trigger ${tag}_task after insert or update on output_tasks for each row execute function ${tag}_task()`);
  await sql.unsafe(`create trigger ${tag}_job after insert or update on pgboss.job_common for each row execute function ${tag}_job()`);
});

afterAll(async () => {
  const sql = rawSql();
  await sql.unsafe(`drop trigger if exists ${tag}_task on output_tasks`);
  await sql.unsafe(`drop trigger if exists ${tag}_job on pgboss.job_common`);
  await sql.unsafe(`drop function if exists ${tag}_task(), ${tag}_job()`);
  await sql.unsafe(`drop table if exists ${tag}`);
});

describe('durability of the worker’s writes', () => {
  it('creation and outcome are flushed before commit; the fetch, claim and completion are not waited for', async () => {
    const target = receiver();
    const task = await create(client, httpTask(target.url));
    expect((await waitForStatus(client, task.id)).status).toBe('succeeded');
    // The completion is written after the task settles (and may wait a few ms to be grouped).
    const writes = await waitForWrites((rows) => rows.some((r) => r.what === 'job UPDATE' && r.status === 'completed'));
    // Each kind of write, with every synchronous_commit value it was made under (a job's heartbeat
    // is another update while active).
    const sync = (what: string, status: string) => [...new Set(writes.filter((w) => w.what === what && w.status === status).map((w) => w.sync))];

    expect(sync('task INSERT', 'queued')).toEqual(['on']);
    expect(sync('job INSERT', 'created')).toEqual(['on']);
    expect(sync('job UPDATE', 'active')).toEqual(['off']);
    expect(sync('task UPDATE', 'running')).toEqual(['off']);
    expect(sync('task UPDATE', 'succeeded')).toEqual(['on']);
    expect(sync('job UPDATE', 'completed')).toEqual(['off']);
  });
});

async function waitForWrites(done: (rows: Write[]) => boolean): Promise<Write[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    const rows = await rawSql().unsafe<Write[]>(`select what, status, sync from ${tag} order by at`);
    if (done(rows) || Date.now() > until) return [...rows];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
