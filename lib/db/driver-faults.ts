// postgres.js 3.4.9 (the latest) throws from its own timers when a backend dies mid-transaction:
// `sql.begin()` issues its ROLLBACK after `closed()` has set the socket to null, and the write
// batched on setImmediate dereferences it (porsager/postgres#1208). The transaction has already
// rejected with CONNECTION_CLOSED and the pool reconnects on the next query, so the throw carries
// no news; left alone it is an uncaught exception that ends the process on every Postgres restart.

/** True for the driver's own throw after a lost connection (and only that): safe to log and go on. */
export function isLostConnectionDriverFault(error: unknown): boolean {
  if (!(error instanceof TypeError) || !/of null \(reading 'write'\)/.test(error.message)) return false;
  const top = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return top !== undefined && /\bnextWrite\b/.test(top) && /[\\/]postgres[\\/]src[\\/]connection\.js/.test(top);
}

/**
 * Installs the process's last-resort handler: the known driver fault is logged and survived;
 * anything else goes to `fatal` (which should end the process: its state is unknown).
 */
export function onUncaughtException(label: string, fatal: (error: Error) => void): void {
  process.on('uncaughtException', (error) => {
    if (isLostConnectionDriverFault(error)) {
      console.error(`[${label}] the database connection was lost mid-transaction; the pool reconnects (postgres.js#1208 survived)`);
      return;
    }
    fatal(error);
  });
}
