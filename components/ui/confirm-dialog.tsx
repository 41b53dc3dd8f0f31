'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { FormError } from './field';

type Props = {
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'default';
  /** Resolves to an error sentence to show in the dialog, or null when done (the dialog closes). */
  onConfirm: () => Promise<string | null>;
};

/** A Radix Dialog asking before a destructive or bulk action; errors stay inside it. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, tone = 'default', onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    const problem = await onConfirm().catch(() => 'Something went wrong on our side; please try again');
    setPending(false);
    if (problem) setError(problem);
    else setOpen(false);
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded bg-white p-6 shadow-lg">
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-700">{description}</Dialog.Description>
          <div className="mt-3">
            <FormError message={error} />
          </div>
          <div className="mt-4 flex flex-wrap justify-end gap-2">
            <Dialog.Close className="rounded border border-slate-300 px-4 py-2 text-sm">Keep it</Dialog.Close>
            <button
              type="button"
              onClick={confirm}
              disabled={pending}
              className={`rounded px-4 py-2 text-sm font-medium text-white disabled:opacity-50 ${tone === 'danger' ? 'bg-red-700 hover:bg-red-800' : 'bg-slate-900 hover:bg-slate-700'}`}
            >
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
