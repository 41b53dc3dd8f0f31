import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allowedTargets } from '@/lib/allowed-targets';
import { loadConnectionForDelivery, refreshConnection, saveConnection, TokenRefreshError } from '@/lib/credentials';
import { refreshExpiringConnections } from '@/lib/credentials/proactive';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { redactedFingerprint } from '@/lib/sandbox/redact';
import { startWorker } from '../support/app';
import type { ManagedProcess } from '../support/processes';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';

let client: Client;
let userId: string;
const extra: ManagedProcess[] = [];
beforeAll(async () => {
  ({ client, userId } = await newClient());
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((w) => w.stop()));
  await sandbox().clearFaults();
});

type XSecret = { accessToken: string; refreshToken?: string; expiresAt?: string };

/** An X connection as a connect flow stores it, with tokens the sandbox issued (expired ones when asked). */
async function xConnection(opts: { expired?: boolean; expiresIn?: number; userId?: string } = {}) {
  const issued = await sandbox().issueXTokens(opts.userId ? { userId: opts.userId, ...opts } : { username: `r_${randomUUID().slice(0, 8)}`, ...opts });
  const secret: XSecret = { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt };
  const { connection } = await saveConnection(userId, {
    kind: 'twitter-thread',
    label: `X ${issued.user.username}`,
    externalAccountId: issued.user.id,
    secret,
    hint: `@${issued.user.username}`,
    metadata: { username: issued.user.username, userId: issued.user.id },
    tokenExpiresAt: new Date(issued.expiresAt),
    oauthProvider: 'x',
  });
  return { issued, secret, connection };
}

async function storedSecret(id: string): Promise<XSecret> {
  return (await loadConnectionForDelivery(id))!.secret as XSecret;
}

async function rowOf(id: string) {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row!;
}

/** Token requests that spent this refresh token (the sandbox records a fingerprint, never the token). */
async function refreshesWith(refreshToken: string) {
  const requests = await sandbox().requests({ target: 'x', path: '/x/2/oauth2/token' });
  return requests.filter((r) => (r.body as { refresh_token?: string } | null)?.refresh_token === redactedFingerprint(refreshToken));
}

