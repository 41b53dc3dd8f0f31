import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The sealed form of a secret, as stored in the `secret_*` columns of its connection. */
export type SealedSecret = {
  /** Key id: the first 12 hex digits of the key's SHA-256, so a key ring can pick the right key. */
  keyVersion: string;
  nonce: string;
  tag: string;
  ciphertext: string;
};

export type KeyRing = { current: Buffer; previous: Buffer[] };

/**
 * What a ciphertext is bound to. A connection's secret is sealed with its id and kind as
 * associated data, so the sealed columns copied into another row (or relabelled as another kind)
 * fail authentication instead of opening there. `null` only opens secrets sealed before
 * associated data existed (rows whose `secret_aad` is false, until `keys:rotate` re-seals them).
 */
export type SecretBinding = { connectionId: string; kind: string } | null;

export function keyVersion(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function associatedData(binding: Exclude<SecretBinding, null>): Buffer {
  // Length-prefixed, so no two (id, kind) pairs produce the same bytes.
  const parts = ['outpost.connection.v1', binding.connectionId, binding.kind];
  return Buffer.from(parts.map((p) => `${Buffer.byteLength(p)}:${p}`).join('|'), 'utf8');
}

export function loadKeyRing(source: Record<string, string | undefined> = process.env): KeyRing {
  const current = source.OUTPOST_ENCRYPTION_KEY;
  if (!current) throw new Error('Missing required environment variable OUTPOST_ENCRYPTION_KEY');
  const decode = (name: string, value: string) => {
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
    return key;
  };
  const previous = (source.OUTPOST_ENCRYPTION_KEYS_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((k) => decode('OUTPOST_ENCRYPTION_KEYS_PREVIOUS', k));
  return { current: decode('OUTPOST_ENCRYPTION_KEY', current), previous };
}

/** AES-256-GCM under the current key, a fresh 96-bit nonce, and the binding as associated data. */
export function sealSecret(value: unknown, binding: Exclude<SecretBinding, null>, ring: KeyRing = loadKeyRing()): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current, nonce);
  cipher.setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    keyVersion: keyVersion(ring.current),
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** Opens with whichever key of the ring has the sealed key id; throws when none does or it was tampered with. */
export function openSecret<T = unknown>(sealed: SealedSecret, binding: SecretBinding, ring: KeyRing = loadKeyRing()): T {
  const key = [ring.current, ...ring.previous].find((k) => keyVersion(k) === sealed.keyVersion);
  if (!key) throw new Error(`No encryption key with version ${sealed.keyVersion} is configured`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
  if (binding) decipher.setAAD(associatedData(binding));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    // Never the sealed bytes in the message: it may reach a log.
    throw new Error('The sealed secret does not open (tampered with, or sealed for another connection)');
  }
  return JSON.parse(plain.toString('utf8')) as T;
}

export function isCurrentKey(sealed: SealedSecret, ring: KeyRing = loadKeyRing()): boolean {
  return sealed.keyVersion === keyVersion(ring.current);
}
