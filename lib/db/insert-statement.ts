import { getTableColumns, getTableName, is, SQL, type Column, type InferInsertModel, type Table } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Statement } from './client';

type Shape = { text: string; columns: Column[] };

// Per table, the statement text for each set of given columns. drizzle's builder renders every
// column name and placeholder again on every call, which was the largest single CPU cost of
// creating a task; a task insert has one or two shapes, so the text is built once per shape.
const shapes = new WeakMap<Table, Map<string, Shape>>();

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function qualifiedName(table: Table): string {
  const schema = is(table, PgTable) ? getTableConfig(table).schema : undefined;
  return schema ? `${quote(schema)}.${quote(getTableName(table))}` : quote(getTableName(table));
}

/**
 * `INSERT INTO table (…) VALUES (…) RETURNING *` for one row, as a statement to send (pipelined or
 * not), with values mapped to the driver the way drizzle maps them. Columns left undefined get
 * their `$defaultFn` value or the database DEFAULT, as with `db.insert(table).values(row)`.
 * Rows come back with database column names: read them with `mapRow`.
 */
export function insertStatement<T extends Table>(table: T, row: InferInsertModel<T>): Statement {
  const values = row as Record<string, unknown>;
  const given: [string, Column, unknown][] = [];
  let key = '';
  for (const [name, column] of Object.entries(getTableColumns(table))) {
    let value = values[name];
    if (value === undefined) value = column.defaultFn?.() ?? column.onUpdateFn?.();
    if (is(value, SQL)) throw new Error(`insertStatement: ${name} is an SQL expression; use drizzle's insert for those`);
    key += value === undefined ? '0' : '1';
    if (value !== undefined) given.push([name, column, value]);
  }
  let byShape = shapes.get(table);
  if (!byShape) shapes.set(table, (byShape = new Map()));
  let shape = byShape.get(key);
  if (!shape) {
    const columns = given.map(([, column]) => column);
    const names = columns.map((column) => quote(column.name)).join(', ');
    const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
    const text = columns.length
      ? `insert into ${qualifiedName(table)} (${names}) values (${placeholders}) returning *`
      : `insert into ${qualifiedName(table)} default values returning *`;
    shape = { text, columns };
    byShape.set(key, shape);
  }
  return { text: shape.text, values: given.map(([, column, value]) => (value === null ? null : column.mapToDriverValue(value))) };
}
