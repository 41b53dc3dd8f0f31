'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

const POLL_MS = 2000;

/**
 * Keeps a server-rendered page live: polls the user's task fingerprint while the tab is visible and
 * re-renders the page (router.refresh) only when it moved. A hidden tab stops polling and checks
 * once as soon as it is shown again.
 */
export function LiveRefresh() {
  const router = useRouter();
  const stamp = useRef<string | null>(null);
  const [state, setState] = useState<'live' | 'paused' | 'offline'>('live');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    async function check() {
      if (stopped) return;
      if (document.visibilityState !== 'visible') {
        setState('paused');
        return;
      }
      try {
        const res = await fetch('/api/ui/tasks-stamp', { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const { stamp: next } = (await res.json()) as { stamp: string };
        if (stamp.current !== null && stamp.current !== next) router.refresh();
        stamp.current = next;
        setState('live');
      } catch {
        setState('offline');
      }
      if (!stopped) timer = setTimeout(check, POLL_MS);
    }

    function onVisibility() {
      clearTimeout(timer);
      void check();
    }

    void check();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [router]);

  const label = { live: 'Live', paused: 'Paused while hidden', offline: 'Reconnecting…' }[state];
  return (
    <span data-testid="live-state" className="inline-flex items-center gap-2 text-xs text-slate-600">
      <span aria-hidden className={`h-2 w-2 rounded-full ${state === 'live' ? 'bg-emerald-500' : 'bg-amber-500'}`} />
      {label}
    </span>
  );
}
