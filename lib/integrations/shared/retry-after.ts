/** Longest wait we honour from a provider; anything beyond is capped (a task should not sleep for days). */
export const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;
const DEFAULT_RATE_LIMIT_MS = 60_000;

function header(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/**
 * How long a provider asked us to wait, in ms: `Retry-After` (seconds or HTTP date),
 * `x-rate-limit-reset` / `x-ratelimit-reset` (epoch seconds, as X sends it) or
 * `x-ratelimit-reset-after` (seconds, as Discord sends it). Null when none is present.
 */
export function parseRetryAfter(headers: Record<string, string>, now: number = Date.now()): number | null {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return clamp(Math.ceil(Number(retryAfter) * 1000));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return clamp(date - now);
  }
  const resetAfter = header(headers, 'x-ratelimit-reset-after')?.trim();
  if (resetAfter && /^\d+(\.\d+)?$/.test(resetAfter)) return clamp(Math.ceil(Number(resetAfter) * 1000));
  const reset = (header(headers, 'x-rate-limit-reset') ?? header(headers, 'x-ratelimit-reset'))?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Epoch seconds; small values are relative seconds (some APIs send those under the same name).
    return clamp(value > 1e9 ? Math.ceil(value * 1000 - now) : Math.ceil(value * 1000));
  }
  return null;
}

function clamp(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

export function retryAfterOrDefault(headers: Record<string, string>, now: number = Date.now()): number {
  return parseRetryAfter(headers, now) ?? DEFAULT_RATE_LIMIT_MS;
}
