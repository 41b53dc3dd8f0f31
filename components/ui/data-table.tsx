import type { ReactNode } from 'react';

/** The app's plain table: a header row, the caller's rows, and a line for when there are none. */
export function DataTable({ headers, empty, isEmpty, label, children }: { headers: string[]; empty?: ReactNode; isEmpty?: boolean; label?: string; children: ReactNode }) {
  return (
    // Wide tables scroll inside their own box, never the page (390 px phones).
    <div className="max-w-full overflow-x-auto rounded border border-slate-200 bg-white" role="region" aria-label={label ?? headers.filter(Boolean).join(", ")} tabIndex={0}>
    <table className="w-full text-sm">
      <thead className="bg-slate-100 text-left text-slate-600">
        <tr>
          {headers.map((h, i) => (
            <th key={`${h}-${i}`} scope="col" className="px-3 py-2">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {isEmpty && empty ? (
          <tr>
            <td colSpan={headers.length} className="px-3 py-6 text-center text-slate-500">
              {empty}
            </td>
          </tr>
        ) : null}
        {children}
      </tbody>
    </table>
    </div>
  );
}
