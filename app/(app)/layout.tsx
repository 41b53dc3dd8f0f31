import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOutAction } from '@/lib/actions/auth';
import { requireUserId, currentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const nav = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/connections', label: 'Connections' },
  { href: '/sandbox', label: 'Sandbox' },
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/profile', label: 'Profile' },
  { href: '/docs', label: 'API docs' },
];

export default async function AppLayout({ children }: { children: ReactNode }) {
  await requireUserId();
  const user = await currentUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <Link href="/dashboard" className="font-bold">
            Outpost
          </Link>
          <nav className="flex gap-4 text-sm text-slate-600">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="hover:text-slate-900">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span data-testid="current-user">{user?.email}</span>
            <form action={signOutAction}>
              <button className="underline" type="submit">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
