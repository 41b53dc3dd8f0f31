import { allowedTargets } from '@/lib/allowed-targets';
import { withTransaction } from '@/lib/db/client';
import { failPendingTasksOfConnection } from '@/lib/tasks/connection-lost';
import { setConnectionStatus } from './connections';
import { connectionsExpiringWithin, CredentialsUnavailableError, refreshConnection } from './refresh';
import { TokenRefreshError } from './token-endpoint';

/** Tokens expiring within this are refreshed by the maintenance job, well before any delivery needs them. */
export const PROACTIVE_WINDOW_MS = 15 * 60_000;

export type ProactiveReport = { checked: number; refreshed: number; current: number; needsReauth: number; unavailable: number };

/**
 * The maintenance job: refreshes every active connection whose access token expires within 15
 * minutes, through the same single-flight lease deliveries use. A refused grant marks the
 * connection `needs_reauth` and fails its pending tasks with `auth_expired`; a provider that
 * cannot be reached now is tried again at the next run (the connection is left alone).
 */
export async function refreshExpiringConnections(windowMs = PROACTIVE_WINDOW_MS): Promise<ProactiveReport> {
  const due = await connectionsExpiringWithin(windowMs);
  const report: ProactiveReport = { checked: due.length, refreshed: 0, current: 0, needsReauth: 0, unavailable: 0 };
  for (const connection of due) {
    try {
      const outcome = await refreshConnection(connection.id, { minValidityMs: windowMs, io: { allowedTargets: allowedTargets() } });
      if (outcome.refreshed) report.refreshed++;
      else report.current++;
    } catch (error) {
      if (error instanceof TokenRefreshError && error.reason === 'unavailable') {
        report.unavailable++;
        continue;
      }
      const reauth = (error instanceof TokenRefreshError && error.reason === 'grant_refused') || (error instanceof CredentialsUnavailableError && error.needsReauth);
      if (!reauth) {
        report.unavailable++;
        console.error(`[credentials] proactive refresh of connection ${connection.id}: ${error instanceof Error ? error.message : 'failed'}`);
        continue;
      }
      // Not refreshable (no refresh token): only a token already expired makes the connection unusable.
      if (error instanceof CredentialsUnavailableError && connection.tokenExpiresAt && connection.tokenExpiresAt.getTime() > Date.now()) {
        report.current++;
        continue;
      }
      report.needsReauth++;
      const reason = `${error.message}`;
      if (error instanceof CredentialsUnavailableError) await setConnectionStatus(connection.id, 'needs_reauth', reason);
      await withTransaction((tx) =>
        failPendingTasksOfConnection(tx, connection.id, `connection "${connection.label}" needs to be reconnected (${reason}); reconnect it, then retry the task`),
      );
    }
  }
  return report;
}
