import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { allowedTargets } from '@/lib/allowed-targets';
import { ensureUser } from '@/lib/auth/users';
import { openSecret, sealSecret } from '@/lib/credentials/crypto';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import type { RequestRecord } from '@/lib/integrations/types';
import { sandboxClient } from '@/lib/sandbox/client';
import { postgresRefreshLock } from './refresh-lock';
import type { XSecret } from './schema';
import { XSession } from './session';

const sandbox = () => sandboxClient(process.env.OUTPOST_TEST_SANDBOX_URL!);

async function connectionRow(secret: XSecret): Promise<string> {
  const user = await ensureUser(`x-lock-${randomUUID()}@example.test`);
  const sealed = sealSecret(secret);
  const [row] = await db
    .insert(connections)
    .values({
      userId: user.id,
      kind: 'twitter-thread',
      label: 'X',
      secretKeyVersion: sealed.keyVersion,
      secretNonce: sealed.nonce,
      secretTag: sealed.tag,
      secretCiphertext: sealed.ciphertext,
    })
    .returning();
  return row!.id;
}

describe('postgresRefreshLock', () => {
  it('lets concurrent deliveries of one connection refresh once: the second reuses the stored pair', async () => {
    const issued = await sandbox().issueXTokens({ username: `lock${randomUUID().slice(0, 6)}` });
    const secret: XSecret = { accessToken: issued.accessToken, refreshToken: issued.refreshToken!, expiresAt: issued.expiresAt };
    const id = await connectionRow(secret);
    await sandbox().revoke({ target: 'x', token: issued.accessToken });

    const records: RequestRecord[] = [];
    const io = { allowedTargets: allowedTargets(), timeoutMs: 2000, record: (r: RequestRecord) => records.push(r) };
    const me = `${process.env.OUTPOST_TEST_SANDBOX_URL}/x/2/users/me`;
    const call = (token: string) => fetch(me, { headers: { authorization: `Bearer ${token}` } });
    const sessions = Array.from({ length: 4 }, () => new XSession(secret, id, postgresRefreshLock, io));
    const answers = await Promise.all(sessions.map((s) => s.send(call)));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    // Refresh tokens rotate: a second refresh with the old one would have failed.
    expect(records.filter((r) => r.url.includes('/oauth2/token'))).toHaveLength(1);
    const [row] = await db.select().from(connections).where(eq(connections.id, id));
    const stored = openSecret<XSecret>({ keyVersion: row!.secretKeyVersion, nonce: row!.secretNonce, tag: row!.secretTag, ciphertext: row!.secretCiphertext });
    expect(stored.accessToken).toBe(sessions[0]!.current.accessToken);
    expect(stored.refreshToken).not.toBe(issued.refreshToken);
    expect(row!.refreshCount).toBe(1);
    expect(row!.tokenExpiresAt?.toISOString()).toBe(stored.expiresAt);
  });
});
