import { ApiKeyManager } from '@/components/api-keys/api-key-manager';
import { listApiKeys } from '@/lib/auth/api-keys';
import { requireUserId } from '@/lib/auth/session';

export default async function ApiKeysPage() {
  const userId = await requireUserId();
  const keys = await listApiKeys(userId);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Agents call the REST API with <code>Authorization: Bearer &lt;key&gt;</code>.
        </p>
      </div>
      <ApiKeyManager
        keys={keys.map((k) => ({
          ...k,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        }))}
      />
    </div>
  );
}
