import { and, asc, eq, gt, ne, or, sql } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { connections } from '@/lib/db/schema';
import { keyVersion, loadKeyRing, type KeyRing } from './crypto';
import { openRowSecret, sealedColumns } from './sealed-row';

export type RotationReport = {
  /** Rows that needed it when the run started (old key or no associated data). */
  due: number;
  rotated: number;
  /** Rewritten by someone else (a token refresh) between read and write: already current. */
  changedMeanwhile: number;
  /** Rows whose secret does not open with any configured key: listed by id, left as they are. */
  failed: { id: string; reason: string }[];
};

const needsRotation = (current: string) => or(ne(connections.secretKeyVersion, current), eq(connections.secretAad, false))!;

/**
 * Re-seals every connection secret with the current key, bound to its row (id and kind), in
 * batches that commit one by one: an interrupted run loses nothing and a second run picks up
 * what is left. Each row is rewritten only if its sealed columns are still the ones read, so a
 * token refresh racing the rotation wins (and seals with the current key itself).
 */
export async function rotateKeys(opts: { batchSize?: number; ring?: KeyRing; onBatch?: (progress: { done: number; due: number; failed: number }) => void } = {}): Promise<RotationReport> {
  const ring = opts.ring ?? loadKeyRing();
  const current = keyVersion(ring.current);
  const batchSize = opts.batchSize ?? 100;
  const [{ due } = { due: 0 }] = await db.select({ due: sql<number>`count(*)::int` }).from(connections).where(needsRotation(current));
  const report: RotationReport = { due, rotated: 0, changedMeanwhile: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select()
      .from(connections)
      .where(and(needsRotation(current), gt(connections.id, after)))
      .orderBy(asc(connections.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    for (const row of batch) {
      let secret: unknown;
      try {
        secret = openRowSecret(row, ring);
      } catch (error) {
        report.failed.push({ id: row.id, reason: error instanceof Error ? error.message : 'does not open' });
        continue;
      }
      const updated = await db
        .update(connections)
        .set(sealedColumns(secret, row, ring))
        .where(and(eq(connections.id, row.id), eq(connections.secretCiphertext, row.secretCiphertext), eq(connections.secretNonce, row.secretNonce)))
        .returning({ id: connections.id });
      if (updated.length) report.rotated++;
      else report.changedMeanwhile++;
    }
    opts.onBatch?.({ done: report.rotated + report.changedMeanwhile, due, failed: report.failed.length });
  }
  return report;
}

/** How many connection secrets each key id seals (and how many lack associated data). */
export async function keyUsage(ring: KeyRing = loadKeyRing()): Promise<{ keyVersion: string; rows: number; current: boolean; withoutAad: number }[]> {
  const rows = await db
    .select({ keyVersion: connections.secretKeyVersion, rows: sql<number>`count(*)::int`, withoutAad: sql<number>`count(*) filter (where not ${connections.secretAad})::int` })
    .from(connections)
    .groupBy(connections.secretKeyVersion);
  const current = keyVersion(ring.current);
  return rows.map((r) => ({ ...r, current: r.keyVersion === current }));
}
