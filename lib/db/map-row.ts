import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/**
 * Maps a raw row (snake_case, driver values) of a hand-written statement to the table's drizzle row
 * type, the way drizzle's own queries do. For hot paths that need a CTE drizzle cannot build.
 */
export function mapRow<T extends Table>(table: T, row: Record<string, unknown>): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = row[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
}
