// Postgres refuses NUL in text and jsonb, and unpaired surrogates in jsonb. Data we did not choose
// (a provider's answer) is written escaped rather than refused: losing the write would make the
// worker retry a delivery that already happened.

const MAX_DEPTH = 64;
const TOO_DEEP = '[nested deeper than 64 levels]';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a high or low surrogate stands without its other half (invalid in jsonb, not UTF-8). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** NUL and unpaired surrogates written as their JSON escapes (`\u0000`, `\ud800`); pairs kept. */
export function escapeUnstorable(value: string): string {
  if (!value.includes('\u0000') && !hasLoneSurrogate(value)) return value;
  return value.replace(/\u0000|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (match) =>
    match.length === 2 ? match : `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

type Slot = { value: unknown; depth: number; assign: (v: unknown) => void };

/**
 * A copy of a JSON-like value that Postgres stores as is: strings and keys escaped, anything nested
 * deeper than 64 levels replaced by a marker string. Iterative, so a hostile answer cannot
 * overflow the stack here either.
 */
export function storable<T>(root: T): T {
  let result: unknown;
  const stack: Slot[] = [{ value: root, depth: 0, assign: (v) => (result = v) }];
  while (stack.length) {
    const { value, depth, assign } = stack.pop()!;
    if (typeof value === 'string') assign(escapeUnstorable(value));
    else if (value === null || typeof value !== 'object' || value instanceof Date) assign(value);
    else if (depth >= MAX_DEPTH) assign(TOO_DEEP);
    else if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      assign(copy);
      value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, assign: (v) => (copy[i] = v) }));
    } else {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [key, item] of Object.entries(value)) {
        const safeKey = escapeUnstorable(key);
        stack.push({ value: item, depth: depth + 1, assign: (v) => (copy[safeKey] = v) });
      }
    }
  }
  return result as T;
}
