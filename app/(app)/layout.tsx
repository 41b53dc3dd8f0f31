import type { ReactNode } from 'react';
import { AppHeader, type NavItem } from '@/components/shell/app-header';
import { signOutAction } from '@/lib/actions/auth';
import { isAdminEmail } from '@/lib/auth/admins';
import { requireUserId, currentUser } from '@/lib/auth/session';
import { countAwaitingApproval } from '@/lib/tasks';

export const dynamic = 'force-dynamic';

const baseNav: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/tasks/new', label: 'New task' },
  { href: '/templates', label: 'Templates' },
  { href: '/marketplace', label: 'Marketplace' },
  { href: '/connections', label: 'Connections' },
  { href: '/events', label: 'Events' },
  { href: '/sandbox', label: 'Sandbox' },
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/profile', label: 'Profile' },
  { href: '/docs', label: 'API docs' },
];

export default async function AppLayout({ children }: { children: ReactNode }) {
  const userId = await requireUserId();
  const [user, awaiting] = await Promise.all([currentUser(), countAwaitingApproval(userId)]);
  // The count says at a glance that something waits for a person.
  const nav = [...baseNav.slice(0, 2), { href: '/approvals', label: awaiting ? `Approvals (${awaiting})` : 'Approvals' }, ...baseNav.slice(2)];
  const account = (
    <>
      <span data-testid="current-user" className="min-w-0 truncate">
        {user?.email}
      </span>
      <form action={signOutAction}>
        <button className="underline" type="submit">
          Sign out
        </button>
      </form>
    </>
  );
  return (
    <div className="min-h-screen">
      <AppHeader nav={isAdminEmail(user?.email) ? [...nav, { href: '/system', label: 'System' }] : nav} account={account} />
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
