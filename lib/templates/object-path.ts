export type PathSegment = string | number;

/**
 * Parses `result.items[0].title`, `$.result.title`, `$['odd key']` into segments.
 * A leading `$` (JSONPath style) is the input itself; `$` alone selects the whole input.
 */
export function parsePath(path: string): PathSegment[] {
  const source = path.trim();
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`invalid path "${path}": ${why} at character ${i + 1}`);
  };
  if (source.startsWith('$')) {
    i = 1;
    if (i < source.length && source[i] !== '.' && source[i] !== '[') fail('expected "." or "[" after "$"');
  }
  let expectName = i === 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '[') {
      const close = source.indexOf(']', i);
      if (close < 0) fail('unclosed "["');
      segments.push(parseBracket(source.slice(i + 1, close), fail));
      i = close + 1;
      expectName = false;
    } else if (ch === '.' || expectName) {
      if (ch === '.') i++;
      const match = /^[^.[\]\s]+/u.exec(source.slice(i));
      if (!match) fail('expected a property name');
      const name = (match as RegExpExecArray)[0];
      segments.push(/^\d+$/u.test(name) ? Number(name) : name);
      i += name.length;
      expectName = false;
    } else {
      fail(`unexpected "${ch}"`);
    }
  }
  if (!source.startsWith('$') && segments.length === 0) fail('empty path');
  return segments;
}

function parseBracket(inner: string, fail: (why: string) => never): PathSegment {
  const trimmed = inner.trim();
  if (/^\d+$/u.test(trimmed)) return Number(trimmed);
  const quoted = /^(['"])(.*)\1$/su.exec(trimmed);
  if (quoted) return quoted[2] as string;
  return fail('expected an index or a quoted key inside "[]"');
}

export type PathLookup = { found: true; value: unknown } | { found: false };

/** Follows own properties only: `constructor`, `__proto__` and friends never resolve. */
export function getPath(root: unknown, segments: readonly PathSegment[]): PathLookup {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return { found: false };
    if (Array.isArray(current)) {
      if (typeof segment !== 'number' || segment >= current.length) return { found: false };
      current = current[segment];
      continue;
    }
    const key = String(segment);
    if (!Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}
