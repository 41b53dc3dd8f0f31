import { randomBytes } from 'node:crypto';

/** Secrets for a test run: random, never the developer's. */
export function testSecrets(): Record<string, string> {
  return {
    OUTPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    OUTPOST_SANDBOX_TOKEN: randomBytes(24).toString('base64url'),
    OUTPOST_METRICS_TOKEN: randomBytes(24).toString('base64url'),
  };
}
