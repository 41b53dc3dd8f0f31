import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { signInAddresses } from '@/lib/db/schema';
import { giveBackToken, takeToken, type BucketPolicy } from '@/lib/rate-limit/token-bucket';

// DESIGN §8: a stranger's failed guesses slow the guesser, not the account's owner.
// - failures per client address (any account): a single source cannot spray guesses;
// - failures per (account, address): the same source cannot hammer one account;
// - failures per account, counted only from addresses that never signed in to it: guessing from
//   many addresses stays slow, while the owner, from an address they used before, is not held up.
// A successful sign-in gives back the tokens its attempt took: only failures are limited.
export const SIGN_IN_POLICIES = {
  perAddress: { capacity: 30, refillPerSecond: 30 / 900 },
  perAccountAndAddress: { capacity: 5, refillPerSecond: 5 / 900 },
  perAccountFromNewAddresses: { capacity: 10, refillPerSecond: 10 / 3600 },
} satisfies Record<string, BucketPolicy>;

/** Addresses that signed in to an account are remembered this long. */
export const KNOWN_ADDRESS_DAYS = 180;

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };
export type Attempt = Verdict & { succeeded(userId: string): Promise<void> };

// Emails are hashed in bucket keys: the limits table has no reason to hold addresses of people.
const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url').slice(0, 22);
const UNKNOWN_ADDRESS = 'unknown';

async function isKnownAddress(userId: string | null, address: string | null): Promise<boolean> {
  if (!userId || !address) return false;
  const rows = await db
    .select({ n: sql<number>`1` })
    .from(signInAddresses)
    .where(and(eq(signInAddresses.userId, userId), eq(signInAddresses.address, address)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Takes this attempt's tokens before the password is checked (so parallel guesses are counted
 * too); refuses when any bucket is empty. `succeeded` gives them back and remembers the address.
 */
export async function beginSignIn(email: string, userId: string | null, address: string | null): Promise<Attempt> {
  const where = address ?? UNKNOWN_ADDRESS;
  const account = accountKey(email);
  const buckets: [string, BucketPolicy][] = [
    [`signin:addr:${where}`, SIGN_IN_POLICIES.perAddress],
    [`signin:acct-addr:${account}:${where}`, SIGN_IN_POLICIES.perAccountAndAddress],
  ];
  if (!(await isKnownAddress(userId, address))) buckets.push([`signin:acct:${account}`, SIGN_IN_POLICIES.perAccountFromNewAddresses]);

  const results = await Promise.all(buckets.map(([key, policy]) => takeToken(key, policy)));
  const taken = buckets.filter((_, i) => results[i]!.ok);
  const giveBack = () => Promise.all(taken.map(([key, policy]) => giveBackToken(key, policy))).then(() => {});
  const refused = results.filter((r) => !r.ok);
  if (refused.length) {
    // A refused attempt costs nothing more than the refusal.
    await giveBack();
    const waitMs = Math.max(...refused.map((r) => (r.ok ? 0 : r.retryAfterMs)));
    return { ok: false, retryAfterSeconds: Math.ceil(waitMs / 1000), succeeded: async () => {} };
  }
  return {
    ok: true,
    async succeeded(signedInUserId) {
      await giveBack();
      if (address) {
        await db
          .insert(signInAddresses)
          .values({ userId: signedInUserId, address })
          .onConflictDoUpdate({ target: [signInAddresses.userId, signInAddresses.address], set: { lastSignedInAt: sql`now()` } });
      }
    },
  };
}

export const SIGN_UP_POLICY: BucketPolicy = { capacity: 10, refillPerSecond: 10 / 3600 };

/** Sign-ups per client address: 10, then one every 6 minutes. */
export async function takeSignUpAttempt(address: string | null): Promise<Verdict> {
  const taken = await takeToken(`signup:addr:${address ?? UNKNOWN_ADDRESS}`, SIGN_UP_POLICY);
  return taken.ok ? { ok: true } : { ok: false, retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) };
}

/** Maintenance: forgets addresses not used to sign in for KNOWN_ADDRESS_DAYS. */
export async function forgetOldSignInAddresses(): Promise<number> {
  const rows = await db
    .delete(signInAddresses)
    .where(sql`${signInAddresses.lastSignedInAt} < now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`)
    .returning({ userId: signInAddresses.userId });
  return rows.length;
}

/** "Try again in 4 minutes": what a person reads when a limit holds. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, seconds)} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
