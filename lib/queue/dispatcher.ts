import type { Db as BossDb, Job, PgBoss } from 'pg-boss';
import { createHash } from 'node:crypto';
import { isLostConnection } from '@/lib/db/lost-connection';

export type SlotOptions = {
  /** Jobs this process runs at once on the queue. */
  capacity: number;
  /** Most jobs claimed by one fetch. */
  maxFetch: number;
  /** Jobs of one group (user) active at once on the queue, across every worker process. */
  groupConcurrency?: number;
  /** Backstop poll; NOTIFY wakes the dispatcher on insert. */
  pollingIntervalMs: number;
  /** How often the claims of running jobs are refreshed (must be under the queue's heartbeatSeconds). */
  heartbeatMs: number;
  /**
   * Least time between the starts of two fetches, and of two completion writes. After a quiet
   * spell the first wake fetches (and the first ended job completes) at once; under a stream of
   * inserts (one NOTIFY each) and endings, those in between are gathered into the next statement.
   */
  spacingMs?: number;
  /** Where the fetches, completions and heartbeats run (default: pg-boss's own pool). */
  db?: BossDb;
};

/** How often completions and heartbeats are tried again while the database is out of reach. */
const OUTAGE_RETRY_MS = 250;
/** How long completions wait for the database before they are left to pg-boss's supervisor. */
const SETTLE_OUTAGE_MS = 10 * 60_000;

export type SlotJob = { id: string; data: unknown; retryCount: number; signal: AbortSignal };

type Running = { job: Job<object>; controller: AbortController; done: Promise<void> };

/**
 * Runs a queue's jobs one by one in a pool of slots, refilled as soon as any job ends.
 *
 * pg-boss's work() hands a handler a batch and fetches again only when the whole batch is done, so
 * one endpoint that hangs for 25 s idles every other slot of its batch; a batch size of 1 with
 * hundreds of pollers instead sends hundreds of fetches per NOTIFY. Here one fetch loop per queue
 * claims up to the free slots (with pg-boss's global `groupConcurrency`), each job settles on its own
 * (complete/fail fenced to the claimed attempt), and one statement refreshes every running job's
 * heartbeat; a job whose claim was lost has its signal aborted.
 */
export class SlotDispatcher {
  private readonly running = new Map<string, Running>();
  private fetching = false;
  private again = false;
  private lastFetchAt = -Infinity;
  private lastCompleteAt = -Infinity;
  private spacedWake: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private settleQueue: { job: Job<object>; error?: unknown }[] = [];
  private settling: Promise<void> | null = null;
  private heartbeatRetry: NodeJS.Timeout | null = null;
  private heartbeatFailing = false;
  private readonly on: { db?: BossDb };

  constructor(
    private readonly boss: PgBoss,
    readonly queue: string,
    private readonly options: SlotOptions,
    private readonly handle: (job: SlotJob) => Promise<void>,
    private readonly onError: (error: unknown) => void = (error) => console.error(`[dispatch] ${queue}: ${String(error)}`),
  ) {
    this.on = options.db ? { db: options.db } : {};
  }

