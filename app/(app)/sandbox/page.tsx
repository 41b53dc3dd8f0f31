import Link from 'next/link';
import type { ReactNode } from 'react';
import { AutoRefresh } from '@/components/sandbox/auto-refresh';
import { ExampleValues } from '@/components/sandbox/example-values';
import { ProviderState } from '@/components/sandbox/provider-state';
import { RequestsTable } from '@/components/sandbox/requests-table';
import { requireUserId } from '@/lib/auth/session';
import { TARGETS, type Target } from '@/lib/sandbox/types';
import { loadSandbox, parseTarget } from './load-sandbox';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * What the local sandbox providers received (DESIGN §7), so a new user sees deliveries land. Read
 * server-side from the sandbox's control API, for the signed-in user's namespace only: the sandbox
 * is shared by everyone using this instance.
 */
export default async function SandboxPage({ searchParams }: Props) {
  const userId = await requireUserId();
  const target = parseTarget((await searchParams).target);
  const view = await loadSandbox(target, userId);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Sandbox</h1>
          <p className="mt-1 text-sm text-slate-600">
            Local stand-ins for Slack, Discord, X, WordPress and a plain HTTP receiver. What Outpost sends them with your example
            values below is listed here, with secrets redacted.
          </p>
        </div>
        {view.status === 'ok' ? <AutoRefresh /> : null}
      </div>

      {view.status === 'off' ? (
        <Notice testId="sandbox-off">
          The sandbox is off: <code>OUTPOST_SANDBOX_URL</code> is not set. <code>npm start</code> starts it unless{' '}
          <code>OUTPOST_SANDBOX=false</code>; <code>npm run sandbox</code> runs it on its own.
        </Notice>
      ) : null}

      {view.status === 'unreachable' ? (
        <Notice testId="sandbox-unreachable">
          The sandbox at <code>{view.url}</code> is not answering ({view.reason}). Is it running? <code>npm start</code> starts it, or{' '}
          <code>npm run sandbox</code> on its own.
        </Notice>
      ) : null}

      {view.status === 'ok' ? (
        <>
          <section className="space-y-2">
            <h2 className="text-lg font-medium">Provider state</h2>
            <ProviderState state={view.state} />
          </section>
          <section className="space-y-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-lg font-medium">Received requests{target ? ` — ${target}` : ''}</h2>
              <TargetFilter current={target} />
            </div>
            <RequestsTable requests={view.requests} />
          </section>
          <section className="space-y-2">
            <h2 className="text-lg font-medium">Example values for connections</h2>
            <ExampleValues examples={view.examples} />
          </section>
        </>
      ) : null}
    </div>
  );
}

function TargetFilter({ current }: { current: Target | undefined }) {
  const options: { label: string; href: string; active: boolean }[] = [
    { label: 'all', href: '/sandbox', active: !current },
    ...TARGETS.map((t) => ({ label: t, href: `/sandbox?target=${t}`, active: current === t })),
  ];
  return (
    <nav className="flex gap-3 text-sm" aria-label="Filter by target" data-testid="sandbox-target-filter">
      {options.map((o) => (
        <Link key={o.label} href={o.href} className={o.active ? 'font-semibold text-slate-900' : 'text-slate-600 underline'} aria-current={o.active ? 'page' : undefined}>
          {o.label}
        </Link>
      ))}
    </nav>
  );
}

function Notice({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid={testId}>
      {children}
    </p>
  );
}
