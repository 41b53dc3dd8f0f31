import { ConnectPanel, type ConnectOption } from '@/components/connections/connect-panel';
import { ConnectResult } from '@/components/connections/connect-result';
import { ConnectionForm, type ConnectableKind } from '@/components/connections/connection-form';
import { ConnectionList } from '@/components/connections/connection-list';
import { requireUserId } from '@/lib/auth/session';
import { connectKinds } from '@/lib/connect/kinds';
import { listConnectionsForPage } from '@/lib/connect/overview';
import { oauthProvider } from '@/lib/connect/providers';
import { env } from '@/lib/env';
import { describeIntegrations } from '@/lib/integrations/describe';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

function connectOptions(): ConnectOption[] {
  return connectKinds.map((kind) => {
    if (kind === 'wordpress') return { kind, available: true };
    const configured = oauthProvider(kind);
    return configured.ok ? { kind, available: true } : { kind, available: false, reason: `Not set up on this instance (needs ${configured.missing}).` };
  });
}

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const userId = await requireUserId();
  const params = await searchParams;
  const items = await listConnectionsForPage(userId);
  const connectedId = one(params.connected);
  const kinds = describeIntegrations()
    .filter((i) => i.secretSchema)
    .map((i) => ({ kind: i.kind, displayName: i.displayName, secretSchema: i.secretSchema })) as ConnectableKind[];
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Connections</h1>
        <p className="mt-1 text-sm text-slate-600">The accounts and webhooks your tasks deliver through. Credentials are stored encrypted and never shown again.</p>
      </div>
      <ConnectResult
        error={one(params.error)}
        kind={one(params.kind)}
        connected={connectedId ? items.find((i) => i.id === connectedId) : undefined}
        reconnected={one(params.reconnected) === '1'}
      />
      <section aria-labelledby="list-heading" className="space-y-2">
        <h2 id="list-heading" className="font-medium">
          Your connections
        </h2>
        <ConnectionList items={items} highlight={connectedId} />
      </section>
      <ConnectPanel options={connectOptions()} sandbox={Boolean(env().OUTPOST_SANDBOX_URL)} />
      <section aria-labelledby="paste-heading" className="space-y-2">
        <h2 id="paste-heading" className="font-medium">
          Or paste credentials
        </h2>
        <ConnectionForm kinds={kinds} />
      </section>
    </div>
  );
}
