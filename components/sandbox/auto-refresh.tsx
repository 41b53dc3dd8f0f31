'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Re-renders the server page every few seconds so deliveries show up as they land. */
export function AutoRefresh({ intervalMs = 3000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [on, setOn] = useState(true);
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => {
      // A hidden tab needs no fresh data; it refreshes again when shown.
      if (document.visibilityState === 'visible') router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [on, intervalMs, router]);
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="auto-refresh" />
      Auto-refresh every {Math.round(intervalMs / 1000)} s
    </label>
  );
}
