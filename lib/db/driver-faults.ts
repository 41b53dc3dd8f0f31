import { isLostConnection } from './lost-connection';

// postgres.js 3.4.9 has two ways of turning a lost connection into a process-ending event; both
// carry no news (the statement or transaction concerned has already failed, or its caller is told
// through another promise, and the pool reconnects on the next query), so left alone they end a
// process on every Postgres restart or failover for nothing:
// 1. A TypeError thrown from its own timer: a statement, ROLLBACK or COMMIT written after `closed()`
//    has set the socket to null makes the write batched on setImmediate dereference it
//    (porsager/postgres#1208).
// 2. A rejection that nobody handles: when a connection dies, the driver re-queues or rejects
//    statements whose callers have already moved on (a transaction's statement rejected a second time
//    with CONNECT_TIMEOUT after the transaction failed, or a transaction whose caller awaits something
//    else at that moment). Node turns an unhandled rejection into an uncaught exception.
// tests/db/driver-faults.test.ts drives both, at every point of a transaction.

/** True for the driver's own throw after a lost connection (and only that): safe to log and go on. */
export function isLostConnectionDriverFault(error: unknown): boolean {
  if (!(error instanceof TypeError) || !/of null \(reading 'write'\)/.test(error.message)) return false;
  const top = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return top !== undefined && /\bnextWrite\b/.test(top) && /[\\/]postgres[\\/]src[\\/]connection\.js/.test(top);
}

/**
 * Installs the process's last-resort handlers: the driver's fault after a lost connection, and a
 * rejection nobody handled whose reason is a lost connection, are logged and survived; anything else
 * goes to `fatal` (which should end the process: its state is unknown).
 */
export function onUncaughtException(label: string, fatal: (error: Error) => void): void {
  const survived = (reason: unknown) =>
    console.error(`[${label}] a database statement failed after its connection was lost, with nobody waiting for it (${(reason as { code: string }).code}); the pool reconnects`);
  process.on('unhandledRejection', (reason) => {
    if (isLostConnection(reason)) return survived(reason);
    // As Node would without this handler: an unhandled rejection is an uncaught exception.
    fatal(reason instanceof Error ? reason : new Error(`unhandled rejection: ${String(reason)}`));
  });
  // Seen with tsx: some unhandled rejections reach only this handler (origin 'unhandledRejection').
  process.on('uncaughtException', (error, origin) => {
    if (origin === 'unhandledRejection' && isLostConnection(error)) return survived(error);
    if (isLostConnectionDriverFault(error)) {
      console.error(`[${label}] the database connection was lost mid-transaction; the pool reconnects (postgres.js#1208 survived)`);
      return;
    }
    fatal(error);
  });
}
