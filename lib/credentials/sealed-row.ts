import type { Connection } from '@/lib/db/schema';
import { openSecret, sealSecret, type KeyRing, type SealedSecret } from './crypto';

type Binding = { id: string; kind: string };

/** The `secret_*` columns for `secret`, sealed to the connection `id` of `kind`. */
export function sealedColumns(secret: unknown, row: Binding, ring?: KeyRing) {
  const sealed = sealSecret(secret, { connectionId: row.id, kind: row.kind }, ring);
  return {
    secretKeyVersion: sealed.keyVersion,
    secretNonce: sealed.nonce,
    secretTag: sealed.tag,
    secretCiphertext: sealed.ciphertext,
    secretAad: true,
  };
}

export function sealedOf(row: Pick<Connection, 'secretKeyVersion' | 'secretNonce' | 'secretTag' | 'secretCiphertext'>): SealedSecret {
  return { keyVersion: row.secretKeyVersion, nonce: row.secretNonce, tag: row.secretTag, ciphertext: row.secretCiphertext };
}

/** Opens a row's secret: bound to its own id and kind, or unbound for rows sealed before binding existed. */
export function openRowSecret<T = unknown>(
  row: Pick<Connection, 'id' | 'kind' | 'secretAad' | 'secretKeyVersion' | 'secretNonce' | 'secretTag' | 'secretCiphertext'>,
  ring?: KeyRing,
): T {
  return openSecret<T>(sealedOf(row), row.secretAad ? { connectionId: row.id, kind: row.kind } : null, ring);
}
