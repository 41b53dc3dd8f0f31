import 'server-only';
import type { TemplateOption, TemplateSourceKind } from '@/lib/wizard/model';
import { listStarters, listTemplates, searchMarketplace, type TemplateView } from '@/lib/templates/library';

const toOption = (source: TemplateSourceKind) => (t: TemplateView): TemplateOption => ({
  id: t.id,
  source,
  kind: t.kind,
  name: t.name,
  description: t.description,
  author: t.author.name,
  version: source === 'marketplace' ? (t.publishedVersion ?? t.version) : t.version,
  body: t.body,
  sampleInput: t.sampleInput,
  mapping: t.mapping,
  condition: t.condition,
  config: t.config,
});

/** Starters, the user's own templates and other users' published ones, for the wizard's template step. */
export async function templateOptions(userId: string): Promise<TemplateOption[]> {
  const [starters, own, shared] = await Promise.all([listStarters(), listTemplates(userId, { limit: 100 }), searchMarketplace(userId, { limit: 50 })]);
  const ownIds = new Set(own.data.map((t) => t.id));
  return [
    ...starters.map(toOption('starter')),
    ...own.data.map(toOption('own')),
    ...shared.data.filter((t) => !ownIds.has(t.id)).map(toOption('marketplace')),
  ];
}
