import { PgBoss, type ConstructorOptions } from 'pg-boss';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { env } from '@/lib/env';

export type Role = 'web' | 'worker';

// One pg-boss instance per process; the web role only sends, the worker role also supervises,
// runs cron and maintenance.
const globalForBoss = globalThis as unknown as { outpostBoss?: Promise<PgBoss> };

function options(url: string, role: Role): ConstructorOptions {
  const base: ConstructorOptions = {
    connectionString: url,
    max: role === 'worker' ? env().OUTPOST_BOSS_POOL_SIZE : 4,
    application_name: `outpost-${role}`,
    // As for Outpost's own pools (lib/db/client.ts): a connect that hangs gives up after 10 s.
    connectionTimeoutMillis: 10_000,
    migrate: false,
    createSchema: false,
    instanceName: role,
  };
  if (role === 'web') return { ...base, supervise: false, schedule: false, useListenNotify: false };
  return {
    ...base,
    useListenNotify: true,
    supervise: true,
    schedule: true,
    // Short cron and monitor passes so schedules and crashed jobs are picked up within seconds.
    cronMonitorIntervalSeconds: env().OUTPOST_CRON_MONITOR_SECONDS,
    cronWorkerIntervalSeconds: env().OUTPOST_CRON_WORKER_SECONDS,
    superviseIntervalSeconds: env().OUTPOST_SUPERVISE_SECONDS,
    monitorIntervalSeconds: env().OUTPOST_MONITOR_SECONDS,
  };
}

async function startBoss(role: Role): Promise<PgBoss> {
  const boss = new PgBoss(options(resolveDatabaseUrl(), role));
  // pg-boss emits errors for transient database trouble; surface them without crashing.
  boss.on('error', (error: Error) => console.error(`[pg-boss] ${error.message}`));
  await boss.start();
  return boss;
}

export function getBoss(role: Role = 'web'): Promise<PgBoss> {
  globalForBoss.outpostBoss ??= startBoss(role).catch((error: unknown) => {
    globalForBoss.outpostBoss = undefined;
    throw error;
  });
  return globalForBoss.outpostBoss;
}

export async function stopBoss(opts: { graceful?: boolean; timeout?: number } = {}): Promise<void> {
  const current = globalForBoss.outpostBoss;
  globalForBoss.outpostBoss = undefined;
  if (current) await (await current).stop({ graceful: opts.graceful ?? true, timeout: opts.timeout ?? 30_000, close: true });
}

/** Creates or upgrades pg-boss's own schema (run by the migrate step, never by web or worker). */
export async function installQueueSchema(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}
