import type { Sql, TransactionSql } from 'postgres';
import type { Db as IDatabase } from 'pg-boss';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);

/**
 * Lets pg-boss send/insert/schedule inside a postgres.js transaction, so a task row and its job
 * commit together (or run its statements on a given postgres.js pool). node-postgres (which pg-boss is written against) serialises plain-object
 * parameters itself and postgres.js's unsafe() does not, so they are JSON-encoded here; pg-boss's
 * statements have a fixed text, so the short ones are prepared once per connection.
 */
export function bossDbFor(sql: TransactionSql | Sql): IDatabase {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params = encodeParams(values);
      const rows = await sql.unsafe(text, params as never[], { prepare: params.length <= 32 });
      return { rows: [...rows] };
    },
  };
}

export function encodeParams(values: unknown[]): unknown[] {
  return values.map((v) => (isPlainObject(v) ? JSON.stringify(v) : v));
}

/**
 * An adapter that records the one statement pg-boss would run instead of running it, answering
 * with `rows`: the caller runs the statement itself, pipelined with its own.
 */
export function recordingBossDb(rows: Record<string, unknown>[]): IDatabase & { statement(): { text: string; values: unknown[] } } {
  let recorded: { text: string; values: unknown[] } | undefined;
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (recorded) throw new Error('pg-boss ran more than one statement; it cannot be pipelined');
      recorded = { text, values: encodeParams(values) };
      return { rows };
    },
    statement() {
      if (!recorded) throw new Error('pg-boss ran no statement');
      return recorded;
    },
  };
}
