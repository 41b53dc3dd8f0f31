import type { TransactionSql } from 'postgres';
import type { Db as IDatabase } from 'pg-boss';

/** Lets pg-boss send/insert inside a postgres.js transaction: task row and job commit together. */
export function bossDbFor(sql: TransactionSql): IDatabase {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = await sql.unsafe(text, (values ?? []) as never[]);
      return { rows: [...rows] };
    },
  };
}
