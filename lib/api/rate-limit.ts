import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { takeToken, type BucketPolicy } from '@/lib/rate-limit/token-bucket';

// One bucket per account in Postgres (the same single-statement bucket the deliveries and sign-in
// use), so every web instance — or a serverless function with no memory between requests — draws on
// it. The cost is one UPDATE of the account's row per request (README "Limits").
let cachedPolicy: BucketPolicy | null | undefined;

function apiPolicy(): BucketPolicy | null {
  if (cachedPolicy === undefined) {
    const { OUTPOST_API_RATE_LIMIT: perSecond, OUTPOST_API_RATE_BURST: burst } = env();
    cachedPolicy = perSecond > 0 ? { capacity: burst ?? Math.max(1, Math.ceil(perSecond * 2)), refillPerSecond: perSecond } : null;
  }
  return cachedPolicy;
}

/** Counts one API request against the account; throws 429 with Retry-After past its limit. */
export async function limitApiRequests(userId: string): Promise<void> {
  const policy = apiPolicy();
  if (!policy) return;
  const taken = await takeToken(`api:acct:${userId}`, policy);
  if (taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new AppError(
    'rate_limited',
    `Too many requests: the API allows ${policy.refillPerSecond}/s per account (bursts of ${policy.capacity}); retry after ${seconds} s`,
    [],
    { 'retry-after': String(seconds) },
  );
}
