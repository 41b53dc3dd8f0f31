'use client';
import { useState } from 'react';

/** A value shown in full with a copy button (the clipboard API needs a secure context; selecting works anywhere). */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <code className="min-w-0 flex-1 select-all break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs" aria-label={label}>
        {value}
      </code>
      <button
        type="button"
        className="text-xs underline"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          } catch {
            // Not a secure context: the value stays selectable by hand.
          }
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
