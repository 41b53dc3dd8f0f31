/**
 * A loggable description of an error that never includes query parameters: drizzle's
 * "Failed query: … params: …" errors carry the values written (task inputs, sealed secrets),
 * so only the statement and the driver's own message are kept.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const query = (error as { query?: unknown }).query;
  if (typeof query === 'string' && error.cause instanceof Error) {
    return `${error.cause.message} (in: ${query.slice(0, 300)}; parameters withheld)\n${error.cause.stack ?? ''}`;
  }
  return error.stack ?? error.message;
}
