// What a database outage looks like to a caller, and a way to wait one out.

// postgres.js's own codes, the socket's, and Postgres's: connection exceptions (class 08) and the
// server shutting down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now), which a restart or failover sends before the socket closes.
const LOST_CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
]);

/** True when `error` (or an error it wraps, as drizzle's query errors do) says the database was out of reach. */
export function isLostConnection(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (LOST_CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  }
  return false;
}

export type WaitOutOptions = {
  /** Give up (rethrow the last error) once this much time has passed. */
  withinMs: number;
  /** Called once per failed try, with the error (for a log line). */
  onRetry?: (error: unknown, tries: number) => void;
};

/**
 * Runs `fn` (given the number of this try, from 1) until it succeeds, trying again while the database is out of reach (a restart, a
 * failover, a proxy that dropped the connection), with backoff from 100 ms up to 1 s. Any other error,
 * or an outage longer than `withinMs`, is thrown. `fn` must be safe to run twice: a COMMIT whose
 * answer was lost may have committed.
 */
export async function waitOutLostConnection<T>(fn: (tries: number) => Promise<T>, options: WaitOutOptions): Promise<T> {
  const giveUpAt = Date.now() + options.withinMs;
  for (let tries = 1, pause = 100; ; tries++, pause = Math.min(pause * 2, 1_000)) {
    try {
      return await fn(tries);
    } catch (error) {
      if (!isLostConnection(error) || Date.now() + pause > giveUpAt) throw error;
      options.onRetry?.(error, tries);
      await new Promise((resolve) => setTimeout(resolve, pause * (0.75 + Math.random() / 2)));
    }
  }
}
