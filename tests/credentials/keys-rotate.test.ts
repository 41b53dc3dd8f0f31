import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyVersion } from '@/lib/credentials/crypto';
import { loadConnectionForDelivery } from '@/lib/credentials';
import { sealedColumns } from '@/lib/credentials/sealed-row';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { sandboxSlackWebhookUrl } from '@/lib/sandbox/urls';
import { projectRoot, tsxArgs } from '../support/processes';
import { sandboxUrl } from '../support/app';
import { create, newClient, sandbox, waitForStatus, type Client } from '../engine/helpers';

const run = promisify(execFile);
let client: Client;
let userId: string;
// The web app and worker of this test run know only OUTPOST_ENCRYPTION_KEY: rows sealed with
// `oldKey` are unreadable to them until keys:rotate re-seals them with it.
const currentKey = () => Buffer.from(process.env.OUTPOST_ENCRYPTION_KEY!, 'base64');
const oldKey = randomBytes(32);
const created: string[] = [];

beforeAll(async () => {
  ({ client, userId } = await newClient());
});
afterAll(async () => {
  delete process.env.OUTPOST_ENCRYPTION_KEYS_PREVIOUS;
  if (created.length) await db.delete(connections).where(inArray(connections.id, created));
});

/** As secrets were sealed before associated data existed: no AAD at all. */
function legacySealed(secret: unknown, key: Buffer) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  return {
    secretKeyVersion: keyVersion(key),
    secretNonce: nonce.toString('base64'),
    secretTag: cipher.getAuthTag().toString('base64'),
    secretCiphertext: ciphertext.toString('base64'),
    secretAad: false,
  };
}

async function insertConnection(kind: string, secret: unknown, seal: 'old-key' | 'legacy-old-key' | 'legacy-current-key' | 'unknown-key', metadata: Record<string, unknown> = {}) {
  const id = randomUUID();
  const columns =
    seal === 'old-key'
      ? sealedColumns(secret, { id, kind }, { current: oldKey, previous: [] })
      : seal === 'unknown-key'
        ? sealedColumns(secret, { id, kind }, { current: randomBytes(32), previous: [] })
        : legacySealed(secret, seal === 'legacy-old-key' ? oldKey : currentKey());
  await db.insert(connections).values({ id, userId, kind, label: `${kind} ${seal}`, ...columns, metadata });
  created.push(id);
  return id;
}

const slackUrl = () => sandboxSlackWebhookUrl(sandboxUrl(), { team: 'T0ROT', bot: `B${randomUUID().slice(0, 6)}`, secret: randomUUID().replace(/-/g, '') });

async function keysRotate(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...tsxArgs('scripts/cli.ts'), 'keys:rotate', ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run outpost -- keys:rotate', () => {
  it('re-seals every row with the current key in batches; afterwards processes without the old key deliver', async () => {
    const sealedWithOld = await insertConnection('slack-webhook', { webhookUrl: slackUrl() }, 'old-key');
    const legacyOld = await insertConnection('slack-webhook', { webhookUrl: slackUrl() }, 'legacy-old-key');
    const issued = await sandbox().issueXTokens({ username: `rot_${randomUUID().slice(0, 8)}` });
    const legacyCurrent = await insertConnection('twitter-thread', { accessToken: issued.accessToken, refreshToken: issued.refreshToken }, 'legacy-current-key', { username: issued.user.username });
    const mine = [sealedWithOld, legacyOld, legacyCurrent];

    // Meanwhile (no downtime): a process with the old key among the previous ones opens every row.
    process.env.OUTPOST_ENCRYPTION_KEYS_PREVIOUS = oldKey.toString('base64');
    for (const id of mine) expect((await loadConnectionForDelivery(id))!.unreadable).toBeUndefined();
    delete process.env.OUTPOST_ENCRYPTION_KEYS_PREVIOUS;
    expect((await loadConnectionForDelivery(sealedWithOld))!.unreadable).toMatch(/No encryption key/);

    const first = await keysRotate({ OUTPOST_ENCRYPTION_KEYS_PREVIOUS: oldKey.toString('base64') }, '--batch', '2');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^re-encrypted 2 of \d+$/m);
    expect(first.stdout).toMatch(/rotated: \d+, changed meanwhile \(already current\): 0, could not be opened: 0/);
    expect(Number(/rotated: (\d+)/.exec(first.stdout)![1])).toBeGreaterThanOrEqual(3);

    const rows = await db.select().from(connections).where(inArray(connections.id, mine));
    for (const row of rows) expect(row).toMatchObject({ secretKeyVersion: keyVersion(currentKey()), secretAad: true });

    // The old key is gone from every process of this test run, and deliveries work.
    const slack = await Promise.all(
      [sealedWithOld, legacyOld].map((connectionId) => create(client, { kind: 'slack-webhook', connectionId, input: { text: 'after rotation' }, template: '{{ input.text }}' })),
    );
    const thread = await create(client, { kind: 'twitter-thread', connectionId: legacyCurrent, input: { text: `rotated ${randomUUID()}` }, template: '{{ input.text }}' });
    for (const task of [...slack, thread]) expect(await waitForStatus(client, task.id)).toMatchObject({ status: 'succeeded' });

    // Nothing left: a second run (resuming an interrupted one is the same) re-encrypts nothing.
    const again = await keysRotate({});
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/rotated: 0, changed meanwhile \(already current\): 0, could not be opened: 0, needed rotation: 0/);
  }, 90_000);

  it('lists a row whose key is not configured by id, rotates the others, and exits 1', async () => {
    const unknown = await insertConnection('slack-webhook', { webhookUrl: slackUrl() }, 'unknown-key');
    const legacy = await insertConnection('slack-webhook', { webhookUrl: slackUrl() }, 'legacy-current-key');
    const result = await keysRotate({});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`connection ${unknown}: No encryption key with version`);
    expect(result.stdout).toMatch(/could not be opened: 1/);
    expect(result.stdout + result.stderr).not.toContain('T0ROT');
    const [row] = await db.select().from(connections).where(eq(connections.id, legacy));
    expect(row).toMatchObject({ secretAad: true });
    await db.delete(connections).where(eq(connections.id, unknown));
  }, 60_000);

  it('refuses a bad --batch with usage', async () => {
    const result = await keysRotate({}, '--batch', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--batch must be');
  });
});
