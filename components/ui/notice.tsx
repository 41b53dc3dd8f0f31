import type { ReactNode } from 'react';

/** Empty and error states: a sentence for a person and, where there is one, the next step. */
export function Notice({ tone = 'empty', title, children, testId }: { tone?: 'empty' | 'error'; title: string; children?: ReactNode; testId?: string }) {
  const colors = tone === 'error' ? 'border-red-200 bg-red-50 text-red-900' : 'border-dashed border-slate-300 bg-white text-slate-700';
  return (
    <div data-testid={testId} role={tone === 'error' ? 'alert' : undefined} className={`rounded border p-6 text-sm ${colors}`}>
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1">{children}</div> : null}
    </div>
  );
}
