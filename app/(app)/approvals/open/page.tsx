import Link from 'next/link';
import { redirect } from 'next/navigation';
import { requireUserId } from '@/lib/auth/session';
import { openApprovalLink } from '@/lib/tasks/approval-links';

export const metadata = { title: 'Approval link · Outpost' };

const reasons = {
  invalid: 'This approval link is not one Outpost sent.',
  used: 'This approval link was used already: links in events work once.',
  expired: 'This approval link has expired, and so has the approval it was for.',
  other_user: 'This approval link belongs to another account: sign in as the task’s owner.',
};

/** Where a task.awaiting_approval event's link lands: once, for the owner, on the task's review. */
export default async function OpenApprovalLinkPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const userId = await requireUserId();
  const { token } = await searchParams;
  const opened = typeof token === 'string' && token.length <= 100 ? await openApprovalLink(token, userId) : ({ ok: false, reason: 'invalid' } as const);
  if (opened.ok) redirect(`/tasks/${opened.taskId}`);
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Approval link</h1>
      <p role="status" data-testid="approval-link-problem" className="text-sm text-slate-800">
        {reasons[opened.reason]}
      </p>
      <p className="text-sm">
        <Link className="text-sky-800 underline" href="/approvals">
          See everything waiting for approval
        </Link>
      </p>
    </div>
  );
}
