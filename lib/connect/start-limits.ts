import 'server-only';
import { takeToken, type BucketPolicy, type TakeResult } from '@/lib/rate-limit/token-bucket';

// Starting a connect flow writes a row and may make a request to a site the person named, so it is
// limited per user and per client address, in Postgres buckets every web process shares. Far above
// what a person clicking through connect pages needs; far below a loop.

export const CONNECT_STARTS_PER_USER: BucketPolicy = { capacity: 20, refillPerSecond: 1 / 6 };
export const CONNECT_STARTS_PER_ADDRESS: BucketPolicy = { capacity: 60, refillPerSecond: 1 };

export async function takeConnectStart(userId: string, address: string | null): Promise<TakeResult> {
  const user = await takeToken(`connect-start:user:${userId}`, CONNECT_STARTS_PER_USER);
  if (!user.ok) return user;
  return address ? takeToken(`connect-start:address:${address}`, CONNECT_STARTS_PER_ADDRESS) : { ok: true };
}
