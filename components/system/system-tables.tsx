import type { ReactNode } from 'react';
import type { SystemOverview } from '@/lib/system/overview';

const seconds = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const ago = (at: Date, now: Date) => `${seconds(Math.max(0, (now.getTime() - at.getTime()) / 1000))} ago`;

function Section({ id, title, empty, children }: { id: string; title: string; empty: string | null; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={id} className="space-y-2">
      <h2 id={`${id}-heading`} className="font-medium">
        {title}
      </h2>
      {empty ? <p className="text-sm text-slate-600">{empty}</p> : <div className="overflow-x-auto">{children}</div>}
    </section>
  );
}

function Table({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="min-w-full text-left text-sm">
      <thead className="border-b border-slate-200 text-slate-600">
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" className="py-1 pr-4 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells, i) => (
          <tr key={i} className="border-b border-slate-100">
            {cells.map((cell, j) => (
              <td key={j} className="py-1 pr-4 tabular-nums">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The System page's tables, from one SystemOverview. */
export function SystemTables({ overview, now }: { overview: SystemOverview; now: Date }) {
  const { workers, queues, perMinute, failures, emptyBuckets } = overview;
  return (
    <>
      <Section id="system-workers" title="Workers" empty={workers.length ? null : 'No worker has beaten in the last day.'}>
        <Table
          head={['Worker', 'Host', 'PID', 'Started', 'Last heartbeat', 'State']}
          rows={workers.map((w) => [w.id, w.hostname, w.pid, ago(w.startedAt, now), ago(w.lastSeenAt, now), w.alive ? 'alive' : w.stoppedAt ? 'stopped' : 'silent'])}
        />
      </Section>
      <Section id="system-queues" title="Queues" empty={queues.length ? null : 'No queues yet.'}>
        <Table head={['Queue', 'Due, not started', 'Oldest due job', 'Running']} rows={queues.map((q) => [q.queue, q.depth, q.depth ? seconds(q.oldestSeconds) : '—', q.active])} />
      </Section>
      <Section id="system-per-minute" title="Deliveries per minute (last hour)" empty={perMinute.length ? null : 'No task finished in the last hour.'}>
        <Table
          head={['Minute (UTC)', 'Succeeded', 'Failed']}
          rows={perMinute.map((m) => [m.minute.toISOString().slice(11, 16), m.succeeded, m.failed])}
        />
      </Section>
      <Section id="system-failures" title="Failures by class (24 h)" empty={failures.length ? null : 'No task failed in the last 24 hours.'}>
        <Table head={['Error class', 'Tasks']} rows={failures.map((f) => [f.errorClass, f.tasks])} />
      </Section>
      <Section id="system-buckets" title="Rate-limit buckets empty now" empty={emptyBuckets.length ? null : 'Every bucket has a token.'}>
        <Table head={['Bucket', 'Next token in']} rows={emptyBuckets.map((b) => [b.key, seconds(b.secondsToToken)])} />
      </Section>
    </>
  );
}
