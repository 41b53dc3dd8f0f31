import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '@/lib/auth/users';
import { SIGN_IN_POLICIES } from '@/lib/auth/sign-in-limits';
import { db } from '@/lib/db/client';
import { getBoss, stopBoss } from '@/lib/queue/boss';
import { appUrl } from '../support/app';
import { waitFor } from '../support/processes';

// DESIGN §8: sign-in is throttled per email and per client address; X-Forwarded-For is believed
// only from OUTPOST_TRUSTED_PROXIES (127.0.0.1 in tests; requests sent from 127.0.0.2 are an
// untrusted peer); a stranger's failed guesses slow the guesser, not the account's owner.

type Outcome = 'signed-in' | 'wrong-password' | 'rate-limited';

/** One POST to the Auth.js credentials callback, from `localAddress`, over plain HTTP. */
function post(path: string, body: string, headers: Record<string, string>, localAddress?: string) {
  const url = new URL(path, appUrl());
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: body ? 'POST' : 'GET',
        headers: { host: url.host, ...headers },
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body || undefined);
  });
}

async function signIn(email: string, password: string, client: { forwardedFor?: string; from?: string } = {}): Promise<Outcome> {
  const xff: Record<string, string> = client.forwardedFor ? { 'x-forwarded-for': client.forwardedFor } : {};
  const csrf = await post('/api/auth/csrf', '', xff, client.from);
  const cookies = (csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await post(
    '/api/auth/callback/credentials',
    new URLSearchParams({ csrfToken, email, password, callbackUrl: '/dashboard' }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, ...xff },
    client.from,
  );
  if ((res.headers['set-cookie'] ?? []).some((c) => c.includes('session-token='))) return 'signed-in';
  const location = String(res.headers.location ?? '');
  if (location.includes('code=rate_limited')) return 'rate-limited';
  if (location.includes('code=invalid_credentials') || location.includes('error=CredentialsSignin')) return 'wrong-password';
  throw new Error(`unexpected sign-in answer ${res.status} ${location}`);
}

async function newAccount() {
  const email = `limits-${randomUUID()}@example.test`;
  const password = `pw-${randomUUID()}`;
  await createUserWithPassword({ email, password });
  return { email, password };
}

afterAll(() => stopBoss());

let n = 0;
/** A fresh client address in the documentation range for each call. */
const address = () => `198.18.${Math.floor(++n / 250)}.${(n % 250) + 1}`;

const perAccountAndAddress = SIGN_IN_POLICIES.perAccountAndAddress.capacity;
const perAccount = SIGN_IN_POLICIES.perAccountFromNewAddresses.capacity;

describe('where a request comes from', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a new value per request does not reset the limit', async () => {
    const { email, password } = await newAccount();
    for (let i = 0; i < perAccountAndAddress; i++) {
      expect(await signIn(email, 'wrong', { from: '127.0.0.2', forwardedFor: address() })).toBe('wrong-password');
    }
    expect(await signIn(email, password, { from: '127.0.0.2', forwardedFor: address() })).toBe('rate-limited');
  });

  it('believes X-Forwarded-For from a trusted proxy, read from the right', async () => {
    const { email, password } = await newAccount();
    const client = address();
    for (let i = 0; i < perAccountAndAddress; i++) {
      // What the client wrote itself comes first and changes every time; the proxy appended `client`.
      expect(await signIn(email, 'wrong', { forwardedFor: `${address()}, ${client}` })).toBe('wrong-password');
    }
    expect(await signIn(email, password, { forwardedFor: `${address()}, ${client}` })).toBe('rate-limited');
    // Another client behind the same proxy is not held up by that one.
    expect(await signIn(email, password, { forwardedFor: address() })).toBe('signed-in');
  });
});

describe('who a limit slows', () => {
  it("a stranger's guesses from one address do not lock the owner out", async () => {
    const { email, password } = await newAccount();
    const stranger = address();
    for (let i = 0; i < perAccountAndAddress; i++) expect(await signIn(email, 'guess', { forwardedFor: stranger })).toBe('wrong-password');
    expect(await signIn(email, 'guess', { forwardedFor: stranger })).toBe('rate-limited');
    expect(await signIn(email, password, { forwardedFor: address() })).toBe('signed-in');
  });

  it('guessing from many addresses stays slow, while the owner signs in from an address they used before', async () => {
    const { email, password } = await newAccount();
    const home = address();
    expect(await signIn(email, password, { forwardedFor: home })).toBe('signed-in');
    for (let i = 0; i < perAccount; i++) expect(await signIn(email, `guess-${i}`, { forwardedFor: address() })).toBe('wrong-password');
    // The account's limit for new addresses is spent: even the right password from a new one waits…
    expect(await signIn(email, password, { forwardedFor: address() })).toBe('rate-limited');
    // …but the owner, from home, is not held up.
    expect(await signIn(email, password, { forwardedFor: home })).toBe('signed-in');
  });

  it('limits failures per address across accounts', async () => {
    const sprayer = address();
    for (let i = 0; i < SIGN_IN_POLICIES.perAddress.capacity; i++) {
      expect(await signIn(`nobody-${randomUUID()}@example.test`, 'guess', { forwardedFor: sprayer })).toBe('wrong-password');
    }
    const { email, password } = await newAccount();
    expect(await signIn(email, password, { forwardedFor: sprayer })).toBe('rate-limited');
  });

  it('counts only failures: an owner signing in often is never limited', async () => {
    const { email, password } = await newAccount();
    const home = address();
    for (let i = 0; i < perAccountAndAddress + 3; i++) expect(await signIn(email, password, { forwardedFor: home })).toBe('signed-in');
  });
});

describe('limit rows', () => {
  it('are removed by the worker maintenance job once refilled, and kept while they still limit', async () => {
    const spent = `test:spent:${randomUUID()}`;
    const refilled = `test:refilled:${randomUUID()}`;
    await db.execute(sql`insert into rate_limit_buckets (key, tokens, updated_at, full_at) values
      (${spent}, 0, now(), now() + interval '10 minutes'),
      (${refilled}, 0, now() - interval '2 hours', now() - interval '1 hour')`);
    const boss = await getBoss('web');
    await boss.send('outpost.limit-cleanup', {});
    await waitFor(
      async () => {
        const rows = await db.execute<{ key: string }>(sql`select key from rate_limit_buckets where key in (${spent}, ${refilled})`);
        return rows.length === 1 ? rows : null;
      },
      { timeoutMs: 30_000, what: 'the maintenance job to remove the refilled row' },
    );
    const left = await db.execute<{ key: string }>(sql`select key from rate_limit_buckets where key in (${spent}, ${refilled})`);
    expect(left.map((r) => r.key)).toEqual([spent]);
  });

  it('record when a bucket is full again as tokens are taken', async () => {
    const { email } = await newAccount();
    await signIn(email, 'wrong', { forwardedFor: address() });
    const rows = await db.execute<{ pending: boolean }>(sql`select full_at > now() as pending from rate_limit_buckets where key like 'signin:acct:%' and updated_at > now() - interval '1 minute'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.pending)).toBe(true);
  });
});
