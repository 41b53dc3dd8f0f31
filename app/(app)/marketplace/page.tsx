import Link from 'next/link';
import { kindLabel } from '@/components/tasks/format';
import { MarketplaceFilters } from '@/components/templates/marketplace-filters';
import { ForkButton } from '@/components/templates/template-actions';
import { Notice } from '@/components/ui/notice';
import { requireUserId } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { integrationKinds } from '@/lib/integrations/registry';
import { marketplaceQuerySchema, searchMarketplace } from '@/lib/templates/library';

export const metadata = { title: 'Marketplace · Outpost' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export default async function MarketplacePage({ searchParams }: Props) {
  const userId = await requireUserId();
  const params = await searchParams;
  const parsed = marketplaceQuerySchema.safeParse({ q: one(params.q), kind: one(params.kind), cursor: one(params.cursor), limit: 24 });
  const query = parsed.success ? parsed.data : marketplaceQuerySchema.parse({ limit: 24 });
  let result: Awaited<ReturnType<typeof searchMarketplace>> | null = null;
  try {
    result = await searchMarketplace(userId, query);
  } catch (error) {
    // A stale or edited cursor: show the first page instead of an error.
    if (!(error instanceof AppError && error.code === 'validation_failed')) throw error;
    result = await searchMarketplace(userId, { ...query, cursor: undefined });
  }
  const next = new URLSearchParams();
  if (query.q) next.set('q', query.q);
  if (query.kind) next.set('kind', query.kind);
  if (result.nextCursor) next.set('cursor', result.nextCursor);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Marketplace</h1>
        <p className="mt-1 text-sm text-slate-700">Templates other users published. Fork one to get your own copy; it remembers where it came from and can pull later versions.</p>
      </div>
      <MarketplaceFilters q={query.q ?? ''} kind={query.kind ?? ''} kinds={integrationKinds().map((k) => ({ value: k, label: kindLabel(k) }))} />
      {result.data.length === 0 ? (
        <Notice title={query.q || query.kind ? 'No published template matches' : 'Nothing published yet'} testId="marketplace-empty">
          Publish one of{' '}
          <Link className="underline" href="/templates">
            your templates
          </Link>{' '}
          to share it.
        </Notice>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {result.data.map((t) => (
            <li key={t.id} className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4" data-testid="marketplace-card">
              <Link href={`/templates/${t.id}`} className="break-words font-medium text-sky-800 underline">
                {t.name}
              </Link>
              <p className="text-sm text-slate-700">
                {kindLabel(t.kind)} · by {t.author.name} · v{t.publishedVersion} · {t.forks} fork{t.forks === 1 ? '' : 's'}
              </p>
              {t.description ? <p className="break-words text-sm text-slate-700">{t.description}</p> : null}
              <div>
                <ForkButton id={t.id} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {result.nextCursor ? (
        <Link className="inline-block rounded border border-slate-300 bg-white px-3 py-1.5 text-sm" href={`/marketplace?${next}`}>
          More templates
        </Link>
      ) : null}
    </div>
  );
}
