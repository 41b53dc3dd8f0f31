import { connectErrorMessage } from '@/lib/connect/messages';
import type { ConnectionListItem } from '@/lib/connect/overview';

/** The outcome of a connect flow, in words, at the top of the page. */
export function ConnectResult({ error, kind, connected, reconnected }: { error?: string; kind?: string; connected?: ConnectionListItem; reconnected: boolean }) {
  if (error) {
    return (
      <div role="alert" data-testid="connect-error" className="rounded border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
        <p className="font-medium">Nothing was connected.</p>
        <p>{connectErrorMessage(error, kind)}</p>
      </div>
    );
  }
  if (!connected) return null;
  const what = [connected.account, connected.target].filter(Boolean).join(' · ') || connected.label;
  return (
    <div role="status" data-testid="connect-success" className="rounded border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
      <p className="font-medium">
        {reconnected ? 'Reconnected' : 'Connected'}: {what}
      </p>
      <p>
        {reconnected
          ? 'The existing connection was updated, so tasks that use it keep working.'
          : `Use it in tasks as connection ${connected.id} (“${connected.label}”).`}
      </p>
    </div>
  );
}
