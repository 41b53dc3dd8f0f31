import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('environment validation', () => {
  it('applies defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.OUTPOST_SANDBOX_PORT).toBe(4400);
    expect(env.OUTPOST_SANDBOX).toBe(true);
    expect(env.OUTPOST_X_API_BASE).toBe('https://api.x.com');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ OUTPOST_ENCRYPTION_KEY: 'short' })).toThrow(/OUTPOST_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ OUTPOST_SLACK_WEBHOOK_BASE: 'not a url' })).toThrow(/OUTPOST_SLACK_WEBHOOK_BASE/);
  });

  it('reads OUTPOST_SANDBOX=false', () => {
    expect(parseEnv({ OUTPOST_SANDBOX: 'false' }).OUTPOST_SANDBOX).toBe(false);
  });
});
