import type { TransactionSql } from 'postgres';
import type { ConnectionOptions } from 'pg-boss';

type IDatabase = NonNullable<ConnectionOptions['db']>;
import { bossDbFor } from './tx-adapter';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);

/**
 * bossDbFor plus JSON encoding of plain-object parameters: node-postgres (which pg-boss is written
 * against) serialises objects itself, postgres.js's unsafe() does not — schedule() passes some.
 */
export function bossTxDb(sql: TransactionSql): IDatabase {
  const inner = bossDbFor(sql);
  return {
    executeSql: (text: string, values?: unknown[]) => inner.executeSql(text, values?.map((v) => (isPlainObject(v) ? JSON.stringify(v) : v))),
  };
}
