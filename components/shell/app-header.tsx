'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';

export type NavItem = { href: string; label: string };

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The signed-in header: inline links from the `lg` breakpoint up, a disclosure menu below it so a
 * 390 px phone never scrolls sideways. `account` is rendered by the server (email + sign-out form).
 */
export function AppHeader({ nav, account }: { nav: NavItem[]; account: ReactNode }) {
  const pathname = usePathname() ?? '';
  const [open, setOpen] = useState(false);

  const links = (className: string) =>
    nav.map((item) => (
      <Link
        key={item.href}
        href={item.href}
        aria-current={isActive(pathname, item.href) ? 'page' : undefined}
        // Following a link closes the menu.
        onClick={() => setOpen(false)}
        className={`${className} rounded px-2 py-1 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:font-semibold aria-[current=page]:text-slate-900`}
      >
        {item.label}
      </Link>
    ));

  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 sm:px-6">
        <Link href="/dashboard" className="font-bold">
          Outpost
        </Link>
        <nav aria-label="Main" className="hidden flex-wrap gap-1 text-sm text-slate-700 lg:flex">
          {links('')}
        </nav>
        <div className="ml-auto hidden min-w-0 items-center gap-3 text-sm text-slate-700 lg:flex">{account}</div>
        <button
          type="button"
          className="ml-auto rounded border border-slate-300 px-3 py-1.5 text-sm lg:hidden"
          aria-expanded={open}
          aria-controls="mobile-menu"
          onClick={() => setOpen((v) => !v)}
        >
          {open ? 'Close menu' : 'Menu'}
        </button>
      </div>
      {open ? (
        <div id="mobile-menu" className="border-t border-slate-200 px-4 pb-4 lg:hidden">
          <nav aria-label="Main" className="flex flex-col py-2 text-sm text-slate-700">
            {links('py-2')}
          </nav>
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3 text-sm text-slate-700">{account}</div>
        </div>
      ) : null}
    </header>
  );
}
