'use client';
import { useEffect } from 'react';

// A page that failed to load says so in a sentence, never with the raw error (it is in the server log).
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error.digest ?? 'page error');
  }, [error]);
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-6 text-sm text-red-900">
      <p className="font-medium">This page could not be loaded.</p>
      <p className="mt-1">Something went wrong on our side. Try again; if it keeps happening, the server log has the details{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button type="button" onClick={reset} className="mt-3 rounded bg-slate-900 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}
