import { createHash } from 'node:crypto';

type Pending = { value: unknown } | { text: string };

/**
 * JSON with object keys sorted, written with an explicit stack: a body reaches this before any
 * schema, so nothing here may recurse (the body reader bounds nesting too; this does not rely on it).
 */
function canonical(root: unknown): string {
  const out: string[] = [];
  const stack: Pending[] = [{ value: root }];
  while (stack.length) {
    const item = stack.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const { value } = item;
    if (Array.isArray(value)) {
      const parts: Pending[] = [{ text: '[' }];
      value.forEach((v, i) => parts.push(...(i ? [{ text: ',' }] : []), { value: v }));
      parts.push({ text: ']' });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const parts: Pending[] = [{ text: '{' }];
      entries.forEach(([k, v], i) => parts.push({ text: `${i ? ',' : ''}${JSON.stringify(k)}:` }, { value: v }));
      parts.push({ text: '}' });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}

/** Hash of a request body independent of key order (idempotency: "the same body"). */
export function requestHash(body: unknown): string {
  const { idempotencyKey: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}