  start(): void {
    this.timers.push(setInterval(() => this.wake(), this.options.pollingIntervalMs));
    this.timers.push(setInterval(() => void this.heartbeat(), this.options.heartbeatMs));
    this.wake();
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Fetches into the free slots now (coalesced: a wake during a fetch runs one more fetch after it). */
  wake(): void {
    if (this.stopping) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    if (this.spacedWake) return;
    const waitMs = this.lastFetchAt + (this.options.spacingMs ?? 0) - performance.now();
    if (waitMs > 0) {
      this.spacedWake = setTimeout(() => {
        this.spacedWake = null;
        this.wake();
      }, waitMs);
      return;
    }
    void this.fill();
  }

  private async fill(): Promise<void> {
    this.fetching = true;
    try {
      while (!this.stopping && this.running.size < this.options.capacity) {
        const want = Math.min(this.options.capacity - this.running.size, this.options.maxFetch);
        this.lastFetchAt = performance.now();
        const jobs = await this.boss.fetch<object>(this.queue, {
          batchSize: want,
          ...this.on,
          ...(this.options.groupConcurrency ? { groupConcurrency: this.options.groupConcurrency } : {}),
        });
        for (const job of jobs) this.run(job);
        // A short fetch means the queue (or every group with room) is drained for now; wakes that
        // came meanwhile get one more fetch, spaced like any other.
        if (jobs.length < want) break;
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.fetching = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    }
  }

  private run(job: Job<object>): void {
    const controller = new AbortController();
    const done = this.handle({ id: job.id, data: job.data, retryCount: job.retryCount, signal: controller.signal }).then(
      () => this.settle({ job }),
      (error: unknown) => this.settle({ job, error }),
    );
    this.running.set(job.id, { job, controller, done });
  }

  /** Completions are written in groups: whatever ended while the previous write ran goes in the next. */
  private settle(entry: { job: Job<object>; error?: unknown }): void {
    this.running.delete(entry.job.id);
    this.settleQueue.push(entry);
    this.settling ??= this.flushSettled().finally(() => {
      this.settling = null;
    });
    this.wake();
  }

  private async flushSettled(): Promise<void> {
    let outageSince: number | null = null;
    while (this.settleQueue.length) {
      const waitMs = this.stopping ? 0 : this.lastCompleteAt + (this.options.spacingMs ?? 0) - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      this.lastCompleteAt = performance.now();
      const batch = this.settleQueue;
      this.settleQueue = [];
      const ok = batch.filter((e) => e.error === undefined).map((e) => fenced(e.job));
      try {
        if (ok.length) await this.boss.complete(this.queue, ok, null, this.on);
        for (const failed of batch.filter((e) => e.error !== undefined)) {
          const message = failed.error instanceof Error ? failed.error.message : String(failed.error);
          await this.boss.fail(this.queue, fenced(failed.job), { message }, this.on);
        }
        outageSince = null;
      } catch (error) {
        // The database is out of reach (restart, failover): keep these and write them once it is back,
        // rather than leave the claims to expire and the jobs to run again. Writing twice is harmless
        // (each write is fenced to the claimed attempt). Given up only while stopping or after a long
        // outage; then, as for any other error, the claims stay active: pg-boss's supervisor expires
        // them and the engine's guarded claim makes the re-delivery a no-op for a task already settled.
        outageSince ??= performance.now();
        if (isLostConnection(error) && !this.stopping && performance.now() - outageSince < SETTLE_OUTAGE_MS) {
          this.settleQueue = [...batch, ...this.settleQueue];
          await new Promise((resolve) => setTimeout(resolve, OUTAGE_RETRY_MS));
          continue;
        }
        this.onError(error);
      }
    }
  }

  private async heartbeat(): Promise<void> {
    const held = [...this.running.values()];
    if (held.length === 0) return;
    try {
      // `settled` (the ids refreshed) is in pg-boss's answer but not yet in its types.
      const touched = (await this.boss.touch(this.queue, held.map((r) => fenced(r.job)), this.on)) as { settled?: string[] };
      this.heartbeatFailing = false;
      if (!touched.settled) return;
      const refreshed = new Set(touched.settled);
      // Claim gone (expired, failed by a supervisor): the job runs elsewhere now, so stop ours.
      for (const r of held) if (!refreshed.has(r.job.id) && this.running.has(r.job.id)) r.controller.abort(new Error('the job claim was lost'));
    } catch (error) {
      if (!this.heartbeatFailing) this.onError(error);
      this.heartbeatFailing = true;
      // After an outage every claim is older than the queue's heartbeat window, and the first
      // supervisor pass back would take all of them for crashed: refresh them as soon as the
      // database answers again, not at the next regular beat.
      if (!this.stopping && isLostConnection(error)) {
        this.heartbeatRetry ??= setTimeout(() => {
          this.heartbeatRetry = null;
          void this.heartbeat();
        }, OUTAGE_RETRY_MS);
      }
    }
  }

  /** Stops fetching, waits up to `timeoutMs` for running jobs, then fails the rest back to the queue. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.spacedWake) clearTimeout(this.spacedWake);
    if (this.heartbeatRetry) clearTimeout(this.heartbeatRetry);
    const left = [...this.running.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(left.map((r) => r.done)),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    const abandoned = [...this.running.values()];
    for (const r of abandoned) r.controller.abort(new Error('the worker is stopping'));
    if (abandoned.length) {
      await this.boss.fail(this.queue, abandoned.map((r) => fenced(r.job)), { message: 'the worker stopped' }, this.on).catch((error: unknown) => this.onError(error));
    }
    await this.settling;
  }
}

const fenced = (job: Job<object>) => ({ id: job.id, retryCount: job.retryCount });

/**
 * Wakes each dispatcher when pg-boss NOTIFYs its queue, on pg-boss's own self-healing LISTEN
 * connection (and all of them after it reconnects, for notifications missed meanwhile).
 */
export async function listenForDispatchers(boss: PgBoss, dispatchers: SlotDispatcher[], schema = 'pgboss'): Promise<{ close(): Promise<void> } | null> {
  const db = boss.getDb() as { listen?: ListenFn };
  if (typeof db.listen !== 'function') return null;
  const byQueue = new Map(dispatchers.map((d) => [d.queue, d]));
  return db.listen(
    bossNotifyChannel(schema),
    (queue) => byQueue.get(queue)?.wake(),
    () => dispatchers.forEach((d) => d.wake()),
  );
}

/**
 * The channel pg-boss NOTIFYs for a schema, vendored from its private `notifyChannelSql` (not
 * exported: a deep import of `pg-boss/dist/plans.js` would break unseen on an upgrade). Only plain
 * schema names (pg-boss also strips redundant quotes). tests/engine/notify-channel.test.ts compares
 * it with the installed pg-boss's own expression, so an upgrade that changes it fails there.
 */
export function bossNotifyChannel(schema: string): string {
  return `pgboss_${createHash('sha224').update(schema).digest('hex').slice(0, 24)}`;
}

type ListenFn = (channel: string, onNotification: (payload: string) => void, onReconnect: () => void) => Promise<{ close(): Promise<void> }>;
