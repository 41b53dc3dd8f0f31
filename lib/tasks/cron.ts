import { CronExpressionParser } from 'cron-parser';

/** Null when `expr` is a 5-field (minutes) or 6-field (leading seconds) cron expression pg-boss accepts. */
export function validateCron(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return 'must have 5 fields (minute hour day month weekday) or 6 (with leading seconds)';
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' });
    return null;
  } catch (error) {
    return `is not a valid cron expression: ${error instanceof Error ? error.message : 'unparseable'}`;
  }
}
