import type { z } from 'zod';
import { AppError, fromZod } from '@/lib/errors';

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

export async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (text.trim() === '') throw new AppError('invalid_json', 'Request body must be JSON; it was empty', [{ path: '(body)', message: 'empty body' }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new AppError('invalid_json', `Request body is not valid JSON: ${reason}`, [{ path: '(body)', message: reason }]);
  }
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJson(request));
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}
