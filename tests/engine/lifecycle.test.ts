import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runMigrations } from '@/lib/db/migrate';
import { installQueueSchema } from '@/lib/queue/boss';
import { nextBin } from '../../scripts/lib/build-state.mjs';
import { dropDatabase, ensureDatabase, withDatabase } from '../../scripts/lib/database.mjs';
import { startWorker } from '../support/app';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';
import { create, httpTask, newClient, receiver, sandbox, waitForStatus, type Client } from './helpers';

let client: Client;
const extra: ManagedProcess[] = [];
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((p) => p.stop()));
  await sandbox().clearFaults();
});

describe('worker lifecycle', () => {
  it('a worker stopped with SIGTERM finishes its in-flight deliveries, then exits cleanly', async () => {
    const worker = await startWorker();
    const target = receiver();
    await sandbox().fault({ target: 'http', path: target.path, type: 'hang', ms: 1_500, times: 'always' });
    const res = await client.post('/tasks/batch', {
      tasks: Array.from({ length: 16 }, (_, n) => httpTask(target.url, { input: { title: 'drain', n } })),
    });
    expect(res.status).toBe(201);
    await new Promise((r) => setTimeout(r, 700));
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    for (const task of res.body.data) {
      expect((await waitForStatus(client, task.id, ['succeeded', 'failed'], 30_000)).status).toBe('succeeded');
      const attempts = await client.get(`/tasks/${task.id}/attempts`);
      expect(attempts.body.data.map((a: { errorClass: string | null }) => a.errorClass)).not.toContain('interrupted');
    }
  }, 60_000);

  it('cancelling a running task lets its attempt finish, then stops without retrying', async () => {
    const target = receiver();
    // The receiver never answers, so the attempt ends in a (retryable) timeout after a second.
    await sandbox().fault({ target: 'http', path: target.path, type: 'hang', times: 'always' });
    const task = await create(client, httpTask(target.url, { config: { url: target.url, timeoutMs: 1_000 } }));
    await waitForStatus(client, task.id, ['running'], 10_000);
    const cancel = await client.post(`/tasks/${task.id}/cancel`);
    expect(cancel.status).toBe(200);
    const final = await waitForStatus(client, task.id, ['cancelled', 'retrying', 'failed', 'succeeded'], 15_000);
    expect(final.status).toBe('cancelled');
    expect(final.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await client.get(`/tasks/${task.id}/attempts`)).body.data).toHaveLength(1);
  }, 30_000);
});

describe('GET /api/health', () => {
  it('answers 503 naming the worker when no worker is alive', async () => {
    const adminUrl = withDatabase(process.env.DATABASE_URL!, 'postgres');
    const name = `outpost_health_${Date.now()}`;
    await ensureDatabase(adminUrl, name);
    const url = withDatabase(process.env.DATABASE_URL!, name);
    try {
      await runMigrations(url);
      await installQueueSchema(url);
      const port = await freePort();
      const web = startProcess(
        'web-no-worker',
        process.execPath,
        [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
        { ...process.env, DATABASE_URL: url, NODE_ENV: 'production', PORT: String(port) },
        process.env.OUTPOST_TEST_LOG_DIR ?? path.join('/tmp', 'outpost-test-logs'),
      );
      extra.push(web);
      const anonymous = await waitFor(async () => fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null), { timeoutMs: 30_000, what: 'the second web server' });
      expect(anonymous.status).toBe(503);
      expect(await anonymous.json()).toEqual({ status: 'degraded' });
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${process.env.OUTPOST_METRICS_TOKEN}` } });
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body).toMatchObject({ status: 'degraded', database: { ok: true }, queue: { ok: true }, worker: { ok: false } });
      expect(body.worker.detail).toMatch(/no worker heartbeat/);
      await web.stop();
    } finally {
      await dropDatabase(adminUrl, name);
    }
  }, 60_000);
});
