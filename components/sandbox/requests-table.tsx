import type { RecordedRequest } from '@/lib/sandbox/types';
import { bodyExcerpt, statusClass, timeOf } from './format';

/** What the sandbox received, newest first. Paths and bodies arrive already redacted. */
export function RequestsTable({ requests }: { requests: (RecordedRequest & { notFromYourTasks?: true })[] }) {
  if (requests.length === 0) {
    return (
      <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-600" data-testid="sandbox-no-requests">
        Nothing received yet. Create a task with a sandbox connection and it shows up here.
      </p>
    );
  }
  return (
    // The fixed columns are wider than a phone: the table scrolls inside its box, not the page.
    <div className="max-w-full overflow-x-auto rounded border border-slate-200" role="region" aria-label="Received requests" tabIndex={0}>
    <table className="w-full min-w-[48rem] table-fixed bg-white text-sm" data-testid="sandbox-requests">
      <thead className="bg-slate-100 text-left text-slate-600">
        <tr>
          <th className="w-28 px-3 py-2">Time (UTC)</th>
          <th className="w-24 px-3 py-2">Target</th>
          <th className="w-20 px-3 py-2">Method</th>
          <th className="w-72 px-3 py-2">Path</th>
          <th className="w-24 px-3 py-2">Status</th>
          <th className="px-3 py-2">Body</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="sandbox-request">
            <td className="px-3 py-2 font-mono text-xs">{timeOf(r.at)}</td>
            <td className="px-3 py-2">{r.target}</td>
            <td className="px-3 py-2 font-mono text-xs">{r.method}</td>
            <td className="break-all px-3 py-2 font-mono text-xs">
              {r.path}
              {r.notFromYourTasks ? (
                <span
                  className="mt-1 block w-fit rounded bg-amber-100 px-1.5 py-0.5 font-sans text-amber-900"
                  data-testid="sandbox-request-foreign"
                  title="Its webhook-id names none of your tasks: anyone who knows this address can post to it"
                >
                  not sent by your tasks
                </span>
              ) : null}
            </td>
            <td className="px-3 py-2">
              <span className={`rounded px-1.5 py-0.5 text-xs ${statusClass(r.status)}`}>{r.status ?? r.outcome}</span>
              {r.fault ? <span className="ml-1 text-xs text-slate-500" title="a scripted fault answered this request">{r.fault}</span> : null}
            </td>
            <td className="break-all px-3 py-2 font-mono text-xs text-slate-700">{bodyExcerpt(r.body)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
