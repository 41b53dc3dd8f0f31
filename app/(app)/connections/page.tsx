import { DataTable } from '@/components/ui/data-table';
import { ConnectionActions } from '@/components/connections/connection-actions';
import { ConnectionForm, type ConnectableKind } from '@/components/connections/connection-form';
import { requireUserId } from '@/lib/auth/session';
import { listConnections } from '@/lib/credentials';
import { describeIntegrations } from '@/lib/integrations/describe';

export default async function ConnectionsPage() {
  const userId = await requireUserId();
  const connections = await listConnections(userId);
  const kinds = describeIntegrations()
    .filter((i) => i.secretSchema)
    .map((i) => ({ kind: i.kind, displayName: i.displayName, secretSchema: i.secretSchema })) as ConnectableKind[];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Connections</h1>
        <p className="mt-1 text-sm text-slate-600">Credentials are verified when saved and stored encrypted; they are never shown again.</p>
      </div>
      <DataTable headers={['Label', 'Kind', 'Status', 'Hint', '']} isEmpty={connections.length === 0} empty="No connections yet.">
        {connections.map((c) => (
          <tr key={c.id} className="border-t border-slate-100" data-testid="connection-row">
            <td className="px-3 py-2">{c.label}</td>
            <td className="px-3 py-2">{c.kind}</td>
            <td className="px-3 py-2">{c.status}</td>
            <td className="px-3 py-2 font-mono text-xs">{c.hint}</td>
            <td className="px-3 py-2">
              <ConnectionActions id={c.id} />
            </td>
          </tr>
        ))}
      </DataTable>
      <ConnectionForm kinds={kinds} />
    </div>
  );
}
