import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth/config';
import { signInPathFor } from '@/lib/auth/return-to';
import { prepareConfirmation } from '@/lib/connect/confirm';
import { connectKindInfo } from '@/lib/connect/kinds';

export const metadata: Metadata = { title: 'Connect an account · Outpost' };

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);

// GET /connect/:kind?label=&returnTo=[&site=][&link=]: asks the signed-in person to confirm; only the
// button (POST /api/connect/:kind/start) starts the flow.
export default async function ConfirmConnectPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Promise<Search> }) {
  const session = await auth();
  // A link opened while signed out stays unused, so it still works after signing in.
  if (!session?.user?.id) redirect(signInPathFor((await headers()).get('x-outpost-path') ?? ''));
  const query = await searchParams;
  const prepared = await prepareConfirmation({
    rawKind: (await params).kind,
    userId: session.user.id,
    sessionId: session.sessionId ?? null,
    query: { label: one(query.label), returnTo: one(query.returnTo), site: one(query.site), link: one(query.link) },
  });
  if (!prepared.ok) redirect(`/connections?error=${prepared.code}${prepared.kind ? `&kind=${prepared.kind}` : ''}`);
  const { kind, site, label, returnTo, intent } = prepared.confirmation;
  const provider = connectKindInfo[kind].provider;
  const destination = site ? new URL(site).host : provider;
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-4 py-10">
      <div className="space-y-5 rounded border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold break-words">
          Connect <span data-testid="connect-target">{site ?? provider}</span> to your Outpost account?
        </h1>
        <dl className="space-y-1 text-sm text-slate-700">
          <div>
            <dt className="inline font-medium">Outpost account: </dt>
            <dd className="inline break-all" data-testid="connect-account">
              {session.user.email}
            </dd>
          </div>
          {label ? (
            <div>
              <dt className="inline font-medium">Saved as: </dt>
              <dd className="inline break-words">{label}</dd>
            </div>
          ) : null}
        </dl>
        <p className="text-sm text-slate-600">
          {site
            ? `You will approve Outpost on ${destination}'s own page. Continue only if this is your site and you asked to connect it.`
            : `You will approve Outpost on ${provider}'s own page. Continue only if you asked to connect an account.`}
        </p>
        <form method="post" action={`/api/connect/${kind}/start`} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="intent" value={intent} />
          <button
            type="submit"
            className="inline-flex min-h-10 items-center justify-center rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
          >
            Continue to {destination}
          </button>
          <a href={returnTo ?? '/connections'} className="text-sm underline">
            Cancel
          </a>
        </form>
      </div>
    </main>
  );
}
