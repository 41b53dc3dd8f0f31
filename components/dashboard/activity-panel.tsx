'use client';
import dynamic from 'next/dynamic';
import type { ActivityBucket } from '@/lib/dashboard/activity';

// Drawn in the browser only: recharts measures its container, and a client-only chart adds no
// inline style attributes to the server's HTML (the page runs under a nonce CSP).
const ActivityChart = dynamic(() => import('./activity-chart'), {
  ssr: false,
  loading: () => <div className="h-56 w-full animate-pulse rounded bg-slate-100" aria-hidden />,
});

export function ActivityPanel({ buckets }: { buckets: ActivityBucket[] }) {
  const delivered = buckets.reduce((n, b) => n + b.delivered, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  return (
    <section aria-labelledby="activity-heading" className="rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="activity-heading" className="text-lg font-medium">
          Last 24 hours
        </h2>
        <p className="text-sm text-slate-700" data-testid="activity-summary">
          {delivered} delivered · {failed} failed attempts
        </p>
      </div>
      {delivered + failed === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No delivery attempts in the last 24 hours.</p>
      ) : (
        <div className="mt-3" data-testid="activity-chart">
          <ActivityChart buckets={buckets} />
        </div>
      )}
    </section>
  );
}
