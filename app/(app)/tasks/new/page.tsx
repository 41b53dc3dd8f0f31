import { TaskWizard } from '@/components/wizard/task-wizard';
import { requireUserId } from '@/lib/auth/session';
import { connectionOptions, integrationOptions, prefillFromTask, recentTaskOptions, templateOptions } from '@/lib/wizard/options';

export const metadata = { title: 'New task · Outpost' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The task wizard: everything it offers is loaded here, server-side; it previews and creates through server actions. */
export default async function NewTaskPage({ searchParams }: Props) {
  const userId = await requireUserId();
  const from = (await searchParams).from;
  const integrations = integrationOptions();
  const [connections, templates, recent, prefill] = await Promise.all([
    connectionOptions(userId),
    templateOptions(userId),
    recentTaskOptions(userId),
    prefillFromTask(userId, typeof from === 'string' ? from : undefined, integrations),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">New task</h1>
        <p className="mt-1 text-sm text-slate-700">
          {prefill ? 'A copy of the task you duplicated; change what you need.' : 'Deliver an agent result: choose where, how it looks and when.'} Your
          draft is saved in this browser as you go.
        </p>
      </div>
      <TaskWizard
        userId={userId}
        integrations={integrations}
        connections={connections}
        templates={templates}
        recentInputs={recent.recentInputs}
        taskChoices={recent.taskChoices}
        prefill={prefill}
      />
    </div>
  );
}
