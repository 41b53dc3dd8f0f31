import { Piscina } from 'piscina';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { gaugeOnScrape, metrics } from '@/lib/metrics/registry';
import type { ThreadReply, ThreadTask } from './render-thread';
import { renderThreadFile } from './thread-bundle';

// A few worker threads run every Liquid parse and render of this process (DESIGN §6), so a
// hostile template costs a thread, never the event loop that answers everyone else.
// - At most `threads` tasks are handed to piscina at a time; the rest wait here, served
//   round-robin by owner (a user's ten slow previews do not queue ahead of another user's one).
// - An owner whose renders were slow lately (SLOW_RENDER_MS, or a limit hit) shares at most
//   `threads - 1` threads with the other slow owners: one thread is always left to owners whose
//   renders are ordinary, so their preview never waits behind a hostile render, only behind
//   its own. Round-robin alone cannot promise that: with every thread busy on a 1 s runaway, the
//   next ordinary render still waits for one to end.
// - Each task has a hard wall-clock deadline: liquidjs' renderLimit is cooperative (it is checked
//   between nodes, not inside a filter or a tag's loop setup), so a render still busy past it is
//   aborted, which makes piscina terminate that thread and start a fresh one. The lost parse cache
//   is only a cache.
// - Waiting is bounded in length and time; past that the caller gets a 503, never a growing queue.
// - OUTPOST_RENDER_THREAD_NICE can run the threads at a lower CPU priority than the event loop
//   (thread-bundle.ts), so on a busy machine the loop that answers requests is served first.

const HARD_DEADLINE_GRACE_MS = 300;
/** A render this long (thread time, not waiting) marks its owner slow for SLOW_FOR_MS. */
const SLOW_RENDER_MS = 100;
const SLOW_FOR_MS = 10_000;
const MAX_WAITING = 256;
const MAX_WAITING_PER_OWNER = 32;
const MAX_WAIT_MS = 15_000;
// A render that builds huge strings dies alone with its thread instead of growing the process.
const THREAD_HEAP_MB = 256;

export type PoolOutcome =
  | { kind: 'reply'; reply: ThreadReply }
  | { kind: 'deadline'; elapsedMs: number }
  | { kind: 'out_of_memory'; elapsedMs: number };

export type PoolTask = DistributiveOmit<ThreadTask, 'startedAt'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Waiting = {
  task: PoolTask;
  owner: string;
  hardDeadlineMs: number;
  resolve: (outcome: PoolOutcome) => void;
  reject: (error: unknown) => void;
  waitTimer: NodeJS.Timeout;
};

function busy(reason: string): AppError {
  return new AppError('unavailable', `Template rendering is busy (${reason}); retry shortly`, [], { 'retry-after': '1' });
}

class RenderPool {
  private readonly waiting = new Map<string, Waiting[]>();
  private waitingCount = 0;
  private running = 0;
  /** Threads held by renders of owners that were slow when they were handed over. */
  private runningSlow = 0;
  private readonly slowUntil = new Map<string, number>();
  private piscina: Promise<Piscina> | undefined;
  /** Threads ended for overrunning their deadline or heap, for tests and benchmarks. */
  terminated = 0;

  constructor(readonly threads: number) {}

  private start(): Promise<Piscina> {
    this.piscina ??= renderThreadFile()
      .then(
        (filename) =>
          new Piscina({
            filename,
            minThreads: this.threads,
            maxThreads: this.threads,
            idleTimeout: Number.POSITIVE_INFINITY,
            // The bundle is plain JavaScript: the parent's loaders (tsx, vite) have no business here.
            execArgv: [],
            resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
          }),
      )
      .catch((error: unknown) => {
        this.piscina = undefined;
        throw error;
      });
    return this.piscina;
  }

  /** Starts the threads ahead of the first render (optional; the first run does it anyway). */
  async warm(): Promise<void> {
    await this.start();
  }

  run(task: PoolTask, owner: string, hardDeadlineMs: number): Promise<PoolOutcome> {
    const queue = this.waiting.get(owner) ?? [];
    if (this.waitingCount >= MAX_WAITING) return Promise.reject(busy('too many renders waiting'));
    if (queue.length >= MAX_WAITING_PER_OWNER) return Promise.reject(busy('too many of your renders waiting'));
    return new Promise<PoolOutcome>((resolve, reject) => {
      const entry: Waiting = {
        task,
        owner,
        hardDeadlineMs,
        resolve,
        reject,
        waitTimer: setTimeout(() => this.giveUp(entry), MAX_WAIT_MS),
      };
      entry.waitTimer.unref();
      queue.push(entry);
      if (!this.waiting.has(owner)) this.waiting.set(owner, queue);
      this.waitingCount++;
      this.pump();
    });
  }

