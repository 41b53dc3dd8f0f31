import Link from 'next/link';
import { notFound } from 'next/navigation';
import { kindLabel, formatWhen } from '@/components/tasks/format';
import { BodyDiff } from '@/components/templates/body-diff';
import { ForkButton, OwnerActions } from '@/components/templates/template-actions';
import { TemplateEditor } from '@/components/templates/template-editor';
import { ProviderPreview } from '@/components/wizard/provider-preview';
import { requireUserId } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { listIntegrations } from '@/lib/integrations/registry';
import { diffWithUpstream, getTemplate, templateVersionList } from '@/lib/templates/library';

export const metadata = { title: 'Template · Outpost' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const versionParam = (raw: string | string[] | undefined) => (typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : undefined);

async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict' || error.code === 'validation_failed')) return null;
    throw error;
  }
}

export default async function TemplatePage({ params, searchParams }: Props) {
  const userId = await requireUserId();
  const { id } = await params;
  const query = await searchParams;
  const version = versionParam(query.version);
  const savedVersion = versionParam(query.saved);
  const template = await orNull(getTemplate(userId, id, version));
  if (!template) notFound();
  const [versions, diff] = await Promise.all([
    template.editable ? orNull(templateVersionList(userId, id)) : null,
    template.editable && template.forkedFrom ? orNull(diffWithUpstream(userId, id)) : null,
  ]);
  const integrations = listIntegrations();
  const oldVersion = version !== undefined && version !== template.latestVersion;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="text-sky-800 underline" href="/templates">
          Templates
        </Link>{' '}
        / <span className="text-slate-700">{template.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold">{template.name}</h1>
          <p className="mt-1 text-sm text-slate-700" data-testid="template-meta">
            {kindLabel(template.kind)} · version {template.version}
            {template.starter ? ' · starter' : ` · by ${template.author.name}`}
            {template.publishedVersion ? ` · published v${template.publishedVersion}` : ' · private'}
            {template.forks ? ` · ${template.forks} fork${template.forks === 1 ? '' : 's'}` : ''}
            {template.forkedFrom ? ` · forked from v${template.forkedFrom.version}` : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm" href="/tasks/new">
            Use in a new task
          </Link>
          {template.editable ? (
            <OwnerActions id={template.id} version={template.version} publishedVersion={template.publishedVersion} updateAvailable={template.updateAvailable} upstreamVersion={template.upstreamVersion} />
          ) : (
            <ForkButton id={template.id} label="Fork to edit" />
          )}
        </div>
      </div>

      {oldVersion ? (
        <p role="status" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          You are looking at version {template.version}. Saving it makes it the next version.{' '}
          <Link className="underline" href={`/templates/${template.id}`}>
            Back to the current version
          </Link>
        </p>
      ) : null}

      <TemplateEditor
        key={`${template.id}:${template.version}`}
        template={template}
        readOnly={!template.editable}
        savedVersion={savedVersion}
        kinds={integrations.map((i) => ({ kind: i.kind, displayName: i.displayName }))}
        defaults={{}}
      />

      {diff ? (
        <section aria-labelledby="diff-heading" className="space-y-3 rounded border border-slate-200 bg-white p-4" data-testid="upstream-diff">
          <h2 id="diff-heading" className="text-lg font-medium">
            {diff.updateAvailable ? `The origin published version ${diff.incoming.version}` : 'Up to date with the origin'}
          </h2>
          <p className="text-sm text-slate-700">
            Your version {diff.current.version} compared with the origin&apos;s version {diff.incoming.version}, both rendered from your sample.
          </p>
          <BodyDiff before={diff.current.body} after={diff.incoming.body} />
          {diff.updateAvailable ? (
            <div className="grid gap-3 md:grid-cols-2">
              <div className="min-w-0">
                <h3 className="text-sm font-medium">Yours now</h3>
                <ProviderPreview kind={template.kind} payload={diff.current.payload} />
              </div>
              <div className="min-w-0">
                <h3 className="text-sm font-medium">After pulling</h3>
                <ProviderPreview kind={template.kind} payload={diff.incoming.payload} />
              </div>
            </div>
          ) : null}
        </section>
      ) : null}

      {versions ? (
        <section aria-labelledby="versions-heading" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="versions-heading" className="text-lg font-medium">
            Versions
          </h2>
          <ol className="mt-2 space-y-1 text-sm" data-testid="versions">
            {versions.map((v) => (
              <li key={v.version}>
                <Link className="text-sky-800 underline" href={`/templates/${template.id}?version=${v.version}`}>
                  Version {v.version}
                </Link>{' '}
                <span className="text-slate-700">
                  · {formatWhen(v.createdAt.toISOString())}
                  {v.publishedAt ? ' · published' : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
