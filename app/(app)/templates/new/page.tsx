import { TemplateEditor } from '@/components/templates/template-editor';
import { requireUserId } from '@/lib/auth/session';
import { listIntegrations } from '@/lib/integrations/registry';

export const metadata = { title: 'New template · Outpost' };

export default async function NewTemplatePage() {
  await requireUserId();
  const integrations = listIntegrations();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New template</h1>
      <TemplateEditor
        template={null}
        kinds={integrations.map((i) => ({ kind: i.kind, displayName: i.displayName }))}
        defaults={Object.fromEntries(integrations.map((i) => [i.kind, i.defaultTemplate]))}
      />
    </div>
  );
}
