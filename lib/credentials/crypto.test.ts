import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './crypto';

const key = () => randomBytes(32);

describe('secret sealing', () => {
  it('round-trips a secret without leaving plaintext in the envelope', () => {
    const ring = { current: key(), previous: [] };
    const sealed = sealSecret({ webhookUrl: 'https://hooks.slack.com/services/T/B/very-secret' }, ring);
    expect(JSON.stringify(sealed)).not.toContain('very-secret');
    expect(openSecret(sealed, ring)).toEqual({ webhookUrl: 'https://hooks.slack.com/services/T/B/very-secret' });
  });

  it('uses a fresh nonce each time', () => {
    const ring = { current: key(), previous: [] };
    expect(sealSecret('x', ring).nonce).not.toBe(sealSecret('x', ring).nonce);
  });

  it('still opens secrets sealed with a previous key after rotation', () => {
    const old = key();
    const sealed = sealSecret('token', { current: old, previous: [] });
    expect(openSecret(sealed, { current: key(), previous: [old] })).toBe('token');
  });

  it('refuses a tampered ciphertext', () => {
    const ring = { current: key(), previous: [] };
    const sealed = sealSecret('token', ring);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 0xff;
    expect(() => openSecret({ ...sealed, ciphertext: bytes.toString('base64') }, ring)).toThrow();
  });

  it('names the missing key version', () => {
    const sealed = sealSecret('token', { current: key(), previous: [] });
    expect(() => openSecret(sealed, { current: key(), previous: [] })).toThrow(/version/);
  });
});
