import { randomBytes, randomUUID } from 'node:crypto';

export const uuid = (): string => randomUUID();

/** Opaque credential: URL-safe, high entropy, like the providers' own tokens. */
export const opaqueToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

const DISCORD_EPOCH = 1420070400000n;

/** Discord snowflakes: milliseconds since the Discord epoch shifted left 22 bits, plus a counter. */
export function snowflakeFactory(): () => string {
  let last = 0n;
  return () => {
    let next = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    if (next <= last) next = last + 1n;
    last = next;
    return next.toString();
  };
}

/** Increasing numeric-string ids, as X hands out for tweets. */
export function numericIdFactory(start: bigint): () => string {
  let next = start;
  return () => (next++).toString();
}
