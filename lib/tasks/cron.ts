import { CronExpressionParser } from 'cron-parser';
import { env } from '@/lib/env';

/** Firings looked at to find a schedule's shortest interval (enough for any periodic pattern's gaps to show). */
const SAMPLED_FIRINGS = 120;

/**
 * Null when `expr` is a 5-field (minutes) or 6-field (leading seconds) cron expression pg-boss
 * accepts whose firings are at least OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS apart.
 */
export function validateCron(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return 'must have 5 fields (minute hour day month weekday) or 6 (with leading seconds)';
  let shortest: number;
  try {
    shortest = shortestIntervalSeconds(expr);
  } catch (error) {
    return `is not a valid cron expression: ${error instanceof Error ? error.message : 'unparseable'}`;
  }
  const min = env().OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS;
  if (shortest < min) {
    return `fires every ${shortest} s at its most frequent; schedules may fire at most once every ${min} s (OUTPOST_QUOTA_MIN_SCHEDULE_SECONDS)`;
  }
  return null;
}

export function shortestIntervalSeconds(expr: string): number {
  const interval = CronExpressionParser.parse(expr, { tz: 'UTC', currentDate: new Date(Date.UTC(2025, 0, 1)) });
  let previous = interval.next().getTime();
  let shortest = Infinity;
  for (let i = 0; i < SAMPLED_FIRINGS && interval.hasNext(); i++) {
    const next = interval.next().getTime();
    shortest = Math.min(shortest, (next - previous) / 1000);
    previous = next;
  }
  return shortest;
}
