import { notFound } from 'next/navigation';
import { SystemTables } from '@/components/system/system-tables';
import { isAdminEmail } from '@/lib/auth/admins';
import { currentUser, requireUserId } from '@/lib/auth/session';
import { systemOverview } from '@/lib/system/overview';

export const dynamic = 'force-dynamic';

/** /system: the instance's health for its operators (OUTPOST_ADMIN_EMAILS); 404 for anyone else. */
export default async function SystemPage() {
  await requireUserId();
  if (!isAdminEmail((await currentUser())?.email)) notFound();
  const overview = await systemOverview();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">System</h1>
        <p className="mt-1 text-sm text-slate-600">
          Workers, queues and failures of this instance, read from Postgres when the page loads. Prometheus metrics are at{' '}
          <code>/api/metrics</code> (and each worker&apos;s <code>OUTPOST_WORKER_METRICS_PORT</code>).
        </p>
      </div>
      <SystemTables overview={overview} now={new Date()} />
    </div>
  );
}
