import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type SealedSecret = { keyVersion: string; nonce: string; tag: string; ciphertext: string };

type KeyRing = { current: Buffer; previous: Buffer[] };

function keyVersion(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function loadKeyRing(source: Record<string, string | undefined> = process.env): KeyRing {
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

/** AES-256-GCM with a fresh 96-bit nonce; the key version lets older keys keep decrypting. */
export function sealSecret(value: unknown, ring: KeyRing = loadKeyRing()): SealedSecret {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current, nonce);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    keyVersion: keyVersion(ring.current),
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function openSecret<T = unknown>(sealed: SealedSecret, ring: KeyRing = loadKeyRing()): T {
  const key = [ring.current, ...ring.previous].find((k) => keyVersion(k) === sealed.keyVersion);
  if (!key) throw new Error(`No encryption key with version ${sealed.keyVersion} is configured`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

export function isCurrentKey(sealed: SealedSecret, ring: KeyRing = loadKeyRing()): boolean {
  return sealed.keyVersion === keyVersion(ring.current);
}

export { loadKeyRing };
