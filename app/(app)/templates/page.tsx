import Link from 'next/link';
import { kindLabel } from '@/components/tasks/format';
import { ForkButton } from '@/components/templates/template-actions';
import { Notice } from '@/components/ui/notice';
import { requireUserId } from '@/lib/auth/session';
import { listStarters, listTemplates } from '@/lib/templates/library';

export const metadata = { title: 'Templates · Outpost' };

export default async function TemplatesPage() {
  const userId = await requireUserId();
  const [own, starters] = await Promise.all([listTemplates(userId, { limit: 100 }), listStarters()]);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Templates</h1>
          <p className="mt-1 text-sm text-slate-700">Liquid templates that turn an agent result into a post, a message or a request. Every save is a new version.</p>
        </div>
        <Link href="/templates/new" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
          New template
        </Link>
      </div>

      <section aria-labelledby="own-heading" className="space-y-3">
        <h2 id="own-heading" className="text-lg font-medium">
          My templates
        </h2>
        {own.data.length === 0 ? (
          <Notice title="No templates yet" testId="templates-empty">
            Fork a starter below, find one in the{' '}
            <Link className="underline" href="/marketplace">
              marketplace
            </Link>
            , or{' '}
            <Link className="underline" href="/templates/new">
              write one
            </Link>
            .
          </Notice>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {own.data.map((t) => (
              <li key={t.id} className="rounded border border-slate-200 bg-white p-4" data-testid="template-card">
                <Link href={`/templates/${t.id}`} className="break-words font-medium text-sky-800 underline">
                  {t.name}
                </Link>
                <p className="mt-1 text-sm text-slate-700">
                  {kindLabel(t.kind)} · version {t.version} · {t.visibility === 'shared' ? `published v${t.publishedVersion}` : 'private'}
                  {t.forkedFrom ? ' · fork' : ''}
                </p>
                {t.description ? <p className="mt-1 break-words text-sm text-slate-700">{t.description}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="starters-heading" className="space-y-3">
        <h2 id="starters-heading" className="text-lg font-medium">
          Starters
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {starters.map((t) => (
            <li key={t.id} className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4">
              <Link href={`/templates/${t.id}`} className="break-words font-medium text-sky-800 underline">
                {t.name}
              </Link>
              <p className="text-sm text-slate-700">{kindLabel(t.kind)}</p>
              <p className="break-words text-sm text-slate-700">{t.description}</p>
              <div>
                <ForkButton id={t.id} label="Fork to edit" />
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
