import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { ConnectionOption, IntegrationOption, JsonSchema, RecentInput, TaskChoice, WizardValues } from '@/lib/wizard/model';
import { configToStrings } from '@/lib/wizard/model';
import { listConnections } from '@/lib/credentials';
import { db } from '@/lib/db/client';
import { outputTasks } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { describeIntegrations } from '@/lib/integrations/describe';
import { getIntegration } from '@/lib/integrations/registry';
import { getOwnedTask } from '@/lib/tasks';
import { draftOf } from './condition-draft';

const MAX_SAMPLE_CHARS = 20_000;

export function integrationOptions(): IntegrationOption[] {
  return describeIntegrations().map((i) => ({
    kind: i.kind,
    displayName: i.displayName,
    description: i.description,
    authType: i.authType,
    connection: i.connection,
    configSchema: i.configSchema as JsonSchema,
    secretSchema: (i.secretSchema as JsonSchema | null) ?? null,
    defaultTemplate: getIntegration(i.kind)?.defaultTemplate ?? '',
  }));
}

export async function connectionOptions(userId: string): Promise<ConnectionOption[]> {
  const rows = await listConnections(userId);
  return rows.map((c) => ({ id: c.id, kind: c.kind, label: c.label, status: c.status, hint: c.hint ?? '' }));
}

const taskLabel = (t: { id: string; name: string | null; kind: string }) => `${t.name ?? `Task ${t.id.slice(0, 8)}`} (${t.kind})`;

/** Recent tasks: their inputs as samples, and as tasks a new one can wait for. */
export async function recentTaskOptions(userId: string): Promise<{ recentInputs: RecentInput[]; taskChoices: TaskChoice[] }> {
  const rows = await db
    .select({ id: outputTasks.id, name: outputTasks.name, kind: outputTasks.kind, input: outputTasks.input })
    .from(outputTasks)
    .where(eq(outputTasks.userId, userId))
    .orderBy(desc(outputTasks.createdAt))
    .limit(50);
  return {
    recentInputs: rows
      .filter((r) => JSON.stringify(r.input ?? null).length <= MAX_SAMPLE_CHARS)
      .slice(0, 10)
      .map((r) => ({ id: r.id, label: taskLabel(r), kind: r.kind, input: r.input })),
    taskChoices: rows.map((r) => ({ id: r.id, label: taskLabel(r) })),
  };
}

/** A task's definition as wizard values ("Duplicate"); its template body is copied, not re-pinned. */
export async function prefillFromTask(userId: string, id: string | undefined, integrations: IntegrationOption[]): Promise<Partial<WizardValues> | null> {
  if (!id) return null;
  let task;
  try {
    task = await getOwnedTask(userId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
  const integration = integrations.find((i) => i.kind === task.kind);
  return {
    kind: task.kind,
    connectionId: task.connectionId ?? '',
    templateSource: 'write',
    templateId: '',
    template: task.template ?? integration?.defaultTemplate ?? '',
    inputText: JSON.stringify(task.input, null, 2),
    mapping: Object.entries(task.mapping ?? {}).map(([variable, field]) => ({
      variable,
      path: typeof field === 'string' ? field : String((field as { path?: unknown })?.path ?? ''),
    })),
    condition: draftOf(task.condition),
    config: integration ? configToStrings(integration.configSchema, task.config) : {},
    name: task.name ? `${task.name} (copy)` : '',
  };
}

export { templateOptions } from './template-options';