  private giveUp(entry: Waiting): void {
    const queue = this.waiting.get(entry.owner);
    const index = queue?.indexOf(entry) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    if (queue.length === 0) this.waiting.delete(entry.owner);
    this.waitingCount--;
    entry.reject(busy(`waited ${MAX_WAIT_MS / 1000} s for a render thread`));
  }

  private isSlow(owner: string, now: number): boolean {
    const until = this.slowUntil.get(owner);
    if (until === undefined) return false;
    if (until > now) return true;
    this.slowUntil.delete(owner);
    return false;
  }

  private markSlow(owner: string): void {
    if (this.slowUntil.size >= 10_000) this.slowUntil.clear();
    this.slowUntil.set(owner, Date.now() + SLOW_FOR_MS);
  }

  private pump(): void {
    const slowLimit = Math.max(1, this.threads - 1);
    while (this.running < this.threads && this.waitingCount > 0) {
      // Map order is the round-robin order: the first owner that may take a thread now gets its
      // oldest task handed over, and moves to the back.
      const now = Date.now();
      let picked: [string, Waiting[], boolean] | undefined;
      for (const [owner, queue] of this.waiting) {
        const slow = this.isSlow(owner, now);
        if (!slow || this.runningSlow < slowLimit) {
          picked = [owner, queue, slow];
          break;
        }
      }
      // Only slow owners wait and their share is taken: the last thread stays free for others.
      if (!picked) return;
      const [owner, queue, slow] = picked;
      const entry = queue.shift()!;
      this.waiting.delete(owner);
      if (queue.length > 0) this.waiting.set(owner, queue);
      this.waitingCount--;
      clearTimeout(entry.waitTimer);
      this.dispatch(entry, slow);
    }
  }

  private dispatch(entry: Waiting, slow: boolean): void {
    this.running++;
    if (slow) this.runningSlow++;
    const controller = new AbortController();
    // The deadline counts from when a thread picked the task up (a replacement thread may still be
    // booting when the task is handed over), so only the render itself is ever charged for.
    const startedAt = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
    const dispatched = Date.now();
    const elapsed = () => Date.now() - (startedAt[0] || Date.now());
    let deadline: NodeJS.Timeout;
    const watch = (ms: number) => {
      deadline = setTimeout(() => {
        if (startedAt[0] === 0 && Date.now() - dispatched < MAX_WAIT_MS) return watch(entry.hardDeadlineMs);
        const left = entry.hardDeadlineMs - elapsed();
        if (startedAt[0] !== 0 && left > 0) return watch(left);
        controller.abort();
      }, ms);
    };
    watch(entry.hardDeadlineMs);
    const finish = (settle: () => void, limitHit = false) => {
      clearTimeout(deadline);
      this.running--;
      if (slow) this.runningSlow--;
      if (limitHit || (startedAt[0] !== 0 && elapsed() >= SLOW_RENDER_MS)) this.markSlow(entry.owner);
      settle();
      this.pump();
    };
    this.start()
      .then((pool) => pool.run({ ...entry.task, startedAt }, { signal: controller.signal }) as Promise<ThreadReply>)
      .then(
        (reply) => finish(() => entry.resolve({ kind: 'reply', reply })),
        (error: unknown) => {
          const elapsedMs = elapsed();
          if (controller.signal.aborted && startedAt[0] === 0) {
            finish(() => entry.reject(busy(`no render thread started it within ${MAX_WAIT_MS / 1000} s`)));
          } else if (controller.signal.aborted) {
            this.terminated++;
            metrics().renderTerminations.inc();
            finish(() => entry.resolve({ kind: 'deadline', elapsedMs }), true);
          } else if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
            this.terminated++;
            metrics().renderTerminations.inc();
            finish(() => entry.resolve({ kind: 'out_of_memory', elapsedMs }), true);
          } else {
            finish(() => entry.reject(error));
          }
        },
      );
  }

  get stats() {
    return { threads: this.threads, running: this.running, runningSlow: this.runningSlow, waiting: this.waitingCount, terminated: this.terminated };
  }

  async close(): Promise<void> {
    const piscina = this.piscina;
    this.piscina = undefined;
    if (piscina) await (await piscina).destroy();
  }
}

export { HARD_DEADLINE_GRACE_MS };

const POOL_KEY = Symbol.for('outpost.renderPool');
type PoolHolder = { [POOL_KEY]?: RenderPool };

/** The process's render pool (one per process, even when Next.js loads this module twice). */
export function renderPool(): RenderPool {
  const holder = globalThis as PoolHolder;
  if (!holder[POOL_KEY]) {
    const pool = new RenderPool(env().OUTPOST_RENDER_THREADS);
    holder[POOL_KEY] = pool;
    gaugeOnScrape('outpost_render_queue_length', 'Renders waiting for a render thread', [], () => [{ labels: {}, value: pool.stats.waiting }]);
  }
  return holder[POOL_KEY];
}

export type { RenderPool };
