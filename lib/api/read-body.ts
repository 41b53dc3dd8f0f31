import type { z } from 'zod';
import { AppError, fromZod, validationError, type ErrorDetail } from '@/lib/errors';
import { printableKey, stringProblem, tooDeepInText, unsafeJsonDetails } from './json-guard';

export const MAX_BODY_BYTES = 1024 * 1024;

// Past the cap the rest of a body is still read, and dropped, up to this much: closing the
// connection on a client that is still writing resets it, and a reset can discard the 413 before
// the client reads it. Beyond this the connection is closed unread.
const DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES;

/** Reads the body with a hard 1 MiB cap, without trusting Content-Length alone. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > DRAIN_LIMIT_BYTES) throw tooLarge(limit, 'unread');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit, 'unread');
    }
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw tooLarge(limit, 'drained');
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number, body: 'drained' | 'unread') {
  // The rest of an unread body is still on the wire, so the connection cannot be reused safely.
  const headers: Record<string, string> = body === 'unread' ? { connection: 'close' } : {};
  return new AppError('payload_too_large', `Request body exceeds the ${limit / 1024 / 1024} MiB limit`, [], headers);
}

/**
 * The one way a route reads a JSON body: at most 1 MiB, valid JSON, nested at most 64 levels, and
 * no string (keys included) holding NUL or an unpaired surrogate. Whatever passes can be stored in
 * Postgres and walked by recursive code; whatever does not is a 400 naming the field.
 */
export async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (text.trim() === '') throw new AppError('invalid_json', 'Request body must be JSON; it was empty', [{ path: '(body)', message: 'empty body' }]);
  const tooDeep = tooDeepInText(text);
  if (tooDeep) throw validationError([tooDeep]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new AppError('invalid_json', `Request body is not valid JSON: ${reason}`, [{ path: '(body)', message: reason }]);
  }
  assertStorableJson(value);
  return value;
}

/** The same check for JSON that reached us another way (a form field, a server action). */
export function assertStorableJson(value: unknown, prefix = ''): void {
  const details = unsafeJsonDetails(value, prefix);
  if (details.length) throw validationError(details);
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJson(request));
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/**
 * The one way a route reads its query string: every name and value checked like body strings,
 * a parameter given twice refused (which one would count?), then the route's zod schema, whose
 * issues name the parameter.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const details: ErrorDetail[] = [];
  const params: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    const path = printableKey(name);
    const problem = stringProblem(name) ?? stringProblem(value);
    if (problem) details.push({ path, message: problem });
    else if (Object.hasOwn(params, name)) details.push({ path, message: 'is given more than once' });
    else params[name] = value;
  }
  if (details.length) throw validationError(details);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/** Route parameters (`[id]`) checked like any other string before a handler sees them. */
export function checkRouteParams(params: unknown): void {
  if (!params || typeof params !== 'object') return;
  const details: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(params)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      const problem = typeof part === 'string' ? stringProblem(part) : null;
      if (problem) details.push({ path: name, message: problem });
    }
  }
  if (details.length) throw validationError(details);
}
