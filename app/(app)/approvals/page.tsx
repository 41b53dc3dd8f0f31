import Link from 'next/link';
import { kindLabel } from '@/components/tasks/format';
import { ApprovalReview } from '@/components/tasks/approval-review';
import { BulkApprove } from '@/components/tasks/bulk-approve';
import { requireUserId } from '@/lib/auth/session';
import { listAwaitingApproval, toTaskView } from '@/lib/tasks';

export const metadata = { title: 'Approvals · Outpost' };

/** Tasks an agent created with approval "required", rendered and waiting for a person (DESIGN §3.4). */
export default async function ApprovalsPage() {
  const userId = await requireUserId();
  const tasks = (await listAwaitingApproval(userId)).map(toTaskView);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="mt-1 text-sm text-slate-600">
          What your agents are about to send, exactly as it will go out. Approve it as it is or after editing, or reject it with a reason; unanswered, it is
          skipped when it expires.
        </p>
      </div>
      {tasks.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="approvals-empty">
          Nothing is waiting for approval.
        </p>
      ) : (
        <BulkApprove ids={tasks.map((t) => t.id)} />
      )}
      {tasks.map((task) => (
        <section key={task.id} aria-label={task.name ?? `Task ${task.id.slice(0, 8)}`} className="space-y-2 rounded border border-slate-200 bg-white p-4" data-testid="approval">
          <h2 className="text-lg font-medium">
            <Link className="text-sky-800 underline" href={`/tasks/${task.id}`}>
              {task.name ?? `Task ${task.id.slice(0, 8)}`}
            </Link>{' '}
            <span className="text-sm font-normal text-slate-700">{kindLabel(task.kind)}</span>
          </h2>
          <ApprovalReview id={task.id} kind={task.kind} payload={task.approvalPayload} config={task.config} expiresAt={task.approvalExpiresAt} />
        </section>
      ))}
    </div>
  );
}
