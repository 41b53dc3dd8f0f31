import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { revokeApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { findUserByEmail } from '@/lib/auth/users';
import { api, appUrl, createUserWithKey } from '../support/app';
import { projectRoot } from '../support/processes';

describe('GET /api/health', () => {
  it('reports database, queue and a live worker to the metrics token', async () => {
    const res = await fetch(`${appUrl()}/api/health`, { headers: { authorization: `Bearer ${process.env.OUTPOST_METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true }, worker: { ok: true } });
    expect(body.worker.workers).toBeGreaterThanOrEqual(1);
    expect(body.queue.schemaVersion).toEqual(expect.any(Number));
  });

  it('tells anyone else only its status (issue 17: no worker count, heartbeat or schema version)', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: `Bearer ${process.env.OUTPOST_METRICS_TOKEN}x` }];
    for (const headers of attempts) {
      const res = await fetch(`${appUrl()}/api/health`, { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });
});

describe('API keys', () => {
  it('authenticate /api/v1/integrations with Bearer', async () => {
    const { apiKey } = await createUserWithKey();
    const res = await api(apiKey).get('/integrations');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.data)).toBe(true);
  });

  it('stop working on the very next request once revoked', async () => {
    const { apiKey, userId } = await createUserWithKey();
    expect((await api(apiKey).get('/integrations')).status).toBe(200);
    const [key] = await listApiKeys(userId);
    await revokeApiKey(userId, key!.id);
    const res = await api(apiKey).get('/integrations');
    expect(res.status).toBe(401);
  });

  it('are created by the CLI, which prints the key as its last stdout line and creates the user', async () => {
    const email = `cli-${Date.now()}@example.test`;
    const stdout = execFileSync(
      process.execPath,
      [path.join(projectRoot, 'scripts/run.mjs'), 'scripts/cli.ts', 'api-keys:create', '--email', email, '--name', 'cli key'],
      { cwd: projectRoot, env: process.env, encoding: 'utf8' },
    );
    const key = stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^op_[A-Za-z0-9_-]{32}$/);
    expect(await findUserByEmail(email)).toBeTruthy();
    const res = await api(key).get('/integrations');
    expect(res.status).toBe(200);
  });
});
