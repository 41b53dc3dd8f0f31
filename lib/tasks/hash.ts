import { createHash } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hash of a request body independent of key order (idempotency: "the same body"). */
export function requestHash(body: unknown): string {
  const { idempotencyKey: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}
