'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { approveTaskAction, rejectTaskAction } from '@/lib/actions/tasks';
import { ProviderPreview } from '@/components/wizard/provider-preview';
import { Button } from '@/components/ui/field';

// A task awaiting approval (DESIGN §3.4): the held payload drawn as the provider shows it, every
// text in it editable (the server re-validates), then approve or reject with a reason.

type Leaf = { path: (string | number)[]; value: string };

/** Every string in the payload, with its path: what a person can read and change. */
function textLeaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textLeaves(item, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => textLeaves(item, [...path, key]));
  return [];
}

function withLeaf(value: unknown, path: (string | number)[], text: string): unknown {
  if (path.length === 0) return text;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? withLeaf(item, rest, text) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: withLeaf(record[head!], rest, text) };
}

function labelOf(kind: string, path: (string | number)[]): string {
  if (path[0] === 'posts' && typeof path[1] === 'number') return `Post ${path[1] + 1}`;
  return path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : p)).join(' ') || kind;
}

export function ApprovalReview(props: { id: string; kind: string; payload: unknown; config: Record<string, unknown>; expiresAt: string | null }) {
  const router = useRouter();
  const [payload, setPayload] = useState<unknown>(props.payload);
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const edited = JSON.stringify(payload) !== JSON.stringify(props.payload);
  // What the JSON shows as text (the thread's full text) follows its posts; only the posts are edited.
  const leaves = textLeaves(payload).filter((leaf) => !(props.kind.endsWith('-thread') && leaf.path.length === 1 && leaf.path[0] === 'text'));

  function answer(run: () => Promise<{ status: 'ok' } | { status: 'error'; message: string; fieldErrors?: Record<string, string> }>) {
    setError(null);
    startTransition(async () => {
      const result = await run();
      if (result.status === 'error') {
        const fields = Object.entries(result.fieldErrors ?? {}).map(([path, message]) => `${path}: ${message}`);
        setError(fields.length ? fields.join('; ') : result.message);
        return;
      }
      router.refresh();
    });
  }

  return (
    <div className="space-y-3" data-testid="approval-review">
      {props.expiresAt ? <p className="text-sm text-slate-700">Expires {new Date(props.expiresAt).toLocaleString()} unless answered.</p> : null}
      <ProviderPreview kind={props.kind} payload={payload} config={props.config} />
      {editing ? (
        <div className="space-y-2">
          {leaves.map((leaf) => {
            const label = labelOf(props.kind, leaf.path);
            return (
              <label key={leaf.path.join('.')} className="block text-sm">
                <span className="font-medium">{label}</span>
                <textarea
                  aria-label={label}
                  className="mt-1 block w-full rounded border border-slate-300 p-2 font-mono text-sm"
                  rows={3}
                  value={leaf.value}
                  onChange={(e) => setPayload((current: unknown) => withLeaf(current, leaf.path, e.target.value))}
                />
              </label>
            );
          })}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <Button type="button" disabled={pending} onClick={() => answer(() => approveTaskAction({ id: props.id, ...(edited ? { payload } : {}) }))}>
          {edited ? 'Approve edited' : 'Approve'}
        </Button>
        <button type="button" className="rounded border border-slate-300 px-3 py-2 text-sm" onClick={() => setEditing((v) => !v)}>
          {editing ? 'Stop editing' : 'Edit'}
        </button>
        <label className="flex items-end gap-2 text-sm">
          <span className="sr-only">Reason for rejecting</span>
          <input className="rounded border border-slate-300 px-2 py-2 text-sm" placeholder="Reason for rejecting" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button
          type="button"
          className="rounded border border-red-300 px-3 py-2 text-sm text-red-800"
          disabled={pending}
          onClick={() => answer(() => rejectTaskAction({ id: props.id, reason }))}
        >
          Reject
        </button>
      </div>
    </div>
  );
}
