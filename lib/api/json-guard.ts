import { escapeUnstorable, hasLoneSurrogate } from '@/lib/db/storable';
import { formatPath, type ErrorDetail } from '@/lib/errors';

// What Postgres (and our own code) cannot take, refused at the edge so nothing past it has to care:
// NUL is not storable in text or jsonb, an unpaired surrogate is not valid in jsonb, and nesting
// beyond this depth would overflow recursive code further in (JSON.stringify, zod, liquidjs).
export const MAX_JSON_DEPTH = 64;
const MAX_DETAILS = 20;

/** What is wrong with a string as stored data, or null. */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (hasLoneSurrogate(value)) return 'must not contain unpaired UTF-16 surrogates (e.g. a lone \\ud800)';
  return null;
}

/** A key as it can be shown in an error path: control characters and lone surrogates escaped. */
export function printableKey(key: string): string {
  return escapeUnstorable(key);
}

type Frame = { kind: 'array'; index: number } | { kind: 'object'; key: string; expectKey: boolean };

function framesPath(frames: Frame[], prefix: string): string {
  return formatPath(
    frames.map((f) => (f.kind === 'array' ? f.index : printableKey(f.key))),
    prefix,
  );
}

/**
 * Scans JSON text for nesting deeper than MAX_JSON_DEPTH before it is parsed (parsing a megabyte
 * of `[` costs a second of CPU), and names where it happens. One pass, no recursion. Text that is
 * not valid JSON is left for JSON.parse to refuse.
 */
export function tooDeepInText(text: string, prefix = ''): ErrorDetail | null {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = frames.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        top.key = decodeJsonString(text.slice(start, i + 1));
        top.expectKey = false;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (frames.length >= MAX_JSON_DEPTH) {
        return { path: framesPath(frames, prefix), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
      }
      frames.push(c === 0x5b ? { kind: 'array', index: 0 } : { kind: 'object', key: '', expectKey: true });
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames.at(-1);
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return null;
}

function decodeJsonString(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

type Node = { value: unknown; depth: number; parent: Node | null; key: string | number | null };

function nodePath(node: Node, prefix: string): string {
  const parts: (string | number)[] = [];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) {
    parts.push(typeof n.key === 'string' ? printableKey(n.key) : n.key);
  }
  return formatPath(parts.reverse(), prefix);
}

/**
 * Every string (keys too) that cannot be stored, and nesting deeper than MAX_JSON_DEPTH, in a
 * parsed JSON value — iteratively, with paths like `input.a[3]`. At most 20 details.
 */
export function unsafeJsonDetails(value: unknown, prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: Node[] = [{ value, depth: 0, parent: null, key: null }];
  while (stack.length && details.length < MAX_DETAILS) {
    const node = stack.pop()!;
    const { value: v } = node;
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) details.push({ path: nodePath(node, prefix), message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (node.depth >= MAX_JSON_DEPTH) {
      details.push({ path: nodePath(node, prefix), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` });
      continue;
    }
    const children: Node[] = [];
    if (Array.isArray(v)) {
      v.forEach((item, index) => children.push({ value: item, depth: node.depth + 1, parent: node, key: index }));
    } else {
      for (const [key, item] of Object.entries(v)) {
        const child: Node = { value: item, depth: node.depth + 1, parent: node, key };
        const problem = stringProblem(key);
        if (problem) details.push({ path: nodePath(child, prefix), message: `key ${problem}` });
        children.push(child);
      }
    }
    // Reversed so details come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return details.slice(0, MAX_DETAILS);
}
