'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormError } from '@/components/ui/field';
import { deleteTemplateAction, forkTemplateAction, publishTemplateAction, pullTemplateAction, unpublishTemplateAction } from '@/lib/actions/templates';

const button = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50';

/** Fork any readable template; the copy opens in the editor. */
export function ForkButton({ id, label = 'Fork' }: { id: string; label?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        className={button}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await forkTemplateAction({ id });
            if (result.status === 'error') return setError(result.message);
            router.push(`/templates/${result.data.id}`);
          })
        }
      >
        {pending ? 'Forking…' : label}
      </button>
      <FormError message={error} />
    </span>
  );
}

/** The owner's commands: publish the current version (or unpublish), pull the origin's newer one, delete. */
export function OwnerActions({ id, version, publishedVersion, updateAvailable, upstreamVersion }: { id: string; version: number; publishedVersion: number | null; updateAvailable: boolean; upstreamVersion: number | null }) {
  const router = useRouter();
  const done = (result: { status: 'ok' } | { status: 'error'; message: string }) => {
    if (result.status === 'error') return result.message;
    router.refresh();
    return null;
  };
  return (
    <div className="flex flex-wrap gap-2">
      {publishedVersion !== version ? (
        <ConfirmDialog
          trigger={
            <button type="button" className={button}>
              Publish version {version}
            </button>
          }
          title={`Publish version ${version}?`}
          description="Every user can then find it in the marketplace and fork it. A published version never changes; later versions are published separately."
          confirmLabel="Publish"
          onConfirm={async () => done(await publishTemplateAction({ id }))}
        />
      ) : (
        <span className="self-center text-sm text-emerald-800" data-testid="published-note">
          Version {version} is published
        </span>
      )}
      {publishedVersion !== null ? (
        <ConfirmDialog
          trigger={
            <button type="button" className={button}>
              Unpublish
            </button>
          }
          title="Unpublish this template?"
          description="It leaves the marketplace and becomes private again: nobody else can read or fork it. Tasks already created from it keep their copy, and forks others made stay theirs (they see no updates until you publish again)."
          confirmLabel="Unpublish"
          onConfirm={async () => done(await unpublishTemplateAction({ id }))}
        />
      ) : null}
      {updateAvailable ? (
        <ConfirmDialog
          trigger={
            <button type="button" className={button}>
              Pull version {upstreamVersion} of the origin
            </button>
          }
          title={`Pull version ${upstreamVersion} of the origin?`}
          description="Its body, mapping, condition and config become this template's next version; your name, description and sample stay."
          confirmLabel="Pull"
          onConfirm={async () => done(await pullTemplateAction({ id }))}
        />
      ) : null}
      <ConfirmDialog
        trigger={
          <button type="button" className={`${button} text-red-700`}>
            Delete
          </button>
        }
        title="Delete this template?"
        description="Tasks already created from it keep the version they pinned. Forks others made stay theirs."
        confirmLabel="Delete template"
        tone="danger"
        onConfirm={async () => {
          const result = await deleteTemplateAction({ id });
          if (result.status === 'error') return result.message;
          router.push('/templates');
          return null;
        }}
      />
    </div>
  );
}
