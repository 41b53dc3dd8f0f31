import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { requireUserId } from '@/lib/auth/session';
import { recentTasks, taskCountsByStatus } from '@/lib/dashboard/recent-tasks';

export default async function DashboardPage() {
  const userId = await requireUserId();
  const [tasks, counts] = await Promise.all([recentTasks(userId), taskCountsByStatus(userId)]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-600">
          Output tasks deliver agent results. Create them with the REST API (<Link className="underline" href="/docs">docs</Link>)
          using an <Link className="underline" href="/settings/api-keys">API key</Link>.
        </p>
      </div>
      <section className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {['queued', 'running', 'succeeded', 'failed', 'scheduled'].map((status) => (
          <div key={status} className="rounded border border-slate-200 bg-white p-4">
            <div className="text-xs uppercase text-slate-500">{status}</div>
            <div className="text-2xl font-semibold" data-testid={`count-${status}`}>
              {counts[status] ?? 0}
            </div>
          </div>
        ))}
      </section>
      <section>
        <h2 className="mb-2 text-lg font-medium">Recent tasks</h2>
        {tasks.length === 0 ? (
          <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-600">
            No tasks yet. Create an API key, then <code>POST /api/v1/tasks</code>.
          </p>
        ) : (
          <DataTable headers={['Task', 'Kind', 'Status', 'Attempts', 'Updated']}>
            {tasks.map((t) => (
                <tr key={t.id} className="border-t border-slate-100">
                  <td className="px-3 py-2 font-mono text-xs">{t.name ?? t.id}</td>
                  <td className="px-3 py-2">{t.kind}</td>
                  <td className="px-3 py-2">{t.status}</td>
                  <td className="px-3 py-2">{t.attempts}</td>
                  <td className="px-3 py-2 text-slate-500">{t.updatedAt.toISOString()}</td>
                </tr>
              ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
