import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { redactedFingerprint } from '@/lib/sandbox/redact';
import { newClient, sandbox, type Client } from '../engine/helpers';
import { sandboxUrl } from '../support/app';

let client: Client;
beforeAll(async () => {
  ({ client } = await newClient());
});
afterEach(async () => {
  await sandbox().clearFaults();
});

async function xConnection() {
  const issued = await sandbox().issueXTokens({ username: `rev_${randomUUID().slice(0, 8)}` });
  const res = await client.post('/connections', { kind: 'twitter-thread', label: 'X', secret: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt } });
  expect(res.status).toBe(201);
  return { issued, connection: res.body };
}

const meStatus = async (accessToken: string) => (await fetch(`${sandboxUrl()}/x/2/users/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

async function refreshWorks(refreshToken: string): Promise<boolean> {
  const res = await fetch(`${sandboxUrl()}/x/2/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'outpost-local' }),
  });
  return res.status === 200;
}

describe('DELETE /connections/:id', () => {
  it('revokes the X refresh token at X (POST /2/oauth2/revoke), which ends its access token, then erases the row', async () => {
    const { issued, connection } = await xConnection();
    expect(await meStatus(issued.accessToken)).toBe(200);
    const res = await client.del(`/connections/${connection.id}`);
    expect(res.status).toBe(204);
    const revokes = await sandbox().requests({ target: 'x', path: '/x/2/oauth2/revoke' });
    const mine = revokes.filter((r) => (r.body as { token?: string }).token === redactedFingerprint(issued.refreshToken!));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ method: 'POST', status: 200, body: { token_type_hint: redactedFingerprint('refresh_token'), client_id: 'outpost-local' } });
    expect(await refreshWorks(issued.refreshToken!)).toBe(false);
    expect(await meStatus(issued.accessToken)).toBe(401);
    expect(await db.select().from(connections).where(eq(connections.id, connection.id))).toEqual([]);
    expect((await client.get(`/connections/${connection.id}`)).status).toBe(404);
  });

  it('still deletes when the provider cannot be reached to revoke', async () => {
    const { issued, connection } = await xConnection();
    await sandbox().fault({ target: 'x', path: '/x/2/oauth2/revoke', type: 'server_error', status: 503, times: 'always' });
    expect((await client.del(`/connections/${connection.id}`)).status).toBe(204);
    expect(await db.select().from(connections).where(eq(connections.id, connection.id))).toEqual([]);
    // X never heard of it: the token still works there (the person can revoke it in X's settings).
    expect(await meStatus(issued.accessToken)).toBe(200);
  });

  it('sends nothing to a provider for a pasted webhook', async () => {
    const before = (await sandbox().requests({ target: 'slack' })).length;
    const res = await client.post('/connections', { kind: 'slack-webhook', label: 'hook', secret: { webhookUrl: `${sandboxUrl()}/slack/services/T0REV/B0REV/${randomUUID().replace(/-/g, '')}` } });
    expect(res.status).toBe(201);
    const afterCreate = (await sandbox().requests({ target: 'slack' })).length;
    expect((await client.del(`/connections/${res.body.id}`)).status).toBe(204);
    expect((await sandbox().requests({ target: 'slack' })).length).toBe(afterCreate);
    expect(afterCreate).toBeGreaterThanOrEqual(before);
  });
});
