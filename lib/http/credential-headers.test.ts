import { describe, expect, it } from 'vitest';
import { isCredentialHeaderName } from './credential-headers';

describe('isCredentialHeaderName', () => {
  it.each(['Authorization', 'cookie', 'PROXY-AUTHORIZATION', 'X-Api-Key', 'x-auth-token', 'X-Access-Token', 'api_key', 'X-Client-Secret', 'Session-Id', 'X-Hub-Signature'])(
    'refuses %s',
    (name) => expect(isCredentialHeaderName(name)).toBe(true),
  );
  it.each(['Content-Type', 'X-Request-Id', 'Idempotency-Key', 'Accept', 'X-Trace', 'User-Agent', 'X-Keyboard'])('allows %s', (name) =>
    expect(isCredentialHeaderName(name)).toBe(false),
  );
});
