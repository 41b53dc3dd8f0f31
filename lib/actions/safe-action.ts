import 'server-only';
import type { z } from 'zod';
import { auth } from '@/lib/auth/config';
import { describeError } from '@/lib/describe-error';
import { unsafeJsonDetails } from '@/lib/api/json-guard';
import { AppError, zodDetails } from '@/lib/errors';

export type ActionResult<T> =
  | { status: 'ok'; data: T }
  | { status: 'error'; message: string; fieldErrors?: Record<string, string> };

type Options = { requireUser: boolean };

/**
 * Builds a server action that validates its input with the same zod schema the form uses and
 * returns a status union instead of throwing.
 */
export function createAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, ctx: { userId: string | null }) => Promise<T>,
  options: Options = { requireUser: true },
) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    // The same edge check as the API's body reader: NUL, lone surrogates, nesting beyond 64.
    const unsafe = unsafeJsonDetails(raw);
    if (unsafe.length) {
      return { status: 'error', message: 'Please fix the highlighted fields', fieldErrors: Object.fromEntries(unsafe.map((d) => [d.path, d.message])) };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = Object.fromEntries(zodDetails(parsed.error).map((d) => [d.path, d.message]));
      return { status: 'error', message: 'Please fix the highlighted fields', fieldErrors };
    }
    const session = await auth();
    const userId = session?.user?.id ?? null;
    if (options.requireUser && !userId) return { status: 'error', message: 'Your session has ended; sign in again' };
    try {
      return { status: 'ok', data: await run(parsed.data, { userId }) };
    } catch (error) {
      if (error instanceof AppError) {
        const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path, d.message]));
        return { status: 'error', message: error.message, fieldErrors };
      }
      // Next.js signals redirects by throwing; let them through.
      if (error && typeof error === 'object' && 'digest' in error) throw error;
      console.error('[action] unexpected error:', describeError(error));
      return { status: 'error', message: 'Something went wrong on our side; please try again' };
    }
  };
}
