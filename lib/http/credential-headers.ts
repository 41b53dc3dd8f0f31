// Header names that carry credentials. A task's config is stored and returned in plain text (and
// copied into every cron run), so such headers belong in a connection, which is encrypted.

const CREDENTIAL_WORDS = new Set([
  'auth',
  'authorization',
  'authentication',
  'token',
  'secret',
  'password',
  'passwd',
  'session',
  'cookie',
  'credential',
  'credentials',
  'apikey',
  'bearer',
  'signature',
  'jwt',
]);
// Two-word names whose words alone are harmless (an Idempotency-Key is not a credential).
const CREDENTIAL_PAIRS = new Set(['api-key', 'access-key', 'private-key', 'secret-key', 'client-secret', 'session-id']);

/** Whether a header name is a credential: Authorization, Cookie, X-Api-Key, X-Auth-Token, … (any case). */
export function isCredentialHeaderName(name: string): boolean {
  const words = name.toLowerCase().split(/[-_.]+/).filter(Boolean);
  return words.some((word, i) => CREDENTIAL_WORDS.has(word) || (i > 0 && CREDENTIAL_PAIRS.has(`${words[i - 1]}-${word}`)));
}
