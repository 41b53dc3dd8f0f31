import 'server-only';
import { and, eq, inArray, max, ne } from 'drizzle-orm';
import { EVENT_DELIVERY_KIND } from '@/lib/integrations/event-delivery';
import { db } from '@/lib/db/client';
import { connections, outputTasks } from '@/lib/db/schema';

/** A connection as the Connections page lists it (never the secret). */
export type ConnectionListItem = {
  id: string;
  kind: string;
  label: string;
  status: string;
  statusReason: string | null;
  hint: string;
  account: string | null;
  /** Channel (Slack, Discord) or site (WordPress). */
  target: string | null;
  siteUrl: string | null;
  /** http-post: the only origins its secret headers and signatures may be sent to. */
  allowedOrigins: string[] | null;
  via: string | null;
  wordpressCom: boolean;
  lastUsedAt: string | null;
  tokenExpiresAt: string | null;
  createdAt: string;
};

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export async function listConnectionsForPage(userId: string): Promise<ConnectionListItem[]> {
  const rows = await db.select().from(connections).where(and(eq(connections.userId, userId), ne(connections.kind, EVENT_DELIVERY_KIND))).orderBy(connections.createdAt);
  const ids = rows.map((r) => r.id);
  const used = ids.length
    ? await db
        .select({ id: outputTasks.connectionId, at: max(outputTasks.updatedAt) })
        .from(outputTasks)
        .where(and(eq(outputTasks.userId, userId), inArray(outputTasks.connectionId, ids), eq(outputTasks.status, 'succeeded')))
        .groupBy(outputTasks.connectionId)
    : [];
  const lastUsed = new Map(used.map((u) => [u.id, u.at]));
  return rows.map((row) => {
    const m = row.metadata;
    const siteUrl = text(m.siteUrl);
    return {
      id: row.id,
      kind: row.kind,
      label: row.label,
      status: row.status,
      statusReason: row.statusReason,
      hint: row.hint,
      account: text(m.account) ?? (text(m.username) ? (row.kind === 'twitter-thread' ? `@${m.username}` : String(m.username)) : null),
      target: text(m.channel) ?? (siteUrl ? new URL(siteUrl).host + new URL(siteUrl).pathname.replace(/\/$/, '') : null),
      siteUrl,
      allowedOrigins: Array.isArray(m.allowedOrigins) ? m.allowedOrigins.filter((o): o is string => typeof o === 'string') : null,
      via: text(m.via),
      wordpressCom: m.wordpressCom === true,
      lastUsedAt: lastUsed.get(row.id)?.toISOString() ?? null,
      tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  });
}