async function tokenEndpointAccepts(refreshToken: string): Promise<boolean> {
  const res = await fetch(`${process.env.OUTPOST_TEST_SANDBOX_URL}/x/2/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'outpost-local' }),
  });
  return res.status === 200;
}

const thread = (connectionId: string, text = `hello ${randomUUID()}`) => ({
  kind: 'twitter-thread',
  connectionId,
  input: { text },
  template: '{{ input.text }}',
});

const io = () => ({ allowedTargets: allowedTargets() });

describe('single-flight refresh', () => {
  it('eight concurrent refreshes of one connection spend the rotating refresh token once and all get the new pair', async () => {
    const { secret, connection } = await xConnection({ expired: true });
    // The first refresh takes half a second at the provider, so the others arrive while it is in
    // flight (a fast loopback answer would let them find the stored pair without meeting the lease).
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'hang', ms: 500, times: 1 });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => refreshConnection(connection.id, { io: io() })));
    expect(outcomes.filter((o) => o.refreshed)).toHaveLength(1);
    const fresh = outcomes.find((o) => o.refreshed)!.secret as XSecret;
    expect(new Set(outcomes.map((o) => (o.secret as XSecret).accessToken))).toEqual(new Set([fresh.accessToken]));
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(1);
    const stored = await storedSecret(connection.id);
    expect(stored).toEqual(fresh);
    expect(stored.refreshToken).not.toBe(secret.refreshToken);
    const row = await rowOf(connection.id);
    expect(row).toMatchObject({ refreshCount: 1, refreshLeaseOwner: null, refreshLeaseUntil: null, status: 'active' });
    expect(row.tokenExpiresAt!.toISOString()).toBe(stored.expiresAt);
  });

  it('ten deliveries over two worker processes with an expired token: one refresh, ten threads, the new refresh token stored', async () => {
    extra.push(await startWorker());
    const { issued, secret, connection } = await xConnection({ expired: true });
    const res = await client.post('/tasks/batch', { tasks: Array.from({ length: 10 }, () => thread(connection.id)) });
    expect(res.status).toBe(201);
    const done = await Promise.all(res.body.data.map((t: any) => waitForStatus(client, t.id, ['succeeded', 'failed'], 80_000)));
    expect(done.map((t) => t.status)).toEqual(Array(10).fill('succeeded'));
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(1);
    const tweets = (await sandbox().state()).x.tweets.filter((t) => t.authorId === issued.user.id);
    expect(tweets).toHaveLength(10);
    const stored = await storedSecret(connection.id);
    expect(stored.refreshToken).not.toBe(secret.refreshToken);
    expect(await tokenEndpointAccepts(secret.refreshToken!)).toBe(false);
    expect((await rowOf(connection.id)).refreshCount).toBe(1);
  }, 120_000);
});

describe('the refresh lease', () => {
  it('a caller finding the lease held waits, then uses the pair the holder stored, without asking the provider', async () => {
    const { secret, connection } = await xConnection({ expired: true });
    await db.update(connections).set({ refreshLeaseOwner: 'another-process', refreshLeaseUntil: new Date(Date.now() + 30_000) }).where(eq(connections.id, connection.id));
    const waiting = refreshConnection(connection.id, { io: io() });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // The holder finishes: a fresh pair for the same account, stored as refreshConnection stores it.
    const fresh = await sandbox().issueXTokens({ userId: (await rowOf(connection.id)).externalAccountId! });
    await saveConnection(userId, {
      kind: 'twitter-thread',
      label: 'x',
      externalAccountId: fresh.user.id,
      secret: { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken!, expiresAt: fresh.expiresAt },
      hint: '',
      metadata: {},
      tokenExpiresAt: new Date(fresh.expiresAt),
      oauthProvider: 'x',
    });
    const outcome = await waiting;
    expect(outcome).toMatchObject({ refreshed: false, secret: { accessToken: fresh.accessToken } });
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(0);
  });

  it('a lease left behind by a process that died lapses and is taken over', async () => {
    const { secret, connection } = await xConnection({ expired: true });
    await db.update(connections).set({ refreshLeaseOwner: 'dead-process', refreshLeaseUntil: new Date(Date.now() - 1000) }).where(eq(connections.id, connection.id));
    expect((await refreshConnection(connection.id, { io: io() })).refreshed).toBe(true);
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(1);
    expect(await rowOf(connection.id)).toMatchObject({ refreshLeaseOwner: null, refreshLeaseUntil: null });
  });
});

describe('refresh failures', () => {
  it('a revoked refresh token: needs_reauth, pending tasks fail auth_expired saying to reconnect; reconnect and retry delivers', async () => {
    const { issued, secret, connection } = await xConnection({ expired: true });
    await sandbox().revoke({ target: 'x', token: secret.refreshToken! });
    const res = await client.post('/tasks/batch', { tasks: Array.from({ length: 3 }, () => thread(connection.id)) });
    const failed = await Promise.all(res.body.data.map((t: any) => waitForStatus(client, t.id)));
    for (const task of failed) {
      expect(task).toMatchObject({ status: 'failed', lastError: { code: 'auth_expired' } });
      expect(task.lastError.message).toMatch(/reconnect/i);
      expect(task.lastError.message).toMatch(/retry/i);
    }
    // Refused is final: the dead refresh token was tried once, not retried.
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(1);
    expect((await client.get(`/connections/${connection.id}`)).body.status).toBe('needs_reauth');
    const later = await create(client, thread(connection.id));
    expect(await waitForStatus(client, later.id)).toMatchObject({ status: 'failed', lastError: { code: 'auth_expired' } });

    // Reconnect the same X account: same connection, active again; the failed tasks retry and post.
    const again = await xConnection({ userId: issued.user.id });
    expect(again.connection.id).toBe(connection.id);
    expect((await client.get(`/connections/${connection.id}`)).body.status).toBe('active');
    for (const task of [...failed, later]) expect((await client.post(`/tasks/${task.id}/retry`)).status).toBeLessThan(300);
    for (const task of [...failed, later]) expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded' });
  }, 90_000);

  it('5xx from the token endpoint is retried with backoff and the refresh succeeds', async () => {
    const { secret, connection } = await xConnection({ expired: true });
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'server_error', status: 503, times: 2 });
    const outcome = await refreshConnection(connection.id, { io: io() });
    expect(outcome.refreshed).toBe(true);
    expect((await refreshesWith(secret.refreshToken!)).map((r) => r.status)).toEqual([503, 503, 200]);
    expect((await storedSecret(connection.id)).refreshToken).not.toBe(secret.refreshToken);
  });

  it('a token endpoint that does not answer in time is tried again, and timing out for good never marks the connection', async () => {
    const policy = { attempts: 3, budgetMs: 8_000, requestTimeoutMs: 700, backoffMs: 50 };
    // One request that never gets an answer, then the endpoint answers again.
    const { secret, connection } = await xConnection({ expired: true });
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'hang', times: 1 });
    const outcome = await refreshConnection(connection.id, { io: io(), policy });
    expect(outcome.refreshed).toBe(true);
    expect(await refreshesWith(secret.refreshToken!)).toHaveLength(2);
    expect((await storedSecret(connection.id)).refreshToken).not.toBe(secret.refreshToken);
    expect(await rowOf(connection.id)).toMatchObject({ status: 'active', refreshCount: 1 });

    // Never an answer: the refresh is unavailable, tried once per attempt, and the grant is not judged.
    const stuck = await xConnection({ expired: true });
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'hang', times: 'always' });
    const error = await refreshConnection(stuck.connection.id, { io: io(), policy }).catch((e) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect(error.reason).toBe('unavailable');
    expect(await refreshesWith(stuck.secret.refreshToken!)).toHaveLength(3);
    expect(await rowOf(stuck.connection.id)).toMatchObject({ status: 'active', statusReason: null, refreshLeaseOwner: null, refreshCount: 0 });
    await sandbox().clearFaults();
    expect(await tokenEndpointAccepts(stuck.secret.refreshToken!)).toBe(true);
  });

  it('a token endpoint that keeps answering 429 or 503 never marks the connection; the task retries', async () => {
    const { connection } = await xConnection({ expired: true });
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'server_error', status: 503, times: 'always' });
    const policy = { attempts: 3, budgetMs: 5_000, requestTimeoutMs: 2_000, backoffMs: 50 };
    const error = await refreshConnection(connection.id, { io: io(), policy }).catch((e) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect(error.reason).toBe('unavailable');
    await sandbox().clearFaults();
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/token', type: 'rate_limit', retryAfterSeconds: 0, times: 'always' });
    expect((await refreshConnection(connection.id, { io: io(), policy }).catch((e) => e)).reason).toBe('unavailable');
    expect(await rowOf(connection.id)).toMatchObject({ status: 'active', refreshLeaseOwner: null });
    const task = await create(client, thread(connection.id));
    const retrying = await waitForStatus(client, task.id, ['retrying', 'failed', 'succeeded'], 60_000);
    expect(retrying.status).toBe('retrying');
    expect(retrying.lastError.code).toBe('retryable');
    expect((await rowOf(connection.id)).status).toBe('active');
    await sandbox().clearFaults();
    expect(await waitForStatus(client, task.id, ['succeeded', 'failed'], 60_000)).toMatchObject({ status: 'succeeded' });
  }, 120_000);
});

describe('proactive refresh (maintenance job)', () => {
  it('refreshes tokens expiring within 15 minutes and leaves the others alone', async () => {
    const soon = await xConnection({ expiresIn: 10 * 60 });
    const later = await xConnection({ expiresIn: 60 * 60 });
    const report = await refreshExpiringConnections();
    expect(report.refreshed).toBeGreaterThanOrEqual(1);
    expect((await storedSecret(soon.connection.id)).accessToken).not.toBe(soon.secret.accessToken);
    expect((await rowOf(soon.connection.id)).tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(await storedSecret(later.connection.id)).toEqual(later.secret);
  });

  it('a refused grant marks the connection needs_reauth', async () => {
    const { secret, connection } = await xConnection({ expiresIn: 5 * 60 });
    await sandbox().revoke({ target: 'x', token: secret.refreshToken! });
    await refreshExpiringConnections();
    expect((await rowOf(connection.id)).status).toBe('needs_reauth');
  });

  it('the worker schedules the job every minute', async () => {
    const rows = await db.execute<{ name: string; cron: string }>(
      (await import('drizzle-orm')).sql`select name, cron from pgboss.schedule where name = 'outpost.credentials.refresh'`,
    );
    expect([...rows]).toEqual([{ name: 'outpost.credentials.refresh', cron: '* * * * *' }]);
  });
});
