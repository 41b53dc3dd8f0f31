import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './crypto';

const key = () => randomBytes(32);
const binding = (kind = 'slack-webhook') => ({ connectionId: randomUUID(), kind });

describe('secret sealing', () => {
  it('round-trips a secret without leaving plaintext in the envelope', () => {
    const ring = { current: key(), previous: [] };
    const to = binding();
    const sealed = sealSecret({ webhookUrl: 'https://hooks.slack.com/services/T/B/very-secret' }, to, ring);
    expect(JSON.stringify(sealed)).not.toContain('very-secret');
    expect(openSecret(sealed, to, ring)).toEqual({ webhookUrl: 'https://hooks.slack.com/services/T/B/very-secret' });
  });

  it('uses a fresh nonce each time', () => {
    const ring = { current: key(), previous: [] };
    const to = binding();
    expect(sealSecret('x', to, ring).nonce).not.toBe(sealSecret('x', to, ring).nonce);
  });

  it('still opens secrets sealed with a previous key after rotation', () => {
    const old = key();
    const to = binding();
    const sealed = sealSecret('token', to, { current: old, previous: [] });
    expect(openSecret(sealed, to, { current: key(), previous: [old] })).toBe('token');
  });

  it('refuses a tampered ciphertext', () => {
    const ring = { current: key(), previous: [] };
    const to = binding();
    const sealed = sealSecret('token', to, ring);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 0xff;
    expect(() => openSecret({ ...sealed, ciphertext: bytes.toString('base64') }, to, ring)).toThrow(/does not open/);
  });

  it('does not open for another connection id, another kind, or without the binding', () => {
    const ring = { current: key(), previous: [] };
    const to = binding('twitter-thread');
    const sealed = sealSecret({ accessToken: 'a' }, to, ring);
    expect(() => openSecret(sealed, { ...to, connectionId: randomUUID() }, ring)).toThrow(/does not open/);
    expect(() => openSecret(sealed, { ...to, kind: 'http-post' }, ring)).toThrow(/does not open/);
    expect(() => openSecret(sealed, null, ring)).toThrow(/does not open/);
  });

  it('names the missing key version', () => {
    const sealed = sealSecret('token', binding(), { current: key(), previous: [] });
    expect(() => openSecret(sealed, binding(), { current: key(), previous: [] })).toThrow(/version/);
  });
});
