import { takeToken } from '@/lib/rate-limit/token-bucket';

// 5 tries per email per minute, 30 per client address: slows guessing without locking people out.
export async function checkSignInAllowed(email: string, ip: string | null): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const checks = [takeToken(`signin:email:${email}`, { capacity: 5, refillPerSecond: 5 / 60 })];
  if (ip) checks.push(takeToken(`signin:ip:${ip}`, { capacity: 30, refillPerSecond: 30 / 60 }));
  for (const result of await Promise.all(checks)) {
    if (!result.ok) return { ok: false, retryAfterSeconds: Math.ceil(result.retryAfterMs / 1000) };
  }
  return { ok: true };
}
