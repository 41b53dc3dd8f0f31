// CPU time spent by processes, read from /proc (Linux). On two shared cores throughput flaps with
// whatever else runs; CPU time per task is the steadier measure of what a change costs.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux we run on.

type Stat = { pid: number; comm: string; ppid: number; ticks: number; childTicks: number };

function readStat(pid: number | string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // Fields after "(comm) ": state ppid … utime(12) stime(13) cutime(14) cstime(15), 0-based from state.
    return { pid: Number(pid), comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), childTicks: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

function allStats(): Stat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(readStat)
    .filter((s): s is Stat => s !== null);
}

/** CPU ms of these processes and all their descendants (threads included: they share the pid's counters). */
export function treeCpuMs(roots: (number | undefined)[]): number {
  const stats = allStats();
  const wanted = new Set(roots.filter((p): p is number => p !== undefined));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stats) {
      if (wanted.has(s.pid) || !wanted.has(s.ppid)) continue;
      wanted.add(s.pid);
      grew = true;
    }
  }
  return stats.filter((s) => wanted.has(s.pid)).reduce((sum, s) => sum + s.ticks * TICK_MS, 0);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** The backends serving `database` (their title names it: "postgres: [15/main: ]user database host…"), pid → CPU ms. */
function backendsOf(database: string): Map<number, number> {
  return new Map(
    allStats()
      .filter((s) => s.comm === 'postgres' && cmdline(s.pid).split(/[\s\0]+/).includes(database))
      .map((s) => [s.pid, s.ticks * TICK_MS]),
  );
}

/**
 * Starts counting the CPU of the Postgres backends serving `database`, so other users of the same
 * server do not count; the returned function reads the ms spent since. A backend that exits in
 * between takes its time with it: the measured runs keep their pools open throughout.
 */
export function postgresCpuSince(database: string): () => number {
  const start = backendsOf(database);
  return () => [...backendsOf(database)].reduce((sum, [pid, ms]) => sum + ms - (start.get(pid) ?? 0), 0);
}

/** This process's own CPU ms (all threads). */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
