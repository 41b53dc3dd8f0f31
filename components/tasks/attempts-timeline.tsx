import type { AttemptView } from '@/lib/tasks';
import { formatDuration, formatWhen } from './format';

const outcomeStyle: Record<string, string> = {
  succeeded: 'border-emerald-600',
  retryable: 'border-amber-500',
  rate_limited: 'border-amber-500',
  auth_expired: 'border-red-600',
  permanent: 'border-red-600',
};

/** The delivery log, oldest first: what was sent, what came back and what Outpost made of it. */
export function AttemptsTimeline({ attempts }: { attempts: AttemptView[] }) {
  if (attempts.length === 0) return <p className="text-sm text-slate-700">No delivery attempt yet.</p>;
  return (
    <ol className="space-y-3" data-testid="attempts">
      {attempts.map((a) => (
        <li
          key={a.id}
          data-testid="attempt"
          className={`rounded border border-l-4 border-slate-200 bg-white p-3 text-sm ${outcomeStyle[a.outcome ?? ''] ?? 'border-l-slate-400'}`}
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium">
              Attempt {a.number} · <span data-testid="attempt-outcome">{a.outcome ?? 'in progress'}</span>
            </p>
            <p className="text-slate-700">{formatWhen(a.startedAt)}</p>
          </div>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700 sm:grid-cols-[auto_1fr_auto_1fr]">
            <dt>HTTP status</dt>
            <dd data-testid="attempt-http-status">{a.httpStatus ?? '—'}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(a.durationMs)}</dd>
            <dt>Error class</dt>
            <dd>{a.errorClass ?? '—'}</dd>
            <dt>Retry after</dt>
            <dd>{a.retryAfterMs != null ? formatDuration(a.retryAfterMs) : '—'}</dd>
          </dl>
          {a.errorMessage ? <p className="mt-2 break-words text-red-800">{a.errorMessage}</p> : null}
          {a.responseExcerpt ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-slate-700">Response excerpt</summary>
              <pre tabIndex={0} className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{a.responseExcerpt}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
